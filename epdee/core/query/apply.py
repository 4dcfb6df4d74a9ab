"""One list page from the query parameters: filtered and sorted in the database, sliced, optionally counted."""

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import QuerySet

from .errors import QueryError
from .fields import QuerySpec
from .filters import parse_filter
from .paging import parse_count, parse_limit, parse_skip
from .sorting import parse_sort


@dataclass(frozen=True)
class QueryResult:
    page: QuerySet  # sliced, not yet evaluated: one SQL query
    total: int | None  # size of the filtered set when count=true (the Total-Count header)
    skip: int
    limit: int


def apply_query(queryset: QuerySet, spec: QuerySpec, params: Mapping[str, str]) -> QueryResult:
    """Raises QueryError naming every bad parameter at once; runs the COUNT query when count=true.

    Views evaluate this and the page inside query_timeout(), which bounds both queries.
    """
    parsers = {
        "filter": lambda: parse_filter(params.get("filter") or "", spec),
        "sort": lambda: parse_sort(params.get("sort") or "", spec),
        "skip": lambda: parse_skip(params),
        "limit": lambda: parse_limit(params),
        "count": lambda: parse_count(params),
    }
    parsed, errors = {}, []
    for name, parser in parsers.items():
        try:
            parsed[name] = parser()
        except QueryError as error:
            errors.append(error)
    if errors:
        details = [detail for error in errors for detail in error.details]
        raise QueryError("; ".join(error.message for error in errors), details)
    filtered = queryset.filter(parsed["filter"])
    total = filtered.count() if parsed["count"] else None
    skip, limit = parsed["skip"], parsed["limit"]
    page = filtered.order_by(*parsed["sort"])[skip : skip + limit]
    return QueryResult(page=page, total=total, skip=skip, limit=limit)
