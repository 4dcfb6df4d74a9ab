"""api-requirements-versions and their api-requirements."""

from functools import cached_property

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from epdee.core.errors import NotFound

from ... import services
from ...models import ApiRequirement, ApiRequirementClassification, ApiRequirementsVersion
from ..serializers.requirements import ApiRequirementSerializer, ApiRequirementsVersionSerializer
from .base import RegistryListView, RegistryView


class RequirementsVersionViews:
    scope = "api-requirements-versions"
    serializer_class = ApiRequirementsVersionSerializer
    updatable = frozenset(
        {
            "name",
            "description",
            "url",
            "publish_time",
            "lifecycle_state",
            "sem_ver_major",
            "sem_ver_minor",
            "sem_ver_patch",
            "sem_ver_pre_release",
            "sem_ver_build",
        }
    )

    def base_queryset(self):
        return ApiRequirementsVersion.objects.select_related("created_by", "updated_by")

    def by_name(self) -> ApiRequirementsVersion:
        version = RequirementsVersionViews.base_queryset(self).filter(name=self.kwargs["version_name"]).first()
        if version is None:
            raise NotFound(_("The resource you requested does not exist"))
        return version


class RequirementsVersionList(RequirementsVersionViews, RegistryListView):
    operation_ids = {"GET": "listApiRequirementsVersions", "POST": "addApiRequirementsVersion"}

    def post(self, request):
        data = self.validated()
        requirements = data.pop("requirements")
        version = services.create_requirements_version(data, requirements, by=self.actor)
        return self.render(self.reloaded(version), status=201)


class RequirementsVersionDetail(RequirementsVersionViews, RegistryView):
    operation_ids = {"GET": "getApiRequirementsVersionByName", "PATCH": "updateApiRequirementsVersion"}

    def get(self, request, version_name):
        return self.render(self.by_name())

    def patch(self, request, version_name):
        version = self.by_name()
        services.update_requirements_version(version, self.validated(partial=True), by=self.actor)
        return self.render(self.reloaded(version))


class RequirementList(RequirementsVersionViews, RegistryListView):
    operation_ids = {"GET": "listApiRequirementsVersionApiRequirements"}
    serializer_class = ApiRequirementSerializer

    @cached_property
    def version(self):
        return self.by_name()

    def base_queryset(self):
        return (
            ApiRequirement.objects.filter(version=self.version)
            .select_related("created_by", "updated_by")
            .prefetch_related(Prefetch("classifications", ApiRequirementClassification.objects.order_by("position")))
        )
