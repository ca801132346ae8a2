"""The paper's method as SQL, checked against numbers computed here by hand from the raw rows, and against every
derived number the paper prints (at its printed precision; a disagreement must be listed in errata)."""
import csv
import math

import numpy as np
import pytest

from tests.conftest import rows
from tests.helpers import ROOT, build_copy, edit_csv


def csv_rows(name):
    with open(ROOT / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def throughput(domain, gpu_prefix, precision):
    return {(r["model"], r["framework"], r["batch_size"]): float(r["throughput"]) for r in csv_rows("inference_throughput")
            if r["domain"] == domain and r["gpu_variant"].startswith(gpu_prefix) and r["precision"] == precision}


def speedup_by_hand(domain, gpu, precision, baseline_gpu):
    runs, base = throughput(domain, gpu, precision), throughput(domain, baseline_gpu, "FP32")
    ratios = [t / base[k] for k, t in runs.items()]
    return sum(ratios) / len(ratios), len(ratios)


SPEEDUPS = [("cv", "Tesla V100", "V100", "Mixed", "V100"), ("cv", "A100", "A100", "TF32", "V100"), ("cv", "A100", "A100", "Mixed", "V100"),
            ("cv", "T4", "T4", "Mixed", "T4"), ("nlp", "Tesla V100", "V100", "Mixed", "V100"), ("nlp", "A100", "A100", "TF32", "V100"),
            ("nlp", "A100", "A100", "Mixed", "V100"), ("nlp", "T4", "T4", "Mixed", "T4")]


@pytest.mark.parametrize("domain,gpu,prefix,precision,baseline", SPEEDUPS)
def test_mixed_precision_speedups_are_means_of_per_benchmark_ratios(db, domain, gpu, prefix, precision, baseline):
    expected, n = speedup_by_hand(domain, prefix, precision, baseline)
    got = rows(db, "SELECT * FROM mixed_precision_speedups WHERE domain = ? AND gpu = ? AND precision = ?", domain, gpu, precision)[0]
    assert got["speedup"] == pytest.approx(expected, rel=1e-12)
    assert got["n_benchmarks"] == n
    assert got["baseline"] == ("Tesla V100" if baseline == "V100" else "T4") + " FP32"


def test_speedups_reproduce_table_f4_at_its_printed_precision(db):
    for p in csv_rows("published_speedups"):
        ours = db.execute("SELECT speedup FROM mixed_precision_speedups WHERE domain = ? AND gpu = ? AND precision = ?",
                          (p["domain"], p["gpu"], p["precision"])).fetchone()[0]
        decimals = len(p["published_speedup"].partition(".")[2])
        assert round(ours, decimals) == float(p["published_speedup"]), p


def test_adapted_rows_reproduce_table_j9_at_its_printed_precision(db):
    adapted = [p for p in csv_rows("efficiency_fit_points") if p["adapted"] == "true"]
    assert len(adapted) == 8
    for p in adapted:
        a = rows(db, "SELECT * FROM adapted_gpu_efficiency WHERE domain = ? AND gpu = ? AND precision = ?", p["domain"], p["gpu"], p["precision"])[0]
        assert round(a["tflops"], 2) == float(p["published_tflops"]), p
        assert round(a["gflops_per_watt"], 2) == float(p["published_gflops_per_watt"]), p


def test_adapted_v100_mixed_cv_by_hand(db):
    speedup, _ = speedup_by_hand("cv", "V100", "Mixed", "V100")
    a = rows(db, "SELECT * FROM adapted_gpu_efficiency WHERE domain = 'cv' AND gpu = 'Tesla V100' AND precision = 'Mixed'")[0]
    assert a["tflops"] == pytest.approx(15.70 * speedup) and a["gflops_per_watt"] == pytest.approx(15.70 * speedup * 1000 / 300)


def paper_fit_by_hand(domain):
    """numpy's least squares over the Table J.9 points, their values computed here from gpu_specs and the speed-ups."""
    specs = {(r["gpu"], r["precision"]): r for r in csv_rows("gpu_specs")}
    prefix = {"Tesla V100": "V100", "A100": "A100", "T4": "T4"}
    xs, ys = [], []
    for p in csv_rows("efficiency_fit_points"):
        if p["fit_id"] != f"desislavov2023-{domain}":
            continue
        own = specs[(p["gpu"], "FP32")]
        if p["adapted"] == "true":
            baseline = "T4" if p["gpu"] == "T4" else "V100"
            speedup, _ = speedup_by_hand(domain, prefix[p["gpu"]], p["precision"], baseline)
            base = specs[("T4" if baseline == "T4" else "Tesla V100", "FP32")]
            gflops_per_watt = float(base["tflops"]) * speedup * 1000 / float(own["tdp_watts"])
        else:
            gflops_per_watt = float(own["tflops"]) * 1000 / float(own["tdp_watts"])
        days = (np.datetime64(own["launch_date"]) - np.datetime64("2000-01-01")).astype(int)
        xs.append(days / 365.25)
        ys.append(math.log10(gflops_per_watt))
    slope, intercept = np.polyfit(xs, ys, 1)
    r2 = np.corrcoef(xs, ys)[0, 1] ** 2
    return len(xs), slope, intercept, r2


@pytest.mark.parametrize("domain", ["cv", "nlp"])
def test_paper_fits_match_numpy_least_squares(db, domain):
    n, slope, intercept, r2 = paper_fit_by_hand(domain)
    fit = rows(db, "SELECT * FROM efficiency_fits WHERE fit_id = ?", f"desislavov2023-{domain}")[0]
    assert fit["n_points"] == n == 32
    assert fit["slope_log10_per_year"] == pytest.approx(slope, rel=1e-9)
    assert fit["intercept_log10"] == pytest.approx(intercept, rel=1e-9)
    assert fit["r_squared"] == pytest.approx(r2, rel=1e-9)
    assert fit["doubling_time_years"] == pytest.approx(math.log10(2) / slope, rel=1e-9)


def test_joules_per_forward_pass_by_hand(db):
    fit = rows(db, "SELECT * FROM efficiency_fits WHERE fit_id = 'desislavov2023-cv'")[0]
    years = (np.datetime64("2015-12-10") - np.datetime64("2000-01-01")).astype(int) / 365.25
    fitted = 10 ** (fit["intercept_log10"] + fit["slope_log10_per_year"] * years)
    got = rows(db, "SELECT * FROM forward_pass_energy WHERE model_id = 'resnet-50' AND fit_id = 'desislavov2023-cv'")[0]
    assert got["fitted_gflops_per_watt"] == pytest.approx(fitted, rel=1e-12)
    assert got["joules"] == pytest.approx(7.60 / fitted, rel=1e-12)


def test_k10_and_k11_estimates_are_reproduced_or_listed_as_errata(db):
    """Every estimate the paper prints in K.10 (3 decimals) and K.11 (4 decimals), against ours."""
    errata = {r["row_key"] for r in rows(db, "SELECT row_key FROM errata WHERE column_name = 'published_estimated_joules'")}
    checked = 0
    for r in rows(db, "SELECT * FROM energy_estimates_vs_measured WHERE fit_id = 'desislavov2023-cv' AND published_estimated_joules IS NOT NULL"):
        decimals = 4 if r["measurement_id"].startswith("k11-") else 3
        if r["measurement_id"] in errata:
            assert round(r["estimated_joules"], decimals) != r["published_estimated_joules"]
        else:
            assert round(r["estimated_joules"], decimals) == r["published_estimated_joules"], r["measurement_id"]
        checked += 1
    assert checked == 18


def test_k11_measured_joules_are_power_over_throughput(db):
    r = rows(db, "SELECT * FROM energy_estimates_vs_measured WHERE measurement_id = 'k11-titanrtx-fp32' AND fit_id = 'desislavov2023-cv'")[0]
    assert r["measured_joules"] == pytest.approx(288 / 1617) and round(r["measured_joules"], 4) == 0.1781
    assert r["ratio"] == pytest.approx(r["measured_joules"] / r["estimated_joules"])


@pytest.mark.parametrize("model_id,printed,decimals", [("noisystudent-l2", 1040, 0), ("fixefficientnet-l2", 585, 0),
                                                        ("fixefficientnet-b7", 82, 0), ("fixefficientnet-b0", 1.6, 1), ("vit-g-14", 5270, 0)])
def test_appendix_h_estimates_recomputed(db, model_id, printed, decimals):
    r = rows(db, "SELECT * FROM flops_scaling_checks WHERE model_id = ?", model_id)[0]
    listed = db.execute("SELECT count(*) FROM errata WHERE relation = 'flops_scaling_estimates' AND row_key = ?", (model_id,)).fetchone()[0]
    assert (round(r["recomputed_gflops"], decimals) == printed) != bool(listed)
    assert r["table_gflops"] == printed


def test_noisystudent_l2_by_hand(db):
    r = rows(db, "SELECT recomputed_gflops FROM flops_scaling_checks WHERE model_id = 'noisystudent-l2'")[0]
    assert r["recomputed_gflops"] == pytest.approx(74 * (5.3 / 3.1) * (4.3 / 2) ** 2 * (800 / 600) ** 2)


def test_every_published_value_agrees_or_is_an_erratum(db):
    checks = rows(db, "SELECT * FROM published_value_checks")
    errata = {(r["relation"], r["row_key"], r["column_name"]) for r in rows(db, "SELECT * FROM errata")}
    disagreeing = {(c["relation"], c["row_key"], c["column_name"]) for c in checks if c["agrees"] == 0}
    assert disagreeing == errata
    assert all(c["recomputed_value"] is not None for c in checks)
    kinds = {(c["relation"], c["column_name"]) for c in checks}
    assert {("gpu_specs", "published_gflops_per_watt"), ("efficiency_fit_points", "published_gflops_per_watt"),
            ("efficiency_fit_points", "published_tflops"), ("inference_throughput", "published_speedup"),
            ("published_speedups", "published_speedup"), ("energy_measurements", "published_joules"),
            ("energy_measurements", "published_estimated_joules"), ("flops_scaling_estimates", "published_gflops"),
            ("reference_energies", "published_power_watts"), ("training_run_totals", "published_accelerator_hours"),
            ("training_run_totals", "published_co2e_kg"), ("training_run_totals", "published_market_co2e_kg")} == kinds


def test_training_energy_and_co2e_by_hand(db):
    r = rows(db, "SELECT * FROM training_emissions WHERE run_id = 'idefics-9b-pretraining'")[0]
    assert r["energy_kwh"] == pytest.approx(128 * 350 * 400 / 1000) and r["co2e_kg"] == pytest.approx(17920 * 288 / 1000)
    assert r["reported_co2e_kg"] == 5160 and r["method"].startswith("accelerators × hours × TDP")
    r = rows(db, "SELECT * FROM training_emissions WHERE run_id = 'patterson2021-t5'")[0]
    assert r["energy_kwh"] == 85700 and r["method"] == "reported energy"
    assert r["estimated_energy_kwh"] == pytest.approx(512 * 480 * 310 * 1.12 / 1000)  # measured average power
    assert r["tdp_estimate_ratio"] == pytest.approx(512 * 480 * 450 * 1.12 / 1000 / 85700)


def test_best_per_year_trend_uses_the_most_accurate_model_of_each_year(db):
    points = {r["item"] for r in rows(db, "SELECT item FROM fit_points WHERE fit_id = 'cv-gflops-best_per_year'")}
    assert {"alexnet", "meta-pseudo-labels-l2", "vit-g-14"} <= points and "resnet-50" not in points
    assert len(points) == 10  # one per year 2012-2021, no ties


def test_pareto_frontier_has_no_dominated_model(db):
    front = rows(db, "SELECT * FROM pareto_frontiers WHERE domain = 'cv' AND cost_kind = 'gflops'")
    assert {"vit-g-14", "meta-pseudo-labels-l2"} & {r["model_id"] for r in front}
    everyone = rows(db, "SELECT model_id, score, gflops AS cost FROM forward_pass_energy WHERE domain = 'cv' AND fit_id = 'all-cv'")
    for f in front:
        assert not any(o["score"] >= f["score"] and o["cost"] <= f["cost"] and (o["score"] > f["score"] or o["cost"] < f["cost"]) for o in everyone)


def test_doubling_a_models_gflops_doubles_its_joules(db, tmp_path):
    # ResNet-101: no published estimate depends on it, so the edited copy still builds
    changed = build_copy(tmp_path, lambda root: edit_csv(root, "cv_models.csv", '45.00,"Chollet, 2015",,15.20,', '45.00,"Chollet, 2015",,30.40,'))
    before = dict(db.execute("SELECT fit_id, joules FROM forward_pass_energy WHERE model_id = 'resnet-101'").fetchall())
    after = dict(changed.execute("SELECT fit_id, joules FROM forward_pass_energy WHERE model_id = 'resnet-101'").fetchall())
    assert before.keys() == after.keys() and len(before) == 2
    for fit_id in before:
        assert after[fit_id] == pytest.approx(2 * before[fit_id], rel=1e-12)


def test_a_new_gpu_moves_the_current_fits_but_never_the_papers(db, tmp_path):
    row = "Test GPU X,FP32,80.00,300,2024-01-15,Server,,desislavov2021arxiv,test row,\n"
    changed = build_copy(tmp_path, lambda root: (root / "data" / "gpu_specs.csv").open("a", encoding="utf-8").write(row))
    for fit_id, should_move in [("desislavov2023-cv", False), ("desislavov2023-nlp", False), ("all-cv", True), ("all-nlp", True)]:
        old = db.execute("SELECT slope_log10_per_year, n_points FROM efficiency_fits WHERE fit_id = ?", (fit_id,)).fetchone()
        new = changed.execute("SELECT slope_log10_per_year, n_points FROM efficiency_fits WHERE fit_id = ?", (fit_id,)).fetchone()
        assert (tuple(new) != tuple(old)) == should_move, fit_id
