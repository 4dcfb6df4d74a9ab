"""Rules for the test suite itself: a test that starts a process is marked slow (conftest.py enforces it)."""

import subprocess
import sys

import pytest

from tests.conftest import UnmarkedSlowTest


def test_a_test_not_marked_slow_cannot_start_a_process():
    with pytest.raises(UnmarkedSlowTest, match="mark it @pytest.mark.slow"):
        subprocess.run([sys.executable, "-c", "pass"], check=True)


def test_a_test_not_marked_slow_cannot_start_one_through_a_shell_either():
    with pytest.raises(UnmarkedSlowTest, match="'sleep'"):
        subprocess.run("sleep 0", shell=True, check=True)


def test_quick_tools_are_allowed_in_any_test():
    assert subprocess.run(["openssl", "version"], capture_output=True, check=True).stdout.startswith(b"OpenSSL")


@pytest.mark.slow
def test_a_slow_test_may_start_a_process():
    assert subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True).stdout == "42\n"


@pytest.mark.django_db(transaction=True)
def test_what_the_migrations_loaded_comes_back_after_a_flush():
    from django.core.management import call_command
    from django_celery_beat.models import PeriodicTask

    from connectors.models import ApiModel, Endpoint
    from tests.conftest import MIGRATION_DATA
    from tests.support import restore_migration_data

    restore_migration_data(MIGRATION_DATA[0])  # an earlier transactional test on this worker may have flushed
    loaded = Endpoint.objects.count(), PeriodicTask.objects.count()
    assert loaded[0] > 50 and loaded[1] > 0
    restore_migration_data(MIGRATION_DATA[0])  # rows that are there are left alone
    assert (Endpoint.objects.count(), PeriodicTask.objects.count()) == loaded
    call_command("flush", "--noinput")  # what a transactional test's teardown does
    assert Endpoint.objects.count() == PeriodicTask.objects.count() == 0
    restore_migration_data(MIGRATION_DATA[0])
    assert (Endpoint.objects.count(), PeriodicTask.objects.count()) == loaded
    highest = max(ApiModel.objects.values_list("pk", flat=True))
    assert ApiModel.objects.create(name="After the restore").pk > highest  # the id sequences moved on too
