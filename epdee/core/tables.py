"""Sorting and pagination for dashboard tables, from the query string."""

from dataclasses import dataclass

from django.core.paginator import Paginator

DEFAULT_PAGE_SIZE = 25


@dataclass
class Column:
    key: str
    label: str
    order_by: str | None = None  # None: not sortable


@dataclass
class Table:
    columns: list[Column]
    page: object
    sort: str
    query: str  # the query string without page and sort, for links

    @property
    def rows(self):
        return self.page.object_list


def build_table(
    request, queryset, columns: list[Column], *, default_sort: str, page_size: int = DEFAULT_PAGE_SIZE
) -> Table:
    """Sort by ?sort=key or ?sort=-key (only the listed columns), then paginate by ?page=N."""
    sortable = {column.key: column.order_by for column in columns if column.order_by}
    sort = request.GET.get("sort", default_sort)
    key = sort.removeprefix("-")
    if key not in sortable:
        sort, key = default_sort, default_sort.removeprefix("-")
    descending = sort.startswith("-")
    order = sortable[key]
    queryset = queryset.order_by(f"-{order}" if descending else order, "pk")
    page = Paginator(queryset, page_size).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("sort", None)
    return Table(columns=columns, page=page, sort=sort, query=params.urlencode())
