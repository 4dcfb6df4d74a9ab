"""Forms of the supplier dashboard: a new connector or version, the technical design picker, the intake form."""

from dataclasses import dataclass, field

from django import forms

from epdee.core.forms import ApplicationErrorFormMixin, HoneypotField, ServiceForm

from .models import ApiModelField, ConnectorVersion, Endpoint, Supplier, SupplierIntakeRequest
from .selectors import design_of


class NewConnectorForm(ServiceForm):
    supplier = forms.ModelChoiceField(queryset=Supplier.objects.none(), empty_label=None)
    name = forms.CharField(max_length=120, widget=forms.TextInput(attrs={"placeholder": "e.g. Appointment sync"}))
    description = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "What the connector does, for whom"}),
    )

    def __init__(self, suppliers, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = Supplier.objects.filter(pk__in=[supplier.pk for supplier in suppliers])
        self.only_supplier = suppliers[0] if len(suppliers) == 1 else None
        if self.only_supplier:  # the only supplier goes without asking
            self.fields["supplier"].required = False
            self.fields["supplier"].widget = forms.HiddenInput()

    def clean_supplier(self):
        return self.cleaned_data.get("supplier") or self.only_supplier


class NewVersionForm(ServiceForm):
    based_on = forms.ModelChoiceField(
        queryset=ConnectorVersion.objects.none(),
        required=False,
        empty_label=None,
        label="Copy the technical design of",
    )

    def __init__(self, versions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = versions
        self.fields["based_on"].label_from_instance = lambda v: f"Version {v.number} ({v.get_stage_display()})"


@dataclass
class FieldChoice:
    field: ApiModelField
    checked: bool

    @property
    def name(self) -> str:
        return self.field.path.rsplit(".", 1)[-1]


@dataclass
class EndpointChoice:
    endpoint: Endpoint
    checked: bool
    fields: list[FieldChoice]
    hidden: bool = False  # filtered out by the search (still in the form, so saving keeps it)

    @property
    def selectable(self) -> bool:
        """seed 000: a deprecated endpoint cannot be newly enabled; one already enabled may stay or go."""
        return self.checked if self.endpoint.is_deprecated else True

    @property
    def allowed_count(self) -> int:
        return sum(choice.checked for choice in self.fields)

    @property
    def field_groups(self) -> list[list[FieldChoice]]:
        """Each top-level field with the fields nested in it, so a column never splits an object."""
        groups: list[list[FieldChoice]] = []
        for choice in self.fields:
            if choice.field.depth == 0 or not groups:
                groups.append([])
            groups[-1].append(choice)
        return groups


@dataclass
class ResourceGroup:
    resource: str
    endpoints: list[EndpointChoice] = field(default_factory=list)

    @property
    def hidden(self) -> bool:
        return all(choice.hidden for choice in self.endpoints)

    @property
    def enabled_count(self) -> int:
        return sum(choice.checked for choice in self.endpoints)


def _matches(endpoint: Endpoint, terms: list[str]) -> bool:
    return all(term in search_text(endpoint) for term in terms)


def search_text(endpoint: Endpoint) -> str:
    """What the endpoint search looks in (the same text the page's script filters on)."""
    model = endpoint.api_model.name if endpoint.api_model_id else ""
    return " ".join([endpoint.method, endpoint.path, endpoint.resource, model, endpoint.description]).lower()


class DesignForm(ServiceForm):
    """The whole technical design in one form: the endpoint mode, the ticked endpoints (`endpoint`) and per
    endpoint the ticked field paths (`field-<endpoint id>`); saved by services.update_design."""

    service_field_names = {"endpoints": "endpoint"}

    endpoint_mode = forms.ChoiceField(choices=ConnectorVersion.EndpointMode.choices, widget=forms.RadioSelect)
    endpoint = forms.ModelMultipleChoiceField(queryset=Endpoint.objects.all(), required=False)

    def __init__(self, version, data=None):
        super().__init__(data=data, initial={"endpoint_mode": version.endpoint_mode})
        self.version = version
        self.saved = {endpoint.pk: set(paths) for endpoint, paths in design_of(version).items()}

    def design(self) -> dict:
        """{endpoint: [field paths]} for services.update_design; fields of unticked endpoints are ignored."""
        return {endpoint: self.data.getlist(f"field-{endpoint.pk}") for endpoint in self.cleaned_data["endpoint"]}

    def _state(self) -> dict[int, set[str]]:
        """What the picker shows ticked: what was posted (to keep a refused change on screen), else what is saved."""
        if not self.is_bound:
            return self.saved
        state = {}
        for value in self.data.getlist("endpoint"):
            if value.isdigit():
                state[int(value)] = set(self.data.getlist(f"field-{value}"))
        return state

    def groups(self, query: str = "", *, only_enabled: bool = False) -> list[ResourceGroup]:
        """The catalog grouped by resource, with what is ticked; `query` hides rows that do not match."""
        state = self._state()
        endpoints = Endpoint.objects.select_related("api_model", "replacement").order_by("resource", "path", "method")
        if only_enabled:
            endpoints = endpoints.filter(pk__in=state)
        endpoints = list(endpoints)
        model_ids = {endpoint.api_model_id for endpoint in endpoints if endpoint.filters_fields}
        fields_by_model: dict[int, list[ApiModelField]] = {}
        for model_field in ApiModelField.objects.filter(api_model_id__in=model_ids).order_by("position", "path"):
            fields_by_model.setdefault(model_field.api_model_id, []).append(model_field)
        terms = query.lower().split()
        groups: dict[str, ResourceGroup] = {}
        for endpoint in endpoints:
            allowed = state.get(endpoint.pk, set())
            model_fields = fields_by_model.get(endpoint.api_model_id, []) if endpoint.filters_fields else []
            choice = EndpointChoice(
                endpoint=endpoint,
                checked=endpoint.pk in state,
                fields=[FieldChoice(model_field, model_field.path in allowed) for model_field in model_fields],
                hidden=not _matches(endpoint, terms),
            )
            groups.setdefault(endpoint.resource, ResourceGroup(endpoint.resource)).endpoints.append(choice)
        return list(groups.values())


class IntakeForm(ApplicationErrorFormMixin, forms.ModelForm):
    """The public request of a software party to connect; `fax` is a honeypot that people never see."""

    fax = HoneypotField()
    website = forms.URLField(
        required=False,
        assume_scheme="https",
        help_text="Optional, e.g. https://example.nl",
        widget=forms.URLInput(attrs={"autocomplete": "url", "placeholder": "https://"}),
    )

    class Meta:
        model = SupplierIntakeRequest
        fields = ["company_name", "contact_name", "contact_email", "phone", "website", "message"]
        labels = {"contact_email": "E-mail address", "company_name": "Company name", "contact_name": "Your name"}
        widgets = {
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "message": forms.Textarea(attrs={"rows": 5}),
        }

    def intake_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
