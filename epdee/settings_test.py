"""Settings for the test suite: the laptop defaults (plain HTTP) on whatever DATABASE_URL/REDIS_URL say."""

import os

os.environ.setdefault("DEBUG", "1")

from epdee.settings import *  # noqa: E402,F403
from epdee.settings import CACHES  # noqa: E402

# Fast hashing: the suite creates many users; production keeps Django's default hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Parallel test workers share one Redis: keep their keys apart.
CACHES["default"]["KEY_PREFIX"] = f"epdee-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run inline in tests; a test that needs a real worker starts one itself.
CELERY_TASK_ALWAYS_EAGER = True
