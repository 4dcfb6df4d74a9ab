"""The rules of ARCHITECTURE.md, checked on the source. Each rule is first shown to catch a planted violation."""

import ast
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin

from tests import architecture as rules
from tests.support import ROOT

# package → the project packages its modules may import (besides itself and Django and the libraries).
ALLOWED = {
    "epdee.core": set(),
    "epdee.clinic": {"epdee.core"},
    "epdee.platform": {"epdee.clinic", "epdee.core", "connectors", "certificates"},
    "epdee.dataexit": {"epdee.clinic", "epdee.core"},
    "registry": {"epdee.core"},
    "connectors": {"epdee.core"},
    "certificates": {"connectors", "epdee.core"},
    "connectors.gateway": {"connectors", "certificates", "epdee.clinic", "epdee.core"},
}
PROJECT = ("epdee.core", "epdee.clinic", "epdee.platform", "epdee.dataexit", "registry", "connectors", "certificates")
# Packages ARCHITECTURE.md names that later issues build; until then they must not exist half-made.
PLANNED = {"epdee/integrations": "issue 15 (integrations)", "epdee/fhir": "issue 18 (FHIR)"}


def _package_of(module: str) -> str | None:
    if module.startswith("connectors.gateway"):
        return "connectors.gateway"
    return next((p for p in PROJECT if module == p or module.startswith(p + ".")), None)


def _modules(package: str):
    folder = ROOT / Path(*package.split("."))
    for path in folder.rglob("*.py"):
        relative = path.relative_to(ROOT).with_suffix("")
        name = ".".join(relative.parts).removesuffix(".__init__")
        if _package_of(name) == package:
            yield name, path


def _imports(module: str, path: Path):
    """Absolute names of the project modules imported by the file, relative imports resolved."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


def _project_files():
    for package in rules.PROJECT_PACKAGES:
        for path in rules.module_files(package):
            yield rules.relative(path), path


def _patient_models() -> set[str]:
    """Patient and every model that points at a patient, directly or through one such model (invoice lines)."""
    patient = apps.get_model("clinic", "Patient")
    found = {patient}
    for _ in range(2):
        found |= {
            model
            for model in apps.get_models()
            if any(f.many_to_one and f.related_model in found for f in model._meta.fields)
            and model._meta.app_label == "clinic"
        }
    return {model.__name__ for model in found}


# --- import arrows -------------------------------------------------------------------------------------


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_dependencies_point_one_way(package):
    wrong = []
    for module, path in _modules(package):
        for imported in _imports(module, path):
            other = _package_of(imported)
            if other and other != package and other not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert not wrong, "\n".join(sorted(set(wrong)))


def test_nothing_but_the_urlconf_imports_the_gateway():
    importers = set()
    for package in PROJECT:
        for module, path in _modules(package):
            if any(_package_of(imported) == "connectors.gateway" for imported in _imports(module, path)):
                importers.add(module)
    urlconf = ROOT / "epdee" / "urls.py"
    assert importers == set()
    assert "connectors.gateway.urls" in urlconf.read_text()


# --- services are the only writers -----------------------------------------------------------------------


def test_the_write_check_catches_writes_outside_services():
    planted = """
def view(request, patient):
    patient.save()
    Patient.objects.create(name="x")
    Patient.objects.filter(pk=1).update(name="y")
    patient.delete()
    form.save()
    context.update(name="fine")
    cache.delete("key")
    request.session.save()
"""
    found = [finding.text.split("(")[0] for finding in rules.write_calls(planted)]
    assert found == ["patient.save", "Patient.objects.create", "Patient.objects.filter", "patient.delete", "form.save"]


def test_only_services_write_rows():
    wrong = [
        str(finding)
        for relative, path in _project_files()
        if not rules.may_write(relative)
        for finding in rules.write_calls(path.read_text(), relative)
    ]
    assert not wrong, "\n".join(wrong)


# Public services that write without a role to check, each for a reason: the public's own requests, the platform's
# internal bookkeeping that other (authorising) services and tasks call, and sign-in steps that are the proof.
OPEN_SERVICES = {
    "submit_application": "anyone may apply to use Epdee (rate-limited, honeypot)",
    "submit_intake": "any software party may apply (rate-limited, honeypot)",
    "send_login_links": "a patient asks for a portal link by e-mail address (rate-limited, same answer for all)",
    "create_login_token": "made for the patient whose address matched, by send_login_links",
    "redeem_login_token": "the single-use link is the patient's proof of identity",
    "authenticate_token": "an API token is its holder's proof; using it records when it was last used",
    "insert_appointment": "the last step of booking, called by the agenda's and booking's services after their checks",
    "emit": "webhook events of changes that their own services authorised",
    "attempt_delivery": "a Celery task delivering an already recorded webhook event",
    "notify": "notifications the platform sends when its services and tasks make changes",
    "apply_changes": "the registry's row helper; its callers authorise",
    "create": "the registry's row helper; its callers authorise",
    "touch": "the registry's row helper; its callers authorise",
}


def test_the_authorisation_check_catches_a_service_that_writes_without_asking():
    planted = """
def rename(patient, *, by, name):
    patient.name = name
    _store(patient)

def _store(row):
    row.save()

def archive(patient, *, by):
    require(by, "tenant.change", patient.tenant)
    _store(patient)
"""
    assert [finding.text for finding in rules.unauthorised_writers(planted)] == [
        "rename() writes without asking the permissions"
    ]


def test_every_service_that_writes_authorises_first():
    wrong = []
    for relative, path in _project_files():
        parts = Path(relative).parts
        if "services" in parts or path.name == "services.py":
            findings = rules.unauthorised_writers(path.read_text(), relative)
            wrong += [str(f) for f in findings if f.text.split("(")[0] not in OPEN_SERVICES]
    assert not wrong, "\n".join(wrong)


def _defined_in_project(admin_class, method: str) -> bool:
    owner = next(klass for klass in type(admin_class).__mro__ if method in vars(klass))
    return owner.__module__.split(".")[0] in ("epdee", "connectors", "certificates", "registry") and not (
        owner.__module__ == "epdee.core.admin_site"
    )


def _refuses(model_admin, what: str) -> bool:
    """The admin never offers this (has_<what>_permission answers False for everyone)."""
    check = getattr(model_admin, f"has_{what}_permission")
    owner = next(klass for klass in type(model_admin).__mro__ if f"has_{what}_permission" in vars(klass))
    if owner.__module__.startswith("django."):
        return False
    try:
        return check(_superuser_request()) is False
    except TypeError:
        return check(_superuser_request(), None) is False


def _superuser_request():
    from django.test import RequestFactory

    from epdee.core.models import User

    request = RequestFactory().get("/admin/")
    request.user = User(email="architecture@epdee.example", is_staff=True, is_superuser=True, is_active=True)
    return request


def admin_write_paths(model_admin) -> list[str]:
    """How this ModelAdmin could write without a service: a default save, delete or inline save."""
    problems = []
    name = type(model_admin).__name__
    if not _refuses(model_admin, "add") or not _refuses(model_admin, "change"):
        if not _defined_in_project(model_admin, "save_model"):
            problems.append(f"{name}: saves with ModelAdmin.save_model (call a service instead)")
        if model_admin.inlines and not _defined_in_project(model_admin, "save_related"):
            problems.append(f"{name}: saves its inlines with ModelAdmin.save_related")
    if not _refuses(model_admin, "delete"):
        for method in ("delete_model", "delete_queryset"):
            if not _defined_in_project(model_admin, method):
                problems.append(f"{name}: deletes with ModelAdmin.{method}")
    return problems


def test_the_admin_check_catches_a_plain_model_admin():
    from epdee.core.models import CustomerCode

    assert admin_write_paths(admin.ModelAdmin(CustomerCode, admin.site))


@pytest.mark.django_db
def test_the_admin_saves_through_services():
    wrong = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in (
            "core",
            "clinic",
            "connectors",
            "certificates",
            "registry",
            "platform",
            "dataexit",
        ):
            wrong += admin_write_paths(model_admin)
    assert not wrong, "\n".join(sorted(wrong))


# --- selectors are the only readers of patient data on the surfaces ----------------------------------------


def test_the_read_check_catches_direct_patient_queries_on_a_surface():
    planted = """
class PatientList(ListView):
    model = Patient

    def get_queryset(self):
        return self.model.objects.for_tenant(self.request.tenant)

def detail(request, pk):
    patient = get_object_or_404(Patient, pk=pk)
    entries = DossierEntry.objects.for_tenant(request.tenant)
    audit_patient_access(request, "patient.view", [pk])
    record_event("patient.view", request=request)
    return Location.objects.all()
"""
    models = {"Patient", "DossierEntry"}
    reads = sorted(finding.text for finding in rules.patient_reads(planted, models))
    assert reads == [
        "DossierEntry.objects read outside a selector",
        "get_object_or_404(Patient) outside a selector",
        "self.model.objects read outside a selector",
    ]
    assert len(rules.hand_audits(planted)) == 2


def test_surfaces_read_patient_data_through_selectors_only():
    models = _patient_models()
    assert {"Patient", "DossierEntry", "Appointment", "Invoice", "InvoiceLine"} <= models
    wrong = []
    for relative, path in _project_files():
        if rules.is_surface(relative):
            source = path.read_text()
            wrong += [
                str(f) for f in rules.patient_reads(source, models, relative) + rules.hand_audits(source, relative)
            ]
    assert not wrong, "\n".join(wrong)


# --- the shared kernel names no app ----------------------------------------------------------------------


def test_the_kernel_check_catches_an_app_template_or_url():
    assert rules.app_templates_named('{% include "clinic/notifications/navbar_badge.html" %}')
    assert rules.app_templates_named("{% url 'certificates:requests' %}")
    assert not rules.app_templates_named('{% include "includes/messages.html" %}')
    assert rules.app_names_in_python('links = [("Patients", "clinic:patients")]')
    assert rules.app_names_in_python('render(request, "connectors/index.html")')
    assert not rules.app_names_in_python('reverse("home")')


def _kernel_templates():
    yield from (ROOT / "templates").rglob("*.html")
    yield from (ROOT / "epdee" / "core" / "templates").rglob("*.html")


def test_the_kernel_and_base_layout_name_no_app():
    wrong = [str(f) for path in _kernel_templates() for f in rules.app_templates_named(path.read_text(), path.name)]
    for path in rules.module_files("epdee.core"):
        wrong += [str(f) for f in rules.app_names_in_python(path.read_text(), rules.relative(path))]
    assert not wrong, "\n".join(wrong)


# --- one layout for every app ----------------------------------------------------------------------------

LAYOUT_APPS = (
    "epdee/core",
    "epdee/clinic",
    "epdee/platform",
    "epdee/dataexit",
    "connectors",
    "certificates",
    "registry",
)


def test_the_layout_check_catches_split_modules(tmp_path):
    (tmp_path / "forms_patients.py").write_text("")
    (tmp_path / "news_urls.py").write_text("")
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "views_billing.py").write_text("")
    problems = rules.layout_problems(tmp_path)
    assert len(problems) == 4  # two root splits, a flat API module, no api/urls.py


@pytest.mark.parametrize("app", LAYOUT_APPS)
def test_every_app_has_the_one_layout(app):
    folder = ROOT / app
    assert folder.is_dir(), f"{app} is named in ARCHITECTURE.md but missing"
    problems = rules.layout_problems(folder)
    assert (folder / "services.py").is_file() or (folder / "services").is_dir(), f"{app} has no services"
    assert (folder / "models.py").is_file() or (folder / "models").is_dir(), f"{app} has no models"
    assert not problems, "\n".join(problems)


def test_every_package_architecture_names_exists(shared_dir):
    text = (shared_dir / "ARCHITECTURE.md").read_text()
    layout = text.split("## Layout", 1)[1].split("```", 2)[1]
    named, parent = [], ""
    for line in layout.splitlines():
        match = re.match(r"^( *)([a-z_]+)/", line)
        if not match:
            continue
        if match.group(2) in ("templates", "static") or not match.group(1):
            parent = match.group(2) if match.group(2) in ("epdee", "connectors") else ""
            named.append(match.group(2))
        else:
            named.append(f"{parent}/{match.group(2)}")
    assert {"epdee/core", "epdee/clinic", "epdee/platform", "connectors/gateway", "registry"} <= set(named)
    missing = [name for name in named if not (ROOT / name).is_dir() and name not in PLANNED]
    assert not missing, f"named in ARCHITECTURE.md but missing: {missing}"
    for name, issue in PLANNED.items():
        assert name in named, f"{name} is no longer in ARCHITECTURE.md: drop it from PLANNED"
        assert not (ROOT / name).exists() or (ROOT / name / "apps.py").is_file(), f"{name} ({issue}) is half-made"


def test_partials_live_in_includes_folders():
    wrong = []
    for folder in [ROOT / "templates", *ROOT.glob("*/templates"), *ROOT.glob("epdee/*/templates")]:
        for path in folder.rglob("*.html"):
            wrong += [
                f"{rules.relative(path)} includes {name}"
                for name in rules.included_templates(path.read_text())
                if not rules.is_partial_name(name)
            ]
    assert not wrong, "\n".join(sorted(wrong))
