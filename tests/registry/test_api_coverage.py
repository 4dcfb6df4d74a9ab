"""Every operation of the ZorgAPIs document is served, under the same path, method and operationId."""

import re

import yaml
from django.core.management import call_command


def test_every_operation_of_the_spec_is_served(spec_document, tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(target))
    ours = yaml.safe_load(target.read_text())["paths"]

    def shape(path: str) -> str:
        return re.sub(r"\{[^}]+\}", "{}", path)

    served = {
        (shape(path.removeprefix("/registry/v1beta2")), method, operation["operationId"])
        for path, methods in ours.items()
        if path.startswith("/registry/v1beta2/")
        for method, operation in methods.items()
    }
    expected = {
        (shape(path), method, operation["operationId"])
        for path, methods in spec_document["paths"].items()
        for method, operation in methods.items()
        if method in ("get", "post", "put", "patch", "delete")
    }
    assert len(expected) == 74
    assert expected - served == set()
    assert {op for op in served if op not in expected} == set()  # nothing beyond the spec
