"""The dependency rules of ARCHITECTURE.md, checked on the source: an arrow is "may import"."""

import ast
from pathlib import Path

import pytest

from tests.support import ROOT

# package → the project packages its modules may import (besides itself and Django and the libraries).
ALLOWED = {
    "epdee.core": set(),
    "epdee.clinic": {"epdee.core"},
    "registry": {"epdee.core"},
    "connectors": {"epdee.core"},
    "certificates": {"connectors", "epdee.core"},
    "connectors.gateway": {"connectors", "certificates", "epdee.clinic", "epdee.core"},
}
PROJECT = ("epdee.core", "epdee.clinic", "registry", "connectors", "certificates")


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
