"""The build's rules for what it reads (schema/structure.py, schema/text.py): which apply to the curated tables only,
and which to every file, an upstream snapshot's included. The hostile cases themselves are in
tests/fixtures/hostile_inputs.yml."""
import json

import pytest

from schema.package import load
from tests.helpers import ROOT, copy_project, run_build

PLAIN_TEXT = "^[^=+@<>\\t\\r\\n-][^<>\\t\\r\\n]*$"
UPSTREAM_CSV = ('Hardware name,TDP (W),Notes\n'
                'Tesla V100,300,"a publisher\'s words: =SUM(1), <b>, zero\u200bwidth, ResN\u0435t"\n'
                'tesla v100,250,"the same name in another case"\n')


def test_every_curated_text_field_has_a_pattern_or_an_enum():
    for res in load(ROOT).resources:
        if res.upstream:
            continue
        for f in res.fields:
            c = f.get("constraints", {})
            assert f["type"] != "string" or "pattern" in c or "enum" in c, f"{res.name}.{f['name']}"


def _with_upstream(root, csv_text, link_to=None):
    """The project with one upstream snapshot under data/upstream/ (nested folders) and its schema, listed as a
    contributor lists it (schema.snapshots.record)."""
    from schema.snapshots import record

    folder = root / "data" / "upstream" / "example-publisher" / "2024-01-01"
    folder.mkdir(parents=True)
    (folder / "gpus.csv").write_text(csv_text, encoding="utf-8")
    schema = {"fields": [{"name": "Hardware name", "type": "string", "description": "as published"},
                         {"name": "TDP (W)", "type": "number", "description": "as published"},
                         {"name": "Notes", "type": "string", "description": "as published"}]}
    (root / "schema" / "tables" / "upstream" / "upstream_gpus.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")
    origin = {"source_id": "desislavov2023", "producer": "Example", "date_accessed": "2024-01-01"}
    (folder / "snapshot.json").write_text(json.dumps({"files": {"gpus.csv": {"resource": "upstream_gpus", "origin": origin}}}),
                                          encoding="utf-8")
    record(root, "data/upstream/example-publisher/2024-01-01/gpus.csv")
    if link_to:  # the file replaced, once listed, by a link to another
        (folder / "gpus.csv").unlink()
        (folder / "gpus.csv").symlink_to(link_to)


def test_an_upstream_snapshot_keeps_its_publishers_names_and_text(tmp_path):
    """Column names that are not identifiers, no primary key, no patterns, invisible characters, look-alike letters
    and case duplicates: the publisher's bytes, accepted as they are, and loaded under their own column names."""
    root = copy_project(tmp_path)
    _with_upstream(root, UPSTREAM_CSV)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    import sqlite3
    with sqlite3.connect(root / "ai_energy.db") as db:
        assert db.execute('SELECT "Hardware name", "TDP (W)" FROM upstream_gpus ORDER BY rowid').fetchall() == \
            [("Tesla V100", 300.0), ("tesla v100", 250.0)]


@pytest.mark.parametrize("target", ["/etc/passwd", "../../../../../datapackage.json"])
def test_an_upstream_snapshot_is_still_a_regular_file_inside_data(tmp_path, target):
    root = copy_project(tmp_path)
    _with_upstream(root, UPSTREAM_CSV, link_to=target)
    result = run_build(root, "--check")
    assert result.returncode == 1
    assert 'path: "data/upstream/example-publisher/2024-01-01/gpus.csv" is a symbolic link that leads outside data/' in result.stderr
    assert "Traceback" not in result.stderr
