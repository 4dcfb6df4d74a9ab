"""Benchmark: a registry list request with the query language vs a hand-written ORM query + plain DRF view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/epdee_bench .venv/bin/python bench/registry_list.py

Loads 100,000 API specification versions into its own PostgreSQL database (once; reused on later runs),
then times 200 requests of each, interleaved, in one run:
  - GET /api-specification-versions with a three-clause filter (one any()), a two-key sort, count=true, limit=100
  - the same page from a plain DRF APIView: a hand-written ORM query and the same serializer
and prints p50/p95 and the ratio (target: <= 1.2), plus the SQL queries per request at limit 10 and 100.
"""

import os
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from postgres import start_django  # bench/postgres.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "epdee.settings")
os.environ.setdefault("DEBUG", "1")
os.environ["REGISTRY_RATE_LIMIT"] = "100000000/min"
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

VERSIONS = 100_000
REQUESTS = 200
FILTER = 'and(eq(lifecycleState,"PUBLISHED"),gte(semVer.major,2),any(urls,eq($it.type,"OPENAPI_SPECIFICATION")))'
SORT = "desc(publishTime),asc(name)"


def main():
    start_django()
    user = _load()
    _measure(user)


def _load():
    from django.db import transaction

    from epdee.core.models import User
    from registry.models import (
        ApiSpecification,
        ApiSpecificationVersion,
        ApiSpecificationVersionUrl,
        Organization,
        OrganizationMembership,
    )

    user, _ = User.objects.get_or_create(email="bench@epdee.example", defaults={"is_staff": True})
    if ApiSpecificationVersion.objects.count() >= VERSIONS:
        return user
    started = time.perf_counter()
    who = {"created_by": user, "updated_by": user}
    styles = ["REST", "SOAP", "GRAPHQL"]
    states = ["CREATED", "PUBLISHED", "PUBLISHED", "DEPRECATED"]
    url_types = ["FUNCTIONAL_DESIGN", "TECHNICAL_DESIGN", "OPENAPI_SPECIFICATION", "OTHER"]
    base_time = datetime(2020, 1, 1, tzinfo=UTC)
    with transaction.atomic():
        organizations = Organization.objects.bulk_create(
            Organization(name=f"Organization {i}", email_address=f"org{i}@example.test", **who) for i in range(50)
        )
        OrganizationMembership.objects.bulk_create(
            OrganizationMembership(organization=org, user=user, **who) for org in organizations
        )
        specifications = ApiSpecification.objects.bulk_create(
            ApiSpecification(
                organization=organizations[i % 50], name=f"API {i:05d}", architectural_style=styles[i % 3], **who
            )
            for i in range(VERSIONS // 20)
        )
    for chunk in range(0, VERSIONS, 10_000):
        with transaction.atomic():
            versions = ApiSpecificationVersion.objects.bulk_create(
                ApiSpecificationVersion(
                    api_specification=specifications[i // 20],
                    name=f"{i % 7}.{i % 20}.0",
                    publish_time=base_time + timedelta(minutes=i),
                    lifecycle_state=states[i % 4],
                    sem_ver_major=i % 7,
                    sem_ver_minor=i % 20,
                    sem_ver_patch=0,
                    **who,
                )
                for i in range(chunk, chunk + 10_000)
            )
            ApiSpecificationVersionUrl.objects.bulk_create(
                ApiSpecificationVersionUrl(
                    version=version, type=url_types[(n + k) % 4], url=f"https://example.test/{n}/{k}", **who
                )
                for n, version in enumerate(versions)
                for k in range(2)
            )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded {VERSIONS} versions (+{2 * VERSIONS} urls) in {time.perf_counter() - started:.1f}s")
    return user


def _baseline_view():
    """The same page without the query language: a hand-written ORM query and the same serializer."""
    from django.db.models import Exists, OuterRef
    from rest_framework.response import Response

    from registry.api.serializers.specifications import ApiSpecificationVersionSerializer
    from registry.api.views.base import RegistryView
    from registry.api.views.specifications import VersionViews
    from registry.models import ApiSpecificationVersionUrl

    class Baseline(VersionViews, RegistryView):
        operation_ids = {"GET": "listApiSpecificationVersions"}

        def get(self, request):
            urls = ApiSpecificationVersionUrl.objects.filter(version=OuterRef("pk"), type="OPENAPI_SPECIFICATION")
            queryset = (
                self.base_queryset()
                .filter(lifecycle_state="PUBLISHED", sem_ver_major__gte=2)
                .filter(Exists(urls))
                .order_by("-publish_time", "name", "pk")
            )
            total = queryset.count()
            data = ApiSpecificationVersionSerializer(queryset[:100], many=True).data
            return Response(data, headers={"Total-Count": str(total)})

    return Baseline.as_view()


def _measure(user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIRequestFactory

    from registry.api.views.specifications import ApiSpecificationVersionList
    from tests.registry.fixtures import token_for

    factory = APIRequestFactory()
    header = {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)}"}
    registry_view = ApiSpecificationVersionList.as_view()
    baseline_view = _baseline_view()
    params = {"filter": FILTER, "sort": SORT, "count": "true", "limit": "100"}

    def registry_call(limit="100"):
        response = registry_view(factory.get("/", {**params, "limit": limit}, **header))
        response.render()
        return response

    def baseline_call():
        response = baseline_view(factory.get("/", **header))
        response.render()
        return response

    first, second = registry_call(), baseline_call()
    assert first.status_code == second.status_code == 200, (first.content[:300], second.content[:300])
    assert first.content == second.content, "the two pages differ"
    assert first["Total-Count"] == second["Total-Count"]
    for _ in range(10):  # warm up both
        registry_call()
        baseline_call()
    timings = {"registry": [], "baseline": []}
    for _ in range(REQUESTS):
        for name, call in (("registry", registry_call), ("baseline", baseline_call)):
            started = time.perf_counter()
            call()
            timings[name].append((time.perf_counter() - started) * 1000)
    queries = {}
    for limit in ("10", "100"):
        with CaptureQueriesContext(connection) as captured:
            registry_call(limit)
        queries[limit] = len(captured)

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1]

    print(f"rows matching the filter: {first['Total-Count']}, page size 100, {REQUESTS} requests each")
    for name, values in timings.items():
        print(f"{name:9s} p50 {p(values, 50):7.2f} ms   p95 {p(values, 95):7.2f} ms")
    ratio = p(timings["registry"], 50) / p(timings["baseline"], 50)
    print(f"ratio p50 registry/baseline: {ratio:.3f} (target <= 1.2)")
    print(f"SQL queries per request: limit 10 -> {queries['10']}, limit 100 -> {queries['100']}")


if __name__ == "__main__":
    main()
