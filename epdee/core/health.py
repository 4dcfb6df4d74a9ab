"""Health checks behind GET /api/status: the database, the cache (Redis when configured), tenants."""

import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection

OK, ERROR = "ok", "error"


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)


def check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        connection.close_if_unusable_or_obsolete()
        return {"status": ERROR, "message": "database unreachable"}
    return {"status": OK, "latencyMs": _elapsed_ms(started)}


def check_cache() -> dict:
    backend = "redis" if settings.REDIS_URL else "local-memory"
    key = f"epdee:health:{uuid.uuid4().hex}"
    started = time.perf_counter()
    try:
        cache.set(key, "1", timeout=10)
        answered = cache.get(key) == "1"
        cache.delete(key)
    except Exception:  # the Redis client raises its own ConnectionError/TimeoutError types
        return {"status": ERROR, "backend": backend, "message": "cache unreachable"}
    if not answered:
        return {"status": ERROR, "backend": backend, "message": "cache did not return what was stored"}
    return {"status": OK, "backend": backend, "latencyMs": _elapsed_ms(started)}


def check_tenants(database_ok: bool) -> dict:
    if not database_ok:
        return {"status": ERROR, "message": "tenants unavailable without the database"}
    from .models import Tenant

    try:
        Tenant.objects.filter(status=Tenant.Status.ACTIVE).exists()
    except DatabaseError:
        return {"status": ERROR, "message": "tenants unavailable"}
    return {"status": OK}


def system_status() -> tuple[dict, bool]:
    """(body, healthy). Unhealthy when the database or the configured cache does not answer."""
    database = check_database()
    cache_check = check_cache()
    tenants = check_tenants(database["status"] == OK)
    healthy = database["status"] == OK and cache_check["status"] == OK
    body = {
        "status": "operational" if healthy else "degraded",
        "checks": {"database": database, "cache": cache_check, "tenants": tenants},
    }
    return body, healthy
