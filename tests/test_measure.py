"""The measurement harness without a GPU: its arithmetic, the alias table it builds models from, the CSV it writes
(validated and derived by a real build of a project copy, with the synthetic rows of tests/fixtures/meter/), and its
refusal to run without NVML."""
import csv
import importlib.util
import json
import keyword
import os
import sqlite3
import subprocess
import sys

import pytest

from measure import aliases, arithmetic, rows
from tests.helpers import ROOT, copy_project, run_build

FIXTURES = ROOT / "tests" / "fixtures" / "meter"


# Arithmetic

def test_energy_per_image_is_the_counter_delta_in_joules_over_the_images():
    assert arithmetic.joules_per_image(1_250_000, 500 * 64) == pytest.approx(1250 / 32000)
    assert arithmetic.idle_power_watts(300_000, 5.0) == pytest.approx(60.0)
    assert arithmetic.joules_per_image_above_idle(1_250_000, 5.0, 60.0, 32000) == pytest.approx((1250 - 300) / 32000)
    assert arithmetic.images_per_s(32000, 5.0) == pytest.approx(6400)


def samples(*counters, step=0.5):
    return [(i * step, c) for i, c in enumerate(counters)]


def test_a_good_window_gives_its_length_energy_and_readings():
    w = arithmetic.check_window(samples(1000, 1100, 1250, 1300, 1400, 1500, 1600, 1700), min_seconds=3)
    assert (w.seconds, w.energy_mj, w.samples) == (3.5, 700, 8)


@pytest.mark.parametrize("readings,min_seconds,max_watts,message", [
    (samples(1000, 1100, 1200), 3, None, "window of 1 s is shorter than the 3 s required"),
    (samples(1000, 1100, 50, 150, 250, 350, 450, 550), 3, None, "went backwards from 1100 to 50 mJ at 1.000 s: it was reset"),
    (samples(2**64 - 100, 2**64 - 10, 20, 120, 220, 320, 420, 520), 3, None, "it wrapped around past 2**64 mJ"),
    (samples(*[1000] * 8), 3, None, "did not advance in 3.5 s"),
    (samples(1000, 1100, 900_000, 900_100, 900_200, 900_300, 900_400, 900_500), 3, 800, "jumped by 898900 mJ in 0.500 s"),
    ([(0.0, 1000)], 3, None, "1 counter reading(s)"),
])
def test_a_bad_window_is_refused_with_the_reason(readings, min_seconds, max_watts, message):
    with pytest.raises(arithmetic.WindowProblem, match=None) as e:
        arithmetic.check_window(readings, min_seconds, max_watts)
    assert message in str(e.value)


# The alias table

def test_every_alias_names_a_cv_models_model_and_a_valid_constructor():
    matched = aliases.match()
    assert matched.unknown == []
    assert len(matched.buildable) >= 40
    for a in matched.buildable:
        assert a["constructor"].isidentifier() and not keyword.iskeyword(a["constructor"]), a
        assert isinstance(aliases.constructor_kwargs(a), dict)


def test_models_without_a_constructor_and_aliases_of_unknown_models_are_reported(tmp_path):
    root = copy_project(tmp_path)
    with open(root / "data" / "cv_model_constructors.csv", "a", encoding="utf-8") as f:
        f.write("no-such-model,timm,resnet50,,224,timm-models,test row,\n")
    matched = aliases.match(root)
    assert [a["model_id"] for a in matched.unknown] == ["no-such-model"]
    assert "zfnet" in matched.unbuildable and "resnet-50" not in matched.unbuildable
    result = run_build(root, "--check")  # the build refuses it too, at its line
    assert result.returncode == 1
    assert 'data/cv_model_constructors.csv:73: model_id: "no-such-model" is not a model_id in data/cv_models.csv' in result.stderr


def test_constructor_args_must_be_a_json_object():
    assert aliases.constructor_kwargs({"model_id": "x", "constructor_args": '{"img_size": 224}'}) == {"img_size": 224}
    with pytest.raises(ValueError, match="must be a JSON object"):
        aliases.constructor_kwargs({"model_id": "x", "constructor_args": "[224]"})


# The CSV it writes, built

def fixture_rows():
    with open(FIXTURES / "forward_pass_meter_runs.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def metered(tmp_path_factory):
    """A project copy with the fixture's source and its rows appended by the harness's writer, built."""
    root = copy_project(tmp_path_factory.mktemp("metered"))
    with open(root / "data" / "sources.csv", "a", encoding="utf-8") as f:
        f.write((FIXTURES / "sources.csv").read_text(encoding="utf-8"))
    rows.append(fixture_rows(), root / "data" / "forward_pass_meter_runs.csv")
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(root / "ai_energy.db")
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def test_the_repository_csv_is_the_writers_header():
    text = (ROOT / "data" / "forward_pass_meter_runs.csv").read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join(rows.fields())


def test_derived_energy_is_the_harness_arithmetic(metered):
    for r in fixture_rows():
        d = dict(metered.execute("SELECT * FROM forward_pass_meter_energy WHERE run_id = ?", (r["run_id"],)).fetchone())
        images = int(r["forward_passes"]) * int(r["batch_size"])
        energy, window_s = int(r["window_energy_mj"]), float(r["window_s"])
        idle = arithmetic.idle_power_watts(int(r["idle_energy_mj"]), float(r["idle_window_s"]))
        assert d["images"] == images
        assert d["joules_per_image"] == pytest.approx(arithmetic.joules_per_image(energy, images), rel=1e-12)
        assert d["joules_per_image_above_idle"] == pytest.approx(arithmetic.joules_per_image_above_idle(energy, window_s, idle, images), rel=1e-12)
        assert d["images_per_s"] == pytest.approx(arithmetic.images_per_s(images, window_s), rel=1e-12)
        assert d["idle_power_watts"] == pytest.approx(idle) and d["mean_power_watts"] == pytest.approx(energy / 1000 / window_s)


def test_metered_runs_stand_beside_the_methods_estimates(metered):
    got = {(r["measurement_id"], r["fit_id"]): dict(r) for r in metered.execute(
        "SELECT * FROM energy_estimates_vs_measured WHERE source_id = 'test-meter-fixture'")}
    fits = [f for (f,) in metered.execute("SELECT fit_id FROM efficiency_fits WHERE domain = 'cv'")]
    assert len(got) == 3 * len(fits)
    a100_date = metered.execute("SELECT min(launch_date) FROM gpu_specs WHERE gpu = 'A100'").fetchone()[0]
    for r in fixture_rows():
        for fit in fits:
            e = got[(r["run_id"], fit)]
            assert e["measured_joules"] == pytest.approx(int(r["window_energy_mj"]) / 1000 / (int(r["forward_passes"]) * int(r["batch_size"])))
            assert e["system"] == "Synthetic Test GPU" and e["precision"] == r["precision"]
            if r["gpu"]:  # a GPU in gpu_specs: estimated at its launch date, as K.10 is
                assert e["hardware_date"] == a100_date and e["ratio"] == pytest.approx(e["measured_joules"] / e["estimated_joules"])
            else:  # no gpu_specs row: measured, but nothing to compare with
                assert e["estimated_joules"] is None and e["ratio"] is None


def test_the_papers_k10_and_k11_rows_are_unchanged_by_metered_rows(metered, db):
    query = "SELECT * FROM energy_estimates_vs_measured WHERE source_id != 'test-meter-fixture' ORDER BY measurement_id, fit_id"
    assert [dict(r) for r in metered.execute(query)] == [dict(r) for r in db.execute(query)]


def test_the_build_reports_a_bad_written_row_at_its_line(tmp_path):
    root = copy_project(tmp_path)
    bad = fixture_rows()[0] | {"precision": "FP16", "window_energy_mj": "-5"}
    rows.append([bad], root / "data" / "forward_pass_meter_runs.csv")  # its source is missing too
    result = run_build(root, "--check")
    assert result.returncode == 1
    for message in ('data/forward_pass_meter_runs.csv:2: precision: "FP16" must be one of: FP32, TF32, BF16',
                    "data/forward_pass_meter_runs.csv:2: window_energy_mj:",
                    'data/forward_pass_meter_runs.csv:2: source_id: "test-meter-fixture" is not a source_id in data/sources.csv'):
        assert message in result.stderr, result.stderr


def test_the_writer_refuses_a_file_with_another_header(tmp_path):
    path = tmp_path / "runs.csv"
    path.write_text("run_id,something_else\n", encoding="utf-8")
    with pytest.raises(ValueError, match="header is not the schema's columns"):
        rows.append(fixture_rows()[:1], path)
    with pytest.raises(ValueError, match="not columns of forward_pass_meter_runs: joules"):
        rows.append([{"joules": 1.0}], tmp_path / "new.csv")


# Refusal

def run_harness(*args):
    return subprocess.run([sys.executable, "-m", "measure", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.skipif(importlib.util.find_spec("pynvml") is not None, reason="pynvml is installed here: the refusal is for machines without it")
def test_without_nvml_the_harness_refuses_in_one_line():
    before = (ROOT / "data" / "forward_pass_meter_runs.csv").read_bytes()
    result = run_harness("--source-id", "test-campaign")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "measure: NVML is not available: the Python package pynvml is missing (pip install nvidia-ml-py); nothing was measured."]
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert (ROOT / "data" / "forward_pass_meter_runs.csv").read_bytes() == before


def test_a_gpu_not_in_gpu_specs_is_refused_before_anything_runs():
    result = run_harness("--source-id", "test-campaign", "--gpu", "H100 Imaginary")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--gpu 'H100 Imaginary' is not a gpu in data/gpu_specs.csv" in result.stderr


def test_the_dashboard_draws_metered_runs_that_have_an_estimate(metered):
    from schema import site as site_files
    chart = site_files.load(ROOT)["plugins"]["datasette-dashboards"]["measured-vs-estimated"]["charts"]["measured-vs-estimated"]
    out = [dict(r) for r in metered.execute(chart["query"], {"fit": "", "source_id": "test-meter-fixture"})]
    points = [r for r in out if r["mark"] == "point"]
    assert sorted((r["precision"], r["batch_size"]) for r in points) == [("BF16", 1), ("FP32", 64)]  # the TF32 run has no gpu
    assert {r["series"] for r in out if r["mark"] == "line"} == {"measured = estimated"}


# The harness's control flow, on stand-ins for the GPU libraries

def run_on_stand_in_gpu(out, *args):
    env = dict(os.environ, PYTHONPATH=str(FIXTURES / "stand_in_gpu"))
    return subprocess.run([sys.executable, "-m", "measure", "--source-id", "test-meter-fixture", "--gpu", "A100",
                           "--models", "resnet-50,dpn-92-32-x-3d", "--precisions", "FP32", "--batch-sizes", "1,256",
                           "--warmup-s", "1", "--window-s", "3", "--idle-s", "3", "--harness-commit", "0123abc",
                           "--out", str(out), *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=120)


def test_the_harness_writes_rows_the_build_accepts_skips_what_fails_and_resumes(tmp_path):
    root = copy_project(tmp_path)
    with open(root / "data" / "sources.csv", "a", encoding="utf-8") as f:
        f.write((FIXTURES / "sources.csv").read_text(encoding="utf-8"))
    out = root / "data" / "forward_pass_meter_runs.csv"
    first = run_on_stand_in_gpu(out)
    assert first.returncode == 0, first.stderr
    assert "resnet-50 FP32 batch 256: out of GPU memory; skipped" in first.stderr
    assert "dpn-92-32-x-3d: cannot build timm.dpn92" in first.stderr
    with open(out, encoding="utf-8", newline="") as f:
        written = list(csv.DictReader(f))
    assert [r["run_id"] for r in written] == ["test-meter-fixture-resnet-50-fp32-b1"]
    r = written[0]
    assert float(r["window_s"]) >= 3 and float(r["idle_window_s"]) >= 3 and int(r["counter_samples"]) >= 7
    assert float(r["window_energy_mj"]) / 1000 / float(r["window_s"]) == pytest.approx(300, rel=0.05)  # the stand-in's 300 W
    assert (r["gpu_name"], r["gpu"], r["harness_commit"], r["power_limit_watts"]) == ("Fake GPU", "A100", "0123abc", "700")
    built = run_build(root)
    assert built.returncode == 0, built.stderr
    again = run_on_stand_in_gpu(out, "--models", "resnet-50", "--batch-sizes", "1")
    assert again.returncode == 0 and "0 rows appended" in again.stderr  # runs already written are not repeated
    assert out.read_text(encoding="utf-8").count("\n") == 2
