"""Each upstream folder's snapshot.json: the one place of a snapshot's origin, checksum and size."""
import json

from schema.package import load
from tests.helpers import ROOT, copy_project, run_build

UPSTREAM = [r for r in load(ROOT).resources if r.upstream is not None]


def test_every_snapshot_declares_its_origin_licence_and_checksum_beside_it():
    assert UPSTREAM, "no upstream snapshot found: is snapshot.json read?"
    for res in UPSTREAM:
        origin = res.upstream
        assert origin["source_id"] and origin["producer"] and origin["downloaded_from"] and origin["date_accessed"], res.path
        assert res.descriptor["licenses"][0]["name"], res.path
        assert res.descriptor["hash"].startswith("sha256:") and res.descriptor["bytes"] > 0, res.path


def test_datapackage_json_declares_no_provenance_of_its_own():
    """Declared once: the provenance is in snapshot.json; datapackage.json names the file and its schema, with the
    hash and size generated from snapshot.json (Frictionless' own fields, so the package alone can check the bytes)."""
    upstream = {r.path: r.descriptor for r in UPSTREAM}
    for entry in json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        if entry["path"].startswith("data/upstream/"):
            assert not {"x-upstream", "licenses", "sources", "title"} & set(entry), entry["name"]
            assert (entry["hash"], entry["bytes"]) == (upstream[entry["path"]]["hash"], upstream[entry["path"]]["bytes"])


def test_a_hash_in_datapackage_json_out_of_step_with_snapshot_json_is_named(tmp_path):
    root = copy_project(tmp_path)
    path = root / "datapackage.json"
    text = path.read_text(encoding="utf-8")
    recorded = next(r for r in json.loads(text)["resources"] if r["name"] == "epoch_ml_hardware")["hash"]
    path.write_text(text.replace(recorded, "sha256:" + "0" * 64), encoding="utf-8")
    result = run_build(root, "--check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ("resource 'epoch_ml_hardware': hash differ from data/upstream/epoch-ai/2026-05-12/snapshot.json's; run "
            "`python -m schema.snapshots record data/upstream/epoch-ai/2026-05-12/ml_hardware.csv`") in result.stderr


def test_a_processed_snapshot_says_what_was_done_and_claims_no_byte_identity():
    processed = [r for r in UPSTREAM if r.upstream.get("processing")]
    assert {r.name for r in processed} >= {"mlenergy_llm_configurations", "epoch_notable_models", "mlperf_inference_power"}
    for res in processed:
        assert "script" in res.upstream, res.name  # the committed script that made it, or null where none exists
        if res.upstream["script"]:
            assert (ROOT / res.upstream["script"]).is_file(), res.upstream["script"]


def _break(tmp_path, edit):
    root = copy_project(tmp_path)
    where = root / "data/upstream/epoch-ai/2026-05-12/snapshot.json"
    edit(where)
    result = run_build(root, "--check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    return result.stderr


def test_a_missing_snapshot_json_is_named(tmp_path):
    stderr = _break(tmp_path, lambda where: where.unlink())
    assert "data/upstream/epoch-ai/2026-05-12/snapshot.json:1: file is missing" in stderr


def test_a_file_without_an_entry_and_an_entry_without_a_file_are_named(tmp_path):
    def rename(where):
        where.write_text(where.read_text(encoding="utf-8").replace('"ml_hardware.csv"', '"ml_hardware_old.csv"'), encoding="utf-8")
    stderr = _break(tmp_path, rename)
    assert 'snapshot.json:1: files: has no entry for "ml_hardware.csv"' in stderr
    assert 'files: "ml_hardware_old.csv" is not a resource of datapackage.json' in stderr


def test_broken_json_is_named_at_its_line(tmp_path):
    stderr = _break(tmp_path, lambda where: where.write_text('{"files": {\n  "x": ,\n}}', encoding="utf-8"))
    assert "data/upstream/epoch-ai/2026-05-12/snapshot.json:2: invalid JSON" in stderr


def test_the_ml_energy_flattening_writes_the_committed_snapshot_from_the_published_json(tmp_path):
    """reduce/mlenergy_flatten.py on the leaderboard's own files (tests/fixtures/ml-energy/) gives the snapshot's bytes."""
    from reduce.mlenergy_flatten import main
    main(ROOT / "tests/fixtures/ml-energy", tmp_path)
    for name in ("llm_configurations.csv", "diffusion_configurations.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data/upstream/ml-energy/2026-02-16" / name).read_bytes(), name


def test_a_new_upstream_snapshot_is_its_folder_and_its_schema(tmp_path):
    """What a contributor writes for a new publisher: the file and its snapshot.json in
    data/upstream/<publisher>/<date>/ (the table it loads as, its origin and licence), and the table's schema.
    `python -m schema.snapshots record FILE` then writes the checksum and the datapackage.json resource; until it has
    run the build says to run it. The table is then loaded and documented with its provenance."""
    import sqlite3
    import subprocess
    import sys

    import yaml

    from schema.metadata import metadata_path

    root = copy_project(tmp_path)
    folder = root / "data" / "upstream" / "example-publisher" / "2024-01-01"
    folder.mkdir(parents=True)
    (folder / "gpus.csv").write_text("Hardware name,TDP (W)\nTesla V100,300\nA100,400\n", encoding="utf-8")
    origin = {"source_id": "desislavov2023", "producer": "Example publisher", "url": "https://example.org/gpus",
              "downloaded_from": "https://example.org/gpus.csv", "date_accessed": "2024-01-01"}
    licence = [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}]
    (folder / "snapshot.json").write_text(json.dumps({"files": {"gpus.csv": {
        "resource": "example_gpus", "title": "Example GPUs (upstream snapshot)", "licenses": licence, "origin": origin}}}),
        encoding="utf-8")
    (root / "schema" / "tables" / "upstream" / "example_gpus.json").write_text(json.dumps({
        "description": "The example publisher's GPUs, as published.",
        "fields": [{"name": "Hardware name", "type": "string", "description": "As published."},
                   {"name": "TDP (W)", "type": "number", "description": "As published.", "unit": "W"}]}), encoding="utf-8")
    path = "data/upstream/example-publisher/2024-01-01/gpus.csv"

    before = run_build(root, "--check")
    assert before.returncode == 1 and f"run `python -m schema.snapshots record {path}`" in before.stderr, before.stderr
    subprocess.run([sys.executable, "-m", "schema.snapshots", "record", path], cwd=root, check=True)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(root / "ai_energy.db") as db:
        assert db.execute('SELECT "Hardware name", "TDP (W)" FROM example_gpus ORDER BY 1').fetchall() == \
            [("A100", 400.0), ("Tesla V100", 300.0)]
    meta = yaml.safe_load(metadata_path(root / "ai_energy.db").read_text(encoding="utf-8"))
    table = meta["databases"]["ai_energy"]["tables"]["example_gpus"]
    assert table["source"] == "Example publisher" and table["license"] == "CC-BY-4.0" and table["units"]["TDP (W)"] == "W"
    assert path in table["description"] and "source_id desislavov2023" in table["description"]
    assert [g["title"] for g in meta["plugins"]["ai-energy-home"]["groups"] if "example_gpus" in g["relations"]] == \
        ["Upstream snapshots"]
