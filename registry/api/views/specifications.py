"""api-specifications, api-specification-versions with urls, declarations and standard links."""

from functools import cached_property

from django.db.models import Prefetch

from ... import services
from ...models import (
    ApiSpecification,
    ApiSpecificationVersion,
    ApiSpecificationVersionUrl,
    CommunicationStandardVersion,
    DeclarationOfConformity,
    InformationStandardVersion,
    TrustFrameworkVersion,
)
from ..serializers.specifications import (
    ApiSpecificationSerializer,
    ApiSpecificationVersionSerializer,
    CreatedApiSpecificationSerializer,
    DeclarationSerializer,
    UrlSerializer,
)
from .base import RegistryListView, RegistryView

SEM_VER = ("sem_ver_major", "sem_ver_minor", "sem_ver_patch", "sem_ver_pre_release", "sem_ver_build")


def version_prefetches(prefix: str = "") -> list:
    """What an API specification version shows: urls, standard versions with their standard."""
    return [
        Prefetch(f"{prefix}urls", ApiSpecificationVersionUrl.objects.order_by("create_time")),
        Prefetch(
            f"{prefix}communication_standard_versions",
            CommunicationStandardVersion.objects.select_related("communication_standard"),
        ),
        Prefetch(
            f"{prefix}information_standard_versions",
            InformationStandardVersion.objects.select_related("information_standard"),
        ),
        Prefetch(f"{prefix}trust_framework_versions", TrustFrameworkVersion.objects.select_related("trust_framework")),
    ]


class SpecificationViews:
    scope = "api-specifications"
    serializer_class = ApiSpecificationSerializer
    updatable = frozenset({"name", "description", "main_version"})

    def base_queryset(self):
        return ApiSpecification.objects.select_related("organization", "created_by", "updated_by")


class ApiSpecificationList(SpecificationViews, RegistryListView):
    operation_ids = {"GET": "listApiSpecifications", "POST": "addApiSpecification"}

    def post(self, request):
        data = self.validated()
        data.pop("main_version", None)  # a new specification has no versions yet
        specification = services.create_api_specification(data, by=self.actor)
        return self.render(self.reloaded(specification), status=201, serializer_class=CreatedApiSpecificationSerializer)


class ApiSpecificationDetail(SpecificationViews, RegistryView):
    operation_ids = {"GET": "getApiSpecificationById", "PATCH": "updateApiSpecification"}

    def get(self, request, api_specification_id):
        return self.render(self.object_for("api_specification_id", name="apiSpecificationId"))

    def patch(self, request, api_specification_id):
        specification = self.object_for("api_specification_id", name="apiSpecificationId")
        services.update_api_specification(specification, self.validated(partial=True), by=self.actor)
        return self.render(self.reloaded(specification))


class VersionViews:
    scope = "api-specifications"
    serializer_class = ApiSpecificationVersionSerializer
    updatable = frozenset({"name", "description", "publish_time", "lifecycle_state", *SEM_VER})

    def base_queryset(self):
        return ApiSpecificationVersion.objects.select_related(
            "api_specification", "created_by", "updated_by", "last_declaration__requirements_version"
        ).prefetch_related(*version_prefetches())


LINK_FIELDS = ("communication_standard_versions", "information_standard_versions", "trust_framework_versions")


class ApiSpecificationVersionList(VersionViews, RegistryListView):
    operation_ids = {"GET": "listApiSpecificationVersions", "POST": "addApiSpecificationVersion"}

    def post(self, request):
        data = self.validated()
        urls = data.pop("urls", [])
        links = {field: data.pop(field) for field in LINK_FIELDS if field in data}
        version = services.create_api_specification_version(data, urls=urls, links=links, by=self.actor)
        return self.render(self.reloaded(version), status=201)


class ApiSpecificationVersionDetail(VersionViews, RegistryView):
    operation_ids = {"GET": "getApiSpecificationVersionById", "PATCH": "updateApiSpecificationVersion"}

    def get(self, request, api_specification_version_id):
        return self.render(self.object_for("api_specification_version_id", name="apiSpecificationVersionId"))

    def patch(self, request, api_specification_version_id):
        version = self.object_for("api_specification_version_id", name="apiSpecificationVersionId")
        services.update_api_specification_version(version, self.validated(partial=True), by=self.actor)
        return self.render(self.reloaded(version))


class VersionPart:
    """URLs and declarations of one API specification version."""

    scope = "api-specifications"

    @cached_property
    def version(self) -> ApiSpecificationVersion:
        return self.object_for(
            "api_specification_version_id",
            ApiSpecificationVersion.objects.select_related("api_specification"),
            name="apiSpecificationVersionId",
        )


class Urls(VersionPart):
    serializer_class = UrlSerializer
    updatable = frozenset({"type", "url"})

    def base_queryset(self):
        return ApiSpecificationVersionUrl.objects.filter(version=self.version).select_related(
            "created_by", "updated_by", "version__api_specification"
        )


class UrlList(Urls, RegistryListView):
    operation_ids = {"GET": "listApiSpecificationVersionUrls", "POST": "addApiSpecificationVersionUrl"}

    def post(self, request, api_specification_version_id):
        url = services.add_url(self.version, self.validated(), by=self.actor)
        return self.render(self.reloaded(url), status=201)


class UrlDetail(Urls, RegistryView):
    operation_ids = {
        "GET": "getApiSpecificationVersionUrlById",
        "PATCH": "updateApiSpecificationVersionUrl",
        "DELETE": "deleteApiSpecificationVersionUrl",
    }

    def get(self, request, api_specification_version_id, url_id):
        return self.render(self.object_for("url_id", name="urlId"))

    def patch(self, request, api_specification_version_id, url_id):
        url = self.object_for("url_id", name="urlId")
        services.update_url(url, self.validated(partial=True), by=self.actor)
        return self.render(self.reloaded(url))

    def delete(self, request, api_specification_version_id, url_id):
        services.delete_url(self.object_for("url_id", name="urlId"), by=self.actor)
        return self.no_content()


class Declarations(VersionPart):
    serializer_class = DeclarationSerializer

    def base_queryset(self):
        return DeclarationOfConformity.objects.filter(version=self.version).select_related(
            "requirements_version", "created_by", "updated_by"
        )


class DeclarationList(Declarations, RegistryListView):
    operation_ids = {
        "GET": "listApiSpecificationVersionDeclarationsOfConformity",
        "POST": "addApiSpecificationVersionDeclarationOfConformity",
    }

    def post(self, request, api_specification_version_id):
        data = self.validated()
        declaration = services.add_declaration(
            self.version, data["requirements_version"], data["requirements"], by=self.actor
        )
        return self.render(self.reloaded(declaration), status=201)


class DeclarationDetail(Declarations, RegistryView):
    operation_ids = {"GET": "getApiSpecificationVersionDeclarationOfConformityById"}

    def get(self, request, api_specification_version_id, declaration_of_conformity_id):
        return self.render(self.object_for("declaration_of_conformity_id", name="declarationOfConformityId"))
