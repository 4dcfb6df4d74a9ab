"""The checks behind tests/test_architecture.py: each takes source text, so a test can plant a violation.

The rules are ARCHITECTURE.md's: services are the only writers, selectors the only readers of patient data
on the surfaces (views, API views, the gateway), the shared kernel names no app, every app has one layout.
"""

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The project's Python packages (top-level apps and the apps inside the epdee project package).
APPS = (
    "epdee.core",
    "epdee.clinic",
    "epdee.platform",
    "epdee.dataexit",
    "epdee.integrations",
    "epdee.fhir",
    "registry",
    "connectors",
    "certificates",
)
PROJECT_PACKAGES = ("epdee", "registry", "connectors", "certificates")

# Calls that write rows; `update` and argument-taking `delete` are writes only on a queryset or manager.
ALWAYS_WRITES = {"save", "create", "get_or_create", "update_or_create", "bulk_create", "bulk_update"}
QUERYSET_WRITES = {"update", "delete"}
QUERYSET_HINTS = re.compile(
    r"(\.objects\b|_default_manager|\.filter\(|\.exclude\(|\.all\(|\.for_tenant\(|\.select_for_update\(|\.select_related\(|\.usable\()"
)
# Receivers whose save/create/delete are not rows: sessions, caches, storages, files, e-mail, DRF serializers.
NOT_ROWS = re.compile(
    r"(^|\.)(session|cache|caches\[.*\]|storage|default_storage|\w*_storage|file|image|logo|favicon|"
    r"serializer|super\(\)|messages|response|mail|zip\w*|archive|writer|tar\w*|sheet|workbook|pdf)$"
)


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    text: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.text}"


def module_files(package: str):
    folder = ROOT / Path(*package.split("."))
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        yield path


def relative(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# --- services are the only writers --------------------------------------------------------------------


def may_write(path: str) -> bool:
    """Where writes are allowed: services, models (a row's own save), migrations, factories, tests, benchmarks."""
    parts = Path(path).parts
    name = Path(path).name
    return (
        path == "epdee/core/audit.py"  # the audit log's own writer: record_event() is the service
        or "services" in parts
        or name == "services.py"
        or "models" in parts
        or name == "models.py"
        or "migrations" in parts
        or name == "factories.py"
        or parts[0] in ("tests", "bench")
    )


def write_calls(source: str, path: str = "<planted>") -> list[Finding]:
    """Calls in this source that write rows: model.save(), Model.objects.create(), queryset.update()…"""
    findings = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        method = node.func.attr
        receiver = ast.unparse(node.func.value)
        if NOT_ROWS.search(receiver):
            continue
        on_rows = QUERYSET_HINTS.search(receiver + ".") or (method == "delete" and not node.args)
        writes = method in ALWAYS_WRITES or (method in QUERYSET_WRITES and on_rows)
        if writes:
            findings.append(Finding(path, node.lineno, f"{receiver}.{method}(…) writes outside a service"))
    return findings


# --- selectors are the only readers of patient data on the surfaces -------------------------------------


def is_surface(path: str) -> bool:
    """Views, API views and the gateway's handlers: code that answers a request."""
    parts = Path(path).parts
    name = Path(path).name
    if "gateway" in parts and name in ("handlers.py", "views.py", "presenters.py"):
        return True
    in_api = "api" in parts
    return ("views" in parts or name == "views.py" or name.startswith("views_")) or (
        in_api and ("views" in parts or name.startswith("views"))
    )


SHORTCUTS = ("get_object_or_404", "get_list_or_404")  # Django's shortcuts that query the model they are given


def patient_reads(source: str, patient_models: set[str], path: str = "<planted>") -> list[Finding]:
    """Direct queries of patient-data models: Patient.objects…, get_object_or_404(Patient…), and a generic view's
    `self.model.objects` (a view may name its model, for the schema and the isolation tests, not query it)."""
    findings = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in ("objects", "_default_manager"):
            if isinstance(node.value, ast.Name) and node.value.id in patient_models:
                findings.append(Finding(path, node.lineno, f"{node.value.id}.{node.attr} read outside a selector"))
            elif isinstance(node.value, ast.Attribute) and node.value.attr == "model":
                findings.append(Finding(path, node.lineno, f"{ast.unparse(node)} read outside a selector"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in SHORTCUTS:
            if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in patient_models:
                findings.append(Finding(path, node.lineno, f"{node.func.id}({node.args[0].id}) outside a selector"))
    return findings


def hand_audits(source: str, path: str = "<planted>") -> list[Finding]:
    """A surface that writes the NEN 7513 event of a patient read itself instead of through a selector."""
    findings = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name == "audit_patient_access":
                findings.append(Finding(path, node.lineno, "audit_patient_access() on a surface"))
            elif name == "record_event" and node.args and isinstance(node.args[0], ast.Constant):
                if str(node.args[0].value).startswith(("patient.", "appointment.", "invoice.", "care_activity.")):
                    findings.append(Finding(path, node.lineno, f"record_event({node.args[0].value!r}) on a surface"))
    return findings


# --- the shared kernel names no app ----------------------------------------------------------------------

APP_TEMPLATE_DIRS = ("clinic", "connectors", "certificates", "registry", "platform", "dataexit", "fhir", "integrations")
TEMPLATE_REFERENCE = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")
APP_URL_NAMESPACES = (
    "clinic",
    "connectors",
    "certificates",
    "registry",
    "library",
    "news",
    "suppliers",
    "gateway",
    "platform",
    "dataexit",
    "booking",
    "portal",
)


def app_templates_named(template_source: str, path: str = "<planted>") -> list[Finding]:
    findings = []
    for match in TEMPLATE_REFERENCE.finditer(template_source):
        if match.group(1).split("/")[0] in APP_TEMPLATE_DIRS:
            line = template_source.count("\n", 0, match.start()) + 1
            findings.append(Finding(path, line, f"names the app template {match.group(1)}"))
    for match in re.finditer(r"""{%\s*url\s+["'](\w+):""", template_source):
        if match.group(1) in APP_URL_NAMESPACES:
            line = template_source.count("\n", 0, match.start()) + 1
            findings.append(Finding(path, line, f"names the app URL namespace {match.group(1)}"))
    return findings


def app_names_in_python(source: str, path: str = "<planted>") -> list[Finding]:
    """String constants in kernel code that name an app's template or URL (e.g. "clinic:patients")."""
    findings = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            value = node.value
            namespace = value.split(":", 1)[0] if re.fullmatch(r"\w+:[\w-]+", value) else ""
            folder = value.split("/", 1)[0] if re.fullmatch(r"\w+/[\w/.-]+\.(html|txt)", value) else ""
            if namespace in APP_URL_NAMESPACES or folder in APP_TEMPLATE_DIRS:
                findings.append(Finding(path, node.lineno, f"names {value!r}"))
    return findings


# --- one layout for every app ----------------------------------------------------------------------------

# Modules an app keeps at its root; everything else lives in a package of the layout (views/, forms/, api/…).
ROOT_MODULES = re.compile(
    r"^(__init__|apps|admin|models|services|selectors|urls|views|forms|tasks|signals|permissions|"
    r"demo|constants|filters|tables|notify|menu|tabs|rules|errors|exceptions|[a-z]+)\.py$"
)
FLAT_SPLITS = re.compile(r"^((forms|views|urls|admin|serializers|filters)_\w+|\w+_(urls|views|forms|admin))\.py$")
API_FLAT = re.compile(r"^(views|serializers|urls|filters)_\w+\.py$")


def layout_problems(app_dir: Path) -> list[str]:
    """What breaks the one layout: split modules at the root (forms_x.py, x_urls.py), flat API modules."""
    problems = []
    for path in sorted(app_dir.glob("*.py")):
        if FLAT_SPLITS.match(path.name) and path.name != "admin_site.py":  # the kernel's AdminSite class
            problems.append(f"{relative(path)}: move into the package of its kind (forms/, views/, urls.py, api/)")
    views = app_dir / "views"
    if views.is_dir():
        for path in sorted(views.glob("urls*.py")):
            problems.append(f"{relative(path)}: an app's pages are routed in its urls.py")
    api = app_dir / "api"
    if api.is_dir():
        for path in sorted(api.glob("*.py")):
            if API_FLAT.match(path.name):
                problems.append(f"{relative(path)}: use api/views/, api/serializers/, api/filters/")
        if not (api / "urls.py").is_file():
            problems.append(f"{relative(api)}: one api/urls.py")
    return problems


def included_templates(template_source: str) -> list[str]:
    return re.findall(r"""{%\s*include\s+["']([^"']+)["']""", template_source)


def is_partial_name(name: str) -> bool:
    """Partials live in an includes/ folder (site-wide or an app's); allauth's own elements keep their names."""
    libraries = ("allauth/", "account/", "socialaccount/", "mfa/", "django/", "admin/", "rest_framework/")
    return "/includes/" in f"/{name}" or name.startswith(libraries)


# --- services authorise ------------------------------------------------------------------------------------

AUTHORISING_CALLS = {"require", "authorise", "check_tenant", "check_platform_staff", "check_superadmin"}


def unauthorised_writers(source: str, path: str = "<planted>") -> list[Finding]:
    """Public functions of a services module that write rows (themselves or through the module's own helpers)
    without asking the permissions first (require(), or a helper of the module that does)."""
    tree = ast.parse(source)
    functions = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}

    def reaches(function, test, seen=()) -> bool:
        if test(function):
            return True
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                callee = functions.get(node.func.id)
                if callee is not None and callee.name not in seen and callee is not function:
                    if reaches(callee, test, (*seen, function.name)):
                        return True
        return False

    def writes(function) -> bool:
        return bool(write_calls(ast.unparse(function)))

    def authorises(function) -> bool:
        for node in ast.walk(function):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name in AUTHORISING_CALLS:
                    return True
        return False

    return [
        Finding(path, function.lineno, f"{function.name}() writes without asking the permissions")
        for name, function in functions.items()
        if not name.startswith("_") and reaches(function, writes) and not reaches(function, authorises)
    ]
