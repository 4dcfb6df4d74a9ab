"""What every registry resource has: a UUID, bookkeeping fields, and (for versions) a SemVer."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class RegistryModel(models.Model):
    """id, createTime, updateTime, createdByUserId and updatedByUserId of the spec's BasicResponse."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    create_time = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    update_time = models.DateTimeField(default=timezone.now, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    def touch(self, user):
        self.update_time = timezone.now()
        self.updated_by = user


class SemVerFields(models.Model):
    sem_ver_major = models.PositiveIntegerField()
    sem_ver_minor = models.PositiveIntegerField()
    sem_ver_patch = models.PositiveIntegerField()
    sem_ver_pre_release = models.CharField(max_length=255, blank=True, default="")
    sem_ver_build = models.CharField(max_length=255, blank=True, default="")

    class Meta:
        abstract = True
