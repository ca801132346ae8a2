"""The release files (release.py, `make release`): every relation round-trips through Parquet and CSV, the Data
Package validates, the same database gives the same bytes, and column names change only with a CHANGELOG entry."""
import datetime as dt
import json
import re
import sqlite3
import subprocess
import sys
from decimal import Decimal

import pytest

from tests.helpers import ROOT

sys.path.insert(0, str(ROOT))
import release  # noqa: E402

pq = pytest.importorskip("pyarrow.parquet")


@pytest.fixture(scope="session")
def release_dir(built_db, tmp_path_factory):
    return release.write_release(built_db, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="session")
def descriptor(release_dir):
    return json.loads((release_dir / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def released_db(release_dir):
    conn = sqlite3.connect(f"file:{release_dir / release.DB_NAME}?mode=ro", uri=True)
    yield conn
    conn.close()


def fields_of(descriptor):
    return {r["name"]: r["schema"]["fields"] for r in descriptor["resources"]}


def expected(value, kind):
    """An SQLite value as the release must hold it, by its declared type: the value and its Python type."""
    if value is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(value)
    if kind == "boolean":
        assert value in (0, 1), value
        return bool(value)
    if kind == "number":
        return float(value)
    if kind == "any":
        return release.text_cell(value, kind)
    return value


def same(a, b):
    return a == b and type(a) is type(b)


def test_every_relation_base_and_derived_is_released(release_dir, released_db, descriptor):
    relations = release.relations(released_db)
    kinds = dict(released_db.execute("SELECT name, type FROM sqlite_master"))
    assert {kinds[r] for r in relations} == {"table", "view"}
    assert [r["name"] for r in descriptor["resources"]] == relations
    assert sorted(p.stem for p in (release_dir / "csv").glob("*.csv")) == relations
    assert sorted(p.stem for p in (release_dir / "parquet").glob("*.parquet")) == relations
    assert descriptor["version"] == json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["version"]
    assert release_dir.name == descriptor["version"]


def test_parquet_equals_sqlite_value_for_value_and_type(release_dir, released_db, descriptor):
    arrow_types = {"string": "string", "any": "string", "number": "double", "integer": "int64", "year": "int64",
                   "date": "date32[day]", "boolean": "bool"}
    for relation, fields in fields_of(descriptor).items():
        table = pq.read_table(release_dir / "parquet" / f"{relation}.parquet")
        assert table.column_names == [f["name"] for f in fields], relation
        for f in fields:
            arrow_field = table.schema.field(f["name"])
            assert str(arrow_field.type) == arrow_types[f["type"]], (relation, f["name"])
            meta = {k.decode(): v.decode() for k, v in (arrow_field.metadata or {}).items()}
            assert meta.get("unit") == f.get("unit"), (relation, f["name"])
        got = table.to_pylist()
        rows = release.select(released_db, relation)
        assert len(got) == len(rows), relation
        for row, back in zip(rows, got):
            for f, value in zip(fields, row):
                want = expected(value, f["type"])
                assert same(back[f["name"]], want), (relation, f["name"], value, back[f["name"]])


def test_csv_read_with_its_data_package_equals_sqlite(release_dir, released_db):
    from frictionless import Package

    package = Package(str(release_dir / "datapackage.json"))
    for resource in package.resources:
        kinds = {f.name: f.type for f in resource.schema.fields}
        rows = release.select(released_db, resource.name)
        got = resource.read_rows()
        assert len(got) == len(rows), resource.name
        for row, back in zip(rows, got):
            for name, value in zip(kinds, row):
                cell, want = back[name], expected(value, kinds[name])
                if kinds[name] == "number" and cell is not None:  # frictionless reads numbers as Decimal, exactly
                    assert isinstance(cell, Decimal), (resource.name, name, cell)
                    cell = float(cell)
                assert same(cell, want), (resource.name, name, value, cell)


def test_units_are_the_declared_ones(descriptor):
    from schema.metadata import DATABASE, generate

    declared = generate()["databases"][DATABASE]["tables"]
    fields = fields_of(descriptor)
    assert fields["gpu_specs"][[f["name"] for f in fields["gpu_specs"]].index("tdp_watts")]["unit"] == "W"
    for relation, table in declared.items():
        units = {f["name"]: f["unit"] for f in fields[relation] if "unit" in f}
        assert units == table.get("units", {}), relation


def test_the_data_package_validates(release_dir):
    from frictionless import validate

    report = validate(str(release_dir / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])[:10]


def test_the_same_database_gives_the_same_bytes(built_db, release_dir, tmp_path):
    again = release.write_release(built_db, tmp_path)
    assert (again / "SHA256SUMS").read_bytes() == (release_dir / "SHA256SUMS").read_bytes()
    listed = (release_dir / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    files = sorted(p.relative_to(release_dir).as_posix() for p in release_dir.rglob("*") if p.is_file())
    assert sorted(line.split("  ", 1)[1] for line in listed) == [f for f in files if f != "SHA256SUMS"]
    check = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=again, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert (again / release.DB_NAME).read_bytes() == built_db.read_bytes()


def test_readme_cites_the_dataset_and_its_licences(release_dir):
    text = (release_dir / "README.md").read_text(encoding="utf-8")
    assert "10.1016/j.suscom.2023.100857" in text and "CC-BY-4.0" in text
    assert "`epoch_ml_hardware`: Epoch AI, CC-BY-4.0" in text


def test_every_column_change_since_the_last_release_is_in_the_changelog(released_db):
    released = json.loads(release.COLUMNS.read_text(encoding="utf-8"))
    changes = release.column_changes(released["relations"], release.manifest(released_db), release.load_aliases())
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    heading = re.search(rf"^## \[?{re.escape(released['version'])}\]?", changelog, re.MULTILINE)
    assert heading, f"CHANGELOG.md has no heading for the last release, {released['version']}"
    unreleased = changelog[:heading.start()]
    missing = [c for c in changes if not all(name in unreleased for name in re.findall(r"\S+\.\S+", c))]
    assert not missing, ("column names are an API: CHANGELOG.md must name every column added, renamed or removed since "
                         f"{released['version']}, above its heading; add:\n" + "\n".join(f"- {c}" for c in missing))


def test_a_renamed_column_keeps_its_old_name_for_one_release(built_db, tmp_path):
    out = release.write_release(built_db, tmp_path, aliases={"gpu_specs": {"tdp_w": "tdp_watts"}})
    table = pq.read_table(out / "parquet" / "gpu_specs.parquet")
    assert table.column("tdp_w").to_pylist() == table.column("tdp_watts").to_pylist()
    meta = table.schema.field("tdp_w").metadata
    assert b"Deprecated alias of tdp_watts" in meta[b"description"] and meta[b"unit"] == b"W"
    header = (out / "csv" / "gpu_specs.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[-1] == "tdp_w"
    released = {"gpu_specs": ["gpu", "tdp_w"]}
    renamed = {"gpu_specs": {"tdp_w": "tdp_watts"}}
    assert release.column_changes(released, {"gpu_specs": ["gpu", "tdp_watts"]}, renamed) \
        == ["renamed gpu_specs.tdp_w to gpu_specs.tdp_watts"]
    assert release.column_changes(released, {"gpu_specs": ["gpu", "tdp_watts"]}, {}) \
        == ["added gpu_specs.tdp_watts", "removed gpu_specs.tdp_w"]
