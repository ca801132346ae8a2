"""The data package's structure: Frictionless validity, every field described, every unit parses, metadata.yml in step."""
import json
import subprocess
import sys

import pint
import pytest

from schema.metadata import dump, generate
from schema.package import load
from tests.helpers import ROOT

PACKAGE = load(ROOT)


def registry():
    ureg = pint.UnitRegistry()
    for definition in PACKAGE.unit_definitions:
        ureg.define(definition)
    return ureg


def test_frictionless_validates_the_package():
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "frictionless") if (ROOT / ".venv/bin/frictionless").exists() else "frictionless",
                             "validate", "--json", "datapackage.json"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    assert report["valid"], json.dumps(report["tasks"], indent=1)[:3000]


def test_package_uses_the_v2_profile():
    assert PACKAGE.descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for res in PACKAGE.resources:
        assert res.schema["$schema"] == "https://datapackage.org/profiles/2.0/tableschema.json"


@pytest.mark.parametrize("res", PACKAGE.resources, ids=lambda r: r.name)
def test_every_field_is_described_and_every_quantity_has_a_unit_that_parses(res):
    ureg = registry()
    for f in res.fields:
        assert len(f.get("description", "")) > 10, f"{res.name}.{f['name']} has no description"
        if f["type"] in ("number", "integer") and "x-unit-of" not in f:
            assert "unit" in f, f"{res.name}.{f['name']} is a quantity without a unit"
        if "unit" in f:
            ureg(f["unit"])  # raises on a unit Pint cannot parse
        if f["name"].endswith("_watts"):
            assert ureg(f["unit"]).dimensionality == ureg("W").dimensionality


@pytest.mark.parametrize("res", PACKAGE.resources, ids=lambda r: r.name)
def test_every_row_carries_a_source_and_a_locator(res):
    if res.name in ("sources",):
        return
    if res.upstream:  # a snapshot cites its publisher once; each row's locator is its line (upstream_line)
        assert res.upstream["source_id"] and res.descriptor["hash"].startswith("sha256:")
        return
    assert "source_id" in res.field_names and res.field(("source_id"))["constraints"]["required"]
    if res.name != "known_errata":
        assert res.field("locator")["constraints"]["required"]
    assert ("source_id", "sources", "source_id") in res.foreign_keys


def test_metadata_yml_is_what_the_generator_produces():
    committed = (ROOT / "metadata.yml").read_text(encoding="utf-8")
    assert committed == dump(generate()), "metadata.yml drifted: run `make metadata`"


def test_metadata_units_parse_too():
    ureg = registry()
    for name, table in generate()["databases"]["ai_energy"]["tables"].items():
        for column, unit in table.get("units", {}).items():
            ureg(unit)


def test_the_checks_come_from_the_schema():
    """Changing a constraint in the Frictionless schema changes the generated check: nothing is written twice."""
    from schema.checks import table_checks
    res = PACKAGE.resource("gpu_specs")
    checks = {c.error for c in table_checks(res).columns["tdp_watts"].checks}
    assert "must be >= 1" in checks
    changed = json.loads(json.dumps(res.schema))
    next(f for f in changed["fields"] if f["name"] == "tdp_watts")["constraints"]["minimum"] = 5
    from schema.package import Resource
    checks = {c.error for c in table_checks(Resource(res.name, res.path, res.title, changed)).columns["tdp_watts"].checks}
    assert "must be >= 5" in checks and "must be >= 1" not in checks
