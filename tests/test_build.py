"""build.py as a contributor meets it: counts, sources, determinism, and a failed build that changes nothing."""
import hashlib
import sqlite3

import pytest

from tests.conftest import rows
from tests.helpers import build_copy, copy_project, edit_csv, run_build

EXPECTED_COUNTS = {  # sources grows with every contribution: its rows are checked by the foreign keys instead
    "cv_models": 94, "nlp_models": 19, "gpu_specs": 50, "inference_throughput": 58,
    "energy_measurements": 25, "edge_accelerators": 23, "reference_energies": 2, "training_runs": 52,
    "efficiency_fit_points": 64, "published_speedups": 8, "flops_scaling_estimates": 5,
    "epoch_ml_hardware": 175,  # every row of the upstream snapshot
    "mlenergy_llm_configurations": 838, "mlenergy_diffusion_configurations": 1020, "mlperf_inference_power": 31,
    "epoch_notable_models": 981, "epoch_large_scale_models": 485, "llm_model_links": 28,
    "mlperf_inference_v5_1_power": 24, "llm_active_params": 34, "disclosed_query_energy": 1,  # issue 17
    "training_run_totals": 8, "mlco2_impact_regions": 82, "owid_carbon_intensity_electricity": 6332,
    "ember_monthly_carbon_intensity_world": 12, "ember_monthly_carbon_intensity_europe": 13, "ember_monthly_carbon_intensity_us": 13,
}


@pytest.mark.parametrize("table,count", EXPECTED_COUNTS.items())
def test_counts_match_the_papers_tables(db, table, count):
    assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == count


def test_every_row_names_a_known_source(db):
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    checked = 0
    for t in tables:
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({t})")]
        if "source_id" in cols and t != "sources":
            missing = db.execute(f"SELECT count(*) FROM {t} WHERE source_id IS NULL OR source_id NOT IN (SELECT source_id FROM sources)").fetchone()[0]
            assert missing == 0, t
            checked += 1
    assert checked >= 10


def test_schema_has_keys_not_null_and_indexed_foreign_keys(db):
    pk = [r[1] for r in db.execute("PRAGMA table_info(gpu_specs)") if r[5]]
    assert pk == ["gpu", "precision"]
    notnull = {r[1] for r in db.execute("PRAGMA table_info(cv_models)") if r[3]}
    assert {"model_id", "gflops", "release_date", "source_id"} <= notnull
    fks = {(r[3], r[2]) for r in db.execute("PRAGMA foreign_key_list(energy_measurements)")}
    assert ("source_id", "sources") in fks and ("model_id", "cv_models") in fks
    indexed = {r[2] for idx in db.execute("PRAGMA index_list(energy_measurements)") for r in db.execute(f"PRAGMA index_info({idx[1]})")}
    assert {"source_id", "model_id", "gpu"} <= indexed


def test_sampled_values_reach_the_database(db):
    r = rows(db, "SELECT * FROM cv_models WHERE model_id = 'vit-l-16-jft-300m'")[0]
    assert (r["top1_accuracy"], r["gflops"], r["extra_training_data"], r["release_date"]) == (87.12, 384.0, "JFT 300M", "2020-10-22")
    r = rows(db, "SELECT * FROM gpu_specs WHERE gpu = 'A100' AND precision = 'FP16/FP32 Tensor'")[0]
    assert (r["tflops"], r["tdp_watts"], r["gflops_per_watt"]) == (312.0, 400.0, 780.0)


def test_two_builds_of_the_same_data_are_byte_identical(tmp_path):
    root = copy_project(tmp_path)
    assert run_build(root, "--db", "a.db").returncode == 0
    assert run_build(root, "--db", "b.db").returncode == 0
    assert hashlib.sha256((root / "a.db").read_bytes()).digest() == hashlib.sha256((root / "b.db").read_bytes()).digest()


def test_bad_data_prints_file_line_column_exits_1_and_leaves_the_old_database_untouched(tmp_path):
    root = copy_project(tmp_path)
    assert run_build(root).returncode == 0
    before = (root / "ai_energy.db").read_bytes()
    edit_csv(root, "gpu_specs.csv", "GeForce GTX 690,FP32,5.62,300,", "GeForce GTX 690,FP32,5.62,-300,")
    edit_csv(root, "cv_models.csv", "2012-06-01", "2012-13-01")
    result = run_build(root, process=True)  # end to end: the messages and exit status of `python build.py` itself
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert 'data/gpu_specs.csv:5: tdp_watts: "-300" must be >= 1' in lines
    assert 'data/cv_models.csv:2: release_date: "2012-13-01" is not a real calendar date' in lines
    assert lines == sorted(lines[:-1]) + [lines[-1]]  # sorted, then the summary
    assert (root / "ai_energy.db").read_bytes() == before
    assert not list(root.glob(".ai_energy.db.*"))


def test_check_validates_without_building(tmp_path):
    root = copy_project(tmp_path)
    result = run_build(root, "--check")
    assert result.returncode == 0 and not (root / "ai_energy.db").exists()


def test_a_published_value_that_disagrees_must_be_an_erratum(tmp_path):
    root = copy_project(tmp_path)
    edit_csv(root, "gpu_specs.csv", "Tesla K80,FP32,8.22,300,2014-10-17,Server,27.40", "Tesla K80,FP32,8.22,300,2014-10-17,Server,29.40")
    result = run_build(root)
    assert result.returncode == 1
    assert 'data/gpu_specs.csv:35: published_gflops_per_watt: "29.4" disagrees with the value recomputed from its inputs, 27.4' in result.stderr


def test_an_erratum_that_no_longer_disagrees_must_be_removed(tmp_path):
    root = copy_project(tmp_path)
    edit_csv(root, "gpu_specs.csv", "A40,FP32,37.4,300,2020-10-05,Server,124.00", "A40,FP32,37.2,300,2020-10-05,Server,124.00")
    result = run_build(root)
    assert result.returncode == 1
    assert "data/known_errata.csv:2: published_value: gpu_specs A40|FP32 published_gflops_per_watt now agrees" in result.stderr


def test_a_sort_or_facet_declared_in_site_yml_gets_its_index(tmp_path):
    """The relation's declaration is the one place: a facet and a sort added to site/site.yml are indexed by the build
    (schema/indexes.py), the sort's index ending in the key, without a line of SQL."""
    def declare(root):
        site = root / "site" / "site.yml"
        text = site.read_text(encoding="utf-8")
        old = "  training_runs:\n    facets: [source_id, accelerator, phase]\n"
        assert old in text
        site.write_text(text.replace(old, "  training_runs:\n    facets: [source_id, accelerator, phase, model]\n"
                                          "    sort_desc: reported_energy_kwh\n"), encoding="utf-8")
    db = build_copy(tmp_path, declare)
    indexes = {name: [(r[2], r[3]) for r in db.execute(f'PRAGMA index_xinfo("{name}")') if r[5]]
               for _, name, *_ in db.execute("PRAGMA index_list('training_runs')")}
    key = [r[1] for r in sorted(db.execute("PRAGMA table_info('training_runs')"), key=lambda r: r[5]) if r[5]]
    assert indexes["training_runs_model"] == [("model", 0)]
    assert indexes["training_runs_reported_energy_kwh"] == [("reported_energy_kwh", 1)] + [(k, 0) for k in key]
