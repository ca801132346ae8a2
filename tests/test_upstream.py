"""Upstream snapshots: byte-identical files, pinned by their checksum, every row located by its line."""
import hashlib

from schema.package import load
from tests.helpers import ROOT, copy_project, pin_snapshot, run_build, upstream_rows

UPSTREAM = [r for r in load(ROOT).resources if r.upstream]


def test_every_snapshot_is_the_file_its_checksum_pins():
    for res in UPSTREAM:
        data = (ROOT / res.path).read_bytes()
        assert res.descriptor["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), res.path
        assert res.descriptor["bytes"] == len(data), res.path
        assert res.path.startswith("data/upstream/")


def test_every_row_is_located_by_its_line_in_the_file(db):
    for res in UPSTREAM:
        starts = upstream_rows(res.path)
        stored = db.execute(f'SELECT * FROM "{res.name}" ORDER BY upstream_line').fetchall()
        assert [r["upstream_line"] for r in stored] == sorted(starts)
        first = res.field_names[0]
        assert all(r[first] == starts[r["upstream_line"]][first] for r in stored), res.name


def test_an_edited_snapshot_is_refused_and_a_new_one_is_a_replacement_plus_a_rebuild(tmp_path):
    root = copy_project(tmp_path)
    res = UPSTREAM[0]
    path = root / res.path
    text = path.read_bytes()
    old_row = next(line for line in text.split(b"\n") if line.startswith(b"NVIDIA H100 SXM5 80GB,"))
    edited = text.replace(old_row, old_row.replace(b",700.0,", b",701.0,", 1))
    assert edited != text
    path.write_bytes(edited)
    result = run_build(root)
    assert result.returncode == 1
    assert f"{res.path}: sha256 is {hashlib.sha256(edited).hexdigest()}, not the" in result.stderr
    assert "Traceback" not in result.stderr

    pin_snapshot(root, res.name)
    result = run_build(root)
    assert result.returncode == 0, result.stderr


def test_an_unlisted_file_in_upstream_is_refused(tmp_path):
    root = copy_project(tmp_path)
    (root / "data" / "upstream" / "stray.json").write_text("{}", encoding="utf-8")
    result = run_build(root)
    assert result.returncode == 1
    assert "data/upstream/stray.json:1: file is not listed in datapackage.json" in result.stderr
