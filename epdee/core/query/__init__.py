"""The ZorgAPIs filter/sort/skip/limit/count query language, for every list endpoint that declares its fields.

Declare a QuerySpec per list operation, then in the view:

    with query_timeout():
        result = apply_query(queryset, spec, request.query_params)
        items = list(result.page)

and answer QueryError with 400 and its details.
"""

from .apply import QueryResult, apply_query
from .errors import QueryError
from .fields import Field, ListField, QuerySpec, ValueType
from .filters import parse_filter
from .sorting import parse_sort
from .timeout import query_timeout

__all__ = [
    "Field",
    "ListField",
    "QueryError",
    "QueryResult",
    "QuerySpec",
    "ValueType",
    "apply_query",
    "parse_filter",
    "parse_sort",
    "query_timeout",
]
