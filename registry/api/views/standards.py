"""communication-standards, information-standards, trust-frameworks and their versions."""

from ... import services
from ...models import (
    CommunicationStandard,
    CommunicationStandardVersion,
    InformationStandard,
    InformationStandardVersion,
    TrustFramework,
    TrustFrameworkVersion,
)
from ..serializers.standards import (
    CREATED_STANDARD_SERIALIZERS,
    CommunicationStandardSerializer,
    CommunicationStandardVersionSerializer,
    InformationStandardSerializer,
    InformationStandardVersionSerializer,
    TrustFrameworkSerializer,
    TrustFrameworkVersionSerializer,
)
from .base import RegistryListView, RegistryView

SEM_VER = ("sem_ver_major", "sem_ver_minor", "sem_ver_patch", "sem_ver_pre_release", "sem_ver_build")
VERSION_UPDATABLE = frozenset({"name", "description", "publish_time", "lifecycle_state", "url", *SEM_VER})
INFORMATION_LINKS = ("communication_standard_versions", "trust_framework_versions")


def _version_prefetches(model):
    if model is not InformationStandardVersion:
        return []
    return [
        "care_types",
        "communication_standard_versions__communication_standard",
        "trust_framework_versions__trust_framework",
    ]


class StandardViews:
    """Set per kind: model, version model, scope, serializer, path names."""

    # The docstring above is the schema's description of these operations: kept as the document had it.
    resource_model = None  # the standard's model
    id_kwarg = id_name = ""
    updatable = frozenset({"name", "description", "url", "main_version"})

    def base_queryset(self):
        return self.resource_model.objects.select_related("organization", "created_by", "updated_by")


class StandardList(StandardViews, RegistryListView):
    def post(self, request):
        data = self.validated()
        data.pop("main_version", None)  # readOnly on create
        standard = services.create_standard(self.resource_model, data, by=self.actor)
        return self.render(
            self.reloaded(standard), status=201, serializer_class=CREATED_STANDARD_SERIALIZERS[self.resource_model]
        )


class StandardDetail(StandardViews, RegistryView):
    def get(self, request, **kwargs):
        return self.render(self.object_for(self.id_kwarg, name=self.id_name))

    def patch(self, request, **kwargs):
        standard = self.object_for(self.id_kwarg, name=self.id_name)
        services.update_standard(standard, self.validated(partial=True), by=self.actor)
        return self.render(self.reloaded(standard))


class StandardVersionViews:
    resource_model = None  # the version's model
    id_kwarg = id_name = ""

    @property
    def updatable(self):
        extra = {"care_types"} if self.resource_model is InformationStandardVersion else set()
        return VERSION_UPDATABLE | extra

    def base_queryset(self):
        model = self.resource_model
        return model.objects.select_related(model.PARENT_FIELD, "created_by", "updated_by").prefetch_related(
            *_version_prefetches(model)
        )


class StandardVersionList(StandardVersionViews, RegistryListView):
    def post(self, request):
        data = self.validated()
        care_types = data.pop("care_types", [])
        links = {field: data.pop(field) for field in INFORMATION_LINKS if field in data}
        version = services.create_standard_version(
            self.resource_model, data, care_types=care_types, links=links, by=self.actor
        )
        return self.render(self.reloaded(version), status=201)


class StandardVersionDetail(StandardVersionViews, RegistryView):
    def get(self, request, **kwargs):
        return self.render(self.object_for(self.id_kwarg, name=self.id_name))

    def patch(self, request, **kwargs):
        version = self.object_for(self.id_kwarg, name=self.id_name)
        data = self.validated(partial=True)
        care_types = data.pop("care_types", None)
        services.update_standard_version(version, data, care_types=care_types, by=self.actor)
        return self.render(self.reloaded(version))


KINDS = {
    "communication-standards": (
        "CommunicationStandard",
        (CommunicationStandard, CommunicationStandardSerializer),
        (CommunicationStandardVersion, CommunicationStandardVersionSerializer),
    ),
    "information-standards": (
        "InformationStandard",
        (InformationStandard, InformationStandardSerializer),
        (InformationStandardVersion, InformationStandardVersionSerializer),
    ),
    "trust-frameworks": (
        "TrustFramework",
        (TrustFramework, TrustFrameworkSerializer),
        (TrustFrameworkVersion, TrustFrameworkVersionSerializer),
    ),
}


def _snake(name: str) -> str:
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def views_for(kind: str) -> dict:
    """The four views of one kind of standard; ids and operation ids follow the spec's naming."""
    name, (model, serializer), (version_model, version_serializer) = KINDS[kind]
    plural = f"{name}s"
    id_name = name[0].lower() + name[1:] + "Id"
    version_id_name = name[0].lower() + name[1:] + "VersionId"
    common = {"scope": kind, "resource_model": model, "serializer_class": serializer}
    version_common = {"scope": kind, "resource_model": version_model, "serializer_class": version_serializer}
    return {
        "list": StandardList.as_view(**common, operation_ids={"GET": f"list{plural}", "POST": f"add{name}"}),
        "detail": StandardDetail.as_view(
            **common,
            id_kwarg=_snake(id_name),
            id_name=id_name,
            operation_ids={"GET": f"get{name}ById", "PATCH": f"update{name}"},
        ),
        "version_list": StandardVersionList.as_view(
            **version_common, operation_ids={"GET": f"list{name}Versions", "POST": f"add{name}Version"}
        ),
        "version_detail": StandardVersionDetail.as_view(
            **version_common,
            id_kwarg=_snake(version_id_name),
            id_name=version_id_name,
            operation_ids={"GET": f"get{name}VersionById", "PATCH": f"update{name}Version"},
        ),
    }
