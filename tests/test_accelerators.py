"""Accelerators 2010–2026: the paper's GPU rows beside Epoch AI's hardware table, their efficiency and disagreements."""
import csv
import math
import sqlite3
from datetime import date
from decimal import Decimal

import numpy as np
import pytest

from schema.package import load
from tests.conftest import rows
from tests.helpers import ROOT, build_copy, edit_csv, pin_snapshot, upstream_rows

EPOCH = load(ROOT).resource("epoch_ml_hardware")
PEAK_COLUMNS = {  # Epoch's peak columns and the precision each is read as by default (derive/hardware/accelerator_specs.sql)
    "FP64 (double precision) performance (FLOP/s)": "FP64",
    "FP32 (single precision) performance (FLOP/s)": "FP32",
    "TF32 (TensorFloat-32) performance (FLOP/s)": "TF32",
    "FP16 (half precision) performance (FLOP/s)": "FP16",
    "Tensor-FP16/BF16 performance (FLOP/s)": "BF16/FP16 tensor",
    "FP8 performance (FLOP/s)": "FP8",
    "INT8 performance (OP/s)": "INT8",
    "FP4 performance (FLOP/s)": "FP4",
}


def epoch_lines():
    return upstream_rows(EPOCH.path)


def epoch_line(name):
    return next((line, row) for line, row in epoch_lines().items() if row["Hardware name"] == name)


def spec(db, accelerator, precision, source_id="epoch-ml-hardware"):
    found = rows(db, "SELECT * FROM accelerator_efficiency WHERE accelerator = ? AND precision = ? AND source_id = ?",
                 accelerator, precision, source_id)
    assert len(found) == 1, (accelerator, precision, source_id)
    return found[0]


# (Epoch's Hardware name, precision, dense TFLOPS, TDP W, tdp_basis): read from the file's lines by hand
SPOT = [
    ("NVIDIA H100 SXM5 80GB", "FP32", 66.91, 700, "stated"),
    ("NVIDIA H100 SXM5 80GB", "BF16/FP16 tensor", 989.4, 700, "stated"),
    ("NVIDIA H100 SXM5 80GB", "FP8", 1979, 700, "stated"),
    ("NVIDIA B200", "FP32", 62.08, 1000, "stated"),
    ("NVIDIA B200", "BF16/FP16 tensor", 2250, 1000, "stated"),
    ("NVIDIA B200", "FP8", 4500, 1000, "stated"),
    ("NVIDIA B200", "FP4", 9000, 1000, "stated"),
    ("AMD Instinct MI300X", "FP32", 163.4, 750, "stated"),
    ("AMD Instinct MI300X", "BF16/FP16 tensor", 1307.4, 750, "stated"),
    ("AMD Instinct MI300X", "INT8", 2614.9, 750, "stated"),
    ("Google TPU v5p", "BF16/FP16 tensor", 459, 540, "estimated by source"),
    ("Google TPU v5p", "INT8", 918, 540, "estimated by source"),
    ("Intel Habana Gaudi3", "BF16/FP16 tensor", 1678, 900, "stated"),
    ("Intel Habana Gaudi3", "FP8", 1678, 900, "stated"),
    ("Intel Habana Gaudi3", "FP32", 14.3, 900, "stated"),
]


@pytest.mark.parametrize("name, precision, tflops, tdp, basis", SPOT)
def test_spot_values_are_the_upstream_lines(db, name, precision, tflops, tdp, basis):
    line, cells = epoch_line(name)
    row = spec(db, name, precision)
    column = next(c for c, p in PEAK_COLUMNS.items() if p == precision)
    assert row["dense_tflops"] == pytest.approx(float(cells[column]) / 1e12, rel=1e-12) == pytest.approx(tflops)
    assert row["tdp_watts"] == float(cells["TDP (W)"]) == tdp
    assert row["release_date"] == cells["Release date"]
    assert row["tdp_basis"] == basis
    assert row["sparsity"] == "dense"
    assert row["locator"] == f"{EPOCH.path}:{line}"
    assert row["gflops_per_watt"] == pytest.approx(1000 * tflops / tdp)
    assert row["is_preferred"] == 1


def test_mi300x_has_no_fp8_row_because_epoch_gives_none(db):
    _, cells = epoch_line("AMD Instinct MI300X")
    assert cells["FP8 performance (FLOP/s)"] == ""
    assert not rows(db, "SELECT 1 FROM accelerator_specs WHERE accelerator = 'AMD Instinct MI300X' AND precision = 'FP8'")


def test_the_epoch_file_loads_with_zero_problems(db):
    from schema.validate import validate
    v = validate(ROOT)
    assert v.problems == []
    assert len(v.tables[EPOCH.name]) == len(epoch_lines()) == db.execute("SELECT count(*) FROM epoch_ml_hardware").fetchone()[0]


def test_every_epoch_row_with_a_date_a_tdp_and_a_peak_is_in_accelerator_specs(db):
    readings = {(r["accelerator"], r["source_column"]): r["precision"] for r in rows(db, "SELECT * FROM accelerator_spec_readings")}
    expected = set()
    for line, cells in epoch_lines().items():
        if not (cells["Release date"] and cells["TDP (W)"]):
            continue
        for column, precision in PEAK_COLUMNS.items():
            if cells[column] and float(cells[column]) > 0:
                read_as = readings.get((cells["Hardware name"], column), precision)
                if read_as:
                    expected.add((cells["Hardware name"], read_as, f"{EPOCH.path}:{line}"))
    stored = {(r["accelerator"], r["precision"], r["locator"]) for r in rows(
        db, "SELECT * FROM accelerator_specs WHERE source_id = 'epoch-ml-hardware' AND release_date IS NOT NULL AND tdp_watts IS NOT NULL")}
    assert len(expected) > 300
    assert stored == expected


def test_the_papers_rows_are_all_there_under_their_canonical_names(db):
    paper = rows(db, "SELECT * FROM gpu_specs")
    specs = rows(db, "SELECT * FROM accelerator_efficiency WHERE source_id IN (SELECT source_id FROM gpu_specs)")
    assert len(specs) == len(paper) == 50
    v100 = spec(db, "NVIDIA V100", "BF16/FP16 tensor", "desislavov2021arxiv")
    assert (v100["source_name"], v100["source_precision"], v100["dense_tflops"], v100["release_date"]) == \
        ("Tesla V100", "FP16/FP32 Tensor", 125.0, "2018-03-27")
    assert v100["is_preferred"] == 1 and spec(db, "NVIDIA V100", "BF16/FP16 tensor")["is_preferred"] == 0
    assert spec(db, "Tesla K40", "FP32", "desislavov2021arxiv")["tdp_watts"] == 235  # a nearest variant keeps its name
    assert spec(db, "NVIDIA Tesla K40s", "FP32")["tdp_watts"] == 245
    assert spec(db, "GeForce GTX 590", "FP32", "desislavov2021arxiv")["vendor"] == "NVIDIA"  # not in Epoch: its own name


def test_exactly_one_preferred_row_per_accelerator_and_precision_with_an_efficiency(db):
    counts = rows(db, """SELECT accelerator, precision, sum(is_preferred) AS n, count(gflops_per_watt) AS with_efficiency
                         FROM accelerator_efficiency GROUP BY accelerator, precision""")
    assert counts and all(c["n"] == (1 if c["with_efficiency"] else 0) for c in counts)


def test_precisions_are_one_vocabulary(db):
    used = {r["precision"] for r in rows(db, "SELECT DISTINCT precision FROM accelerator_specs")}
    assert used <= {"FP64", "FP32", "TF32", "FP16", "BF16/FP16 tensor", "FP8", "INT8", "FP4"}
    assert {"FP32", "BF16/FP16 tensor", "FP8"} <= used


def test_misfiled_cells_are_read_as_the_readings_table_says(db):
    nvl = spec(db, "NVIDIA H100 NVL", "BF16/FP16 tensor")
    assert nvl["dense_tflops"] == 835.5 and nvl["source_precision"] == "FP16 (half precision) performance (FLOP/s)"
    assert nvl["reading_notes"]
    assert not rows(db, "SELECT 1 FROM accelerator_specs WHERE accelerator = 'NVIDIA H100 NVL' AND precision = 'FP16'")
    assert not rows(db, "SELECT 1 FROM accelerator_specs WHERE accelerator = 'AMD Radeon Instinct MI250X' AND precision = 'TF32'")


def test_every_reading_points_at_a_cell_with_a_value():
    """A reading whose cell Epoch has emptied or moved (a newer snapshot) must be removed, not kept silently."""
    with open(ROOT / "data" / "accelerator_spec_readings.csv", encoding="utf-8", newline="") as f:
        readings = list(csv.DictReader(f))
    assert readings
    for r in readings:
        _, cells = epoch_line(r["accelerator"])
        assert cells[r["source_column"]], r


def test_tdp_basis_follows_epochs_notes(db):
    estimated = {r["accelerator"] for r in rows(db, "SELECT DISTINCT accelerator FROM accelerator_specs WHERE tdp_basis = 'estimated by source'")}
    assert estimated == {"Google TPU v4", "Google TPU v5e", "Google TPU v5p", "Google TPU v6e Trillium", "Google TPU v7 Ironwood"}
    for name in estimated:
        assert "official" in epoch_line(name)[1]["Notes"]


def test_no_sparse_figure_gets_an_efficiency(db):
    assert not rows(db, "SELECT 1 FROM accelerator_efficiency WHERE sparsity != 'dense' AND gflops_per_watt IS NOT NULL")


# --- source_disagreements -------------------------------------------------------------------------------------------

def significant_half_unit(value):
    """Half a unit in the last significant digit of a number (a trailing zero is not significant; integers: 0.5)."""
    text = format(Decimal(repr(value)).normalize(), "f")
    return 0.5 * 10.0 ** -len(text.partition(".")[2])


def disagreements_by_hand(db):
    """The rule of derive/hardware/source_disagreements.sql written again in Python, from accelerator_specs."""
    nearest = {(r["source_id"], r["alias"]): r["accelerator"]
               for r in rows(db, "SELECT * FROM accelerator_aliases WHERE match = 'nearest variant'")}
    by_acc = {}
    for r in rows(db, "SELECT * FROM accelerator_specs"):
        key = nearest.get((r["source_id"], r["source_name"]), r["accelerator"])
        by_acc.setdefault(key, {}).setdefault(r["source_id"], []).append(r)
    found = set()
    for sources in by_acc.values():
        if set(sources) != {"epoch-ml-hardware"} and len(sources) == 2:
            (_, a), (_, b) = sorted(sources.items(), key=lambda kv: kv[0] == "epoch-ml-hardware")
            acc = a[0]["accelerator"]
            date_a, date_b = a[0]["release_date"], b[0]["release_date"]
            if date_b and abs((date.fromisoformat(date_b) - date.fromisoformat(date_a)).days) > 30:
                found.add((acc, "release_date", None, a[0]["release_date"], b[0]["release_date"]))
            ta, tb = a[0]["tdp_watts"], b[0]["tdp_watts"]
            if tb is not None and abs(tb - ta) > max(significant_half_unit(ta), significant_half_unit(tb)) + 1e-9:
                found.add((acc, "tdp_watts", None, ta, tb))
            peaks_b = {r["precision"]: r["dense_tflops"] for r in b}
            for r in a:
                va, vb = r["dense_tflops"], peaks_b.get(r["precision"])
                if vb is not None and abs(vb - va) > max(significant_half_unit(va), significant_half_unit(vb)) + 1e-9:
                    found.add((acc, "dense_tflops", r["precision"], va, vb))
    return found


def test_disagreements_are_those_the_rule_finds(db):
    stored = {(r["accelerator"], r["quantity"], r["precision"], r["value_a"], r["value_b"])
              for r in rows(db, "SELECT * FROM source_disagreements")}
    assert stored == disagreements_by_hand(db)


def test_the_examples_a_careful_reader_finds(db):
    found = {(r["accelerator"], r["quantity"]): r for r in rows(db, "SELECT * FROM source_disagreements WHERE precision IS NULL")}
    v100 = found[("NVIDIA V100", "release_date")]
    assert (v100["source_name_a"], v100["value_a"], v100["source_b"], v100["value_b"], v100["difference"], v100["unit"]) == \
        ("Tesla V100", "2018-03-27", "epoch-ml-hardware", "2017-06-21", -279, "day")
    k40 = found[("Tesla K40", "tdp_watts")]  # Epoch has no plain K40: its nearest variant, by accelerator_aliases
    assert (k40["match"], k40["source_name_a"], k40["value_a"], k40["source_name_b"], k40["value_b"], k40["difference"]) == \
        ("nearest variant", "Tesla K40", 235, "NVIDIA Tesla K40s", 245, 10)
    assert k40["locator_b"] == f"{EPOCH.path}:{epoch_line('NVIDIA Tesla K40s')[0]}"
    # paper dates a month before Epoch's (more than 30 days: the K80 and M40; the GTX 780 and A100 are exactly 30 days)
    for acc in ("NVIDIA Tesla K80", "NVIDIA M40"):
        assert found[(acc, "release_date")]["difference"] == 31
    assert ("NVIDIA A100 SXM4 40 GB", "release_date") not in found
    assert ("NVIDIA V100", "tdp_watts") not in found  # both 300 W


def test_rounding_is_not_a_disagreement(db):
    # the paper's 15.70 FP32 TFLOPS for the V100 is Epoch's 15.67 rounded to three figures
    assert not rows(db, "SELECT 1 FROM source_disagreements WHERE accelerator = 'NVIDIA V100' AND precision = 'FP32'")
    assert rows(db, "SELECT 1 FROM source_disagreements WHERE accelerator = 'NVIDIA V100' AND precision = 'FP16'")  # 31.4 vs 31.33


def test_name_matching_is_data(db, tmp_path):
    changed = build_copy(tmp_path, lambda root: edit_csv(root, "accelerator_aliases.csv", "Tesla V100,desislavov2021arxiv,NVIDIA V100,", "Tesla V100,desislavov2021arxiv,NVIDIA Tesla V100 SXM2 32 GB,"))
    changed.row_factory = sqlite3.Row
    moved = rows(changed, "SELECT * FROM source_disagreements WHERE source_name_a = 'Tesla V100' AND quantity = 'release_date'")
    assert moved == []  # the SXM2 32 GB launched 2018-03-27, the paper's date
    assert rows(changed, "SELECT accelerator FROM accelerator_specs WHERE source_name = 'Tesla V100' LIMIT 1") == \
        [{"accelerator": "NVIDIA Tesla V100 SXM2 32 GB"}]


# --- trends to 2026 and the forecast test ------------------------------------------------------------------------------

@pytest.mark.parametrize("fit_id, precision", [("accelerators-2010-2026-fp32", "FP32"),
                                               ("accelerators-2010-2026-bf16-fp16-tensor", "BF16/FP16 tensor"),
                                               ("accelerators-2010-2026-fp8", "FP8")])
def test_accelerator_fits_match_numpy_least_squares(db, fit_id, precision):
    points = rows(db, """SELECT release_date, gflops_per_watt FROM accelerator_efficiency WHERE precision = ? AND is_preferred = 1
                         AND release_date BETWEEN '2010-01-01' AND '2026-12-31'""", precision)
    xs = [(date.fromisoformat(p["release_date"]) - date(2000, 1, 1)).days / 365.25 for p in points]
    ys = [math.log10(p["gflops_per_watt"]) for p in points]
    slope, intercept = np.polyfit(xs, ys, 1)
    fit = rows(db, "SELECT * FROM efficiency_fits WHERE fit_id = ?", fit_id)[0]
    assert fit["domain"] == "hardware" and fit["n_points"] == len(points) > 10
    assert fit["slope_log10_per_year"] == pytest.approx(slope, rel=1e-9)
    assert fit["intercept_log10"] == pytest.approx(intercept, rel=1e-9)
    assert fit["r_squared"] == pytest.approx(np.corrcoef(xs, ys)[0, 1] ** 2, rel=1e-9)
    assert fit["doubling_time_years"] == pytest.approx(math.log10(2) / slope, rel=1e-9)
    assert max(p["release_date"] for p in points) >= "2025-01-01"


def test_the_new_fits_estimate_no_model_energy(db):
    assert not rows(db, "SELECT 1 FROM forward_pass_energy WHERE fit_id LIKE 'accelerators-%'")


def test_forecast_check_by_hand_for_the_h100(db):
    last = rows(db, "SELECT max(date) AS d FROM fit_points WHERE fit_id LIKE 'desislavov2023-%'")[0]["d"]
    assert last == "2020-09-01"
    fit = rows(db, "SELECT * FROM efficiency_fits WHERE fit_id = 'desislavov2023-cv'")[0]
    check = rows(db, "SELECT * FROM fit_extrapolation_checks WHERE accelerator = 'NVIDIA H100 SXM5 80GB' AND fit_id = 'desislavov2023-cv'")[0]
    years = (date(2022, 9, 20) - date(2000, 1, 1)).days / 365.25
    fitted = 10 ** (fit["intercept_log10"] + fit["slope_log10_per_year"] * years)
    assert check["fitted_gflops_per_watt"] == pytest.approx(fitted, rel=1e-12)
    assert check["years_after_last_point"] == pytest.approx((date(2022, 9, 20) - date(2020, 9, 1)).days / 365.25)
    for column, tflops in [("fp32", 66.91), ("tensor", 989.4), ("fp8", 1979)]:
        assert check[f"{column}_gflops_per_watt"] == pytest.approx(1000 * tflops / 700)
        assert check[f"{column}_ratio"] == pytest.approx(1000 * tflops / 700 / fitted)


def test_forecast_check_covers_every_accelerator_after_the_papers_last_point(db):
    expected = {r["accelerator"] for r in rows(db, """SELECT accelerator FROM accelerator_efficiency WHERE is_preferred = 1
        AND precision IN ('FP32', 'BF16/FP16 tensor', 'FP8') AND release_date > '2020-09-01'""")}
    checked = rows(db, "SELECT accelerator, fit_id FROM fit_extrapolation_checks")
    assert {r["accelerator"] for r in checked} == expected
    assert len(checked) == 2 * len(expected)


# --- a new snapshot is a file replacement and a rebuild ---------------------------------------------------------------

def replace_snapshot(root, old, new):
    path = root / EPOCH.path
    text = path.read_bytes()
    assert text.count(old) == 1
    path.write_bytes(text.replace(old, new))
    pin_snapshot(root, EPOCH.name)


def all_rows(conn):
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: set(conn.execute(f'SELECT * FROM "{t}"').fetchall()) for t in tables}


def test_an_edited_snapshot_moves_exactly_the_values_derived_from_it(built_db, tmp_path):
    h100 = b"NVIDIA H100 SXM5 80GB,NVIDIA,GPU,Listed performance figures are without sparsity.,2022-09-20,33600.0,"
    old_row = next(row for row in (ROOT / EPOCH.path).read_bytes().split(b"\n") if row.startswith(h100))
    changed = build_copy(tmp_path, lambda root: replace_snapshot(root, old_row, old_row.replace(b",700.0,", b",701.0,", 1)))
    before, after = all_rows(sqlite3.connect(built_db)), all_rows(changed)
    assert before.keys() == after.keys()
    moved = {t: len(before[t] - after[t]) for t in before if before[t] != after[t]}
    # the LLM comparison: every H100 row with a bound (the bound moved), every other GPU's hardware-fit row (the fits
    # moved), and the H100's summary rows
    (llm_rows, h100_summaries, h100_requests, h100_regimes, h100_trainings, gpt3_bounds), = sqlite3.connect(built_db).execute("""SELECT
        (SELECT count(*) FROM llm_energy_estimates_vs_measured
         WHERE (gpu = 'H100' AND bound_joules_per_token IS NOT NULL) OR (gpu != 'H100' AND fit_precision IS NOT NULL)),
        (SELECT count(*) FROM llm_energy_bound_summary WHERE gpu = 'H100'),
        (SELECT count(*) FROM llm_energy_per_request WHERE gpu = 'H100' AND peak_gflops_per_watt IS NOT NULL),
        (SELECT count(*) FROM llm_energy_by_regime WHERE gpu = 'H100' AND bound_joules_per_token IS NOT NULL),
        (SELECT count(*) FROM training_energy_estimates WHERE accelerator = 'NVIDIA H100 SXM5 80GB' AND tdp_energy_kwh IS NOT NULL),
        (SELECT count(*) FROM mlperf_training_energy_bounds)""").fetchall()
    # the training side (issue 18): the H100 runs' chips × hours × TDP, their points of the training-energy fit, that
    # fit and its trend, the largest run's draw beside the largest cluster, and the GPT-3 bounds (peak GFLOPS/W of the H100)
    assert moved == {"epoch_ml_hardware": 1, "accelerator_specs": 7, "accelerator_efficiency": 7,
                     "fit_points": 3 + h100_trainings, "least_squares_fits": 3 + 1, "efficiency_fits": 3,
                     "fit_extrapolation_checks": 2,
                     "llm_energy_estimates_vs_measured": llm_rows, "llm_energy_bound_summary": h100_summaries,
                     "llm_energy_per_request": h100_requests, "llm_energy_by_regime": h100_regimes,  # issue 17
                     "training_energy_estimates": h100_trainings, "training_energy_trends": 1,
                     "cluster_power_scale": 1, "mlperf_training_energy_bounds": gpt3_bounds}
    assert all(len(after[t] - before[t]) == n for t, n in moved.items())
    changed.row_factory = sqlite3.Row
    tensor = spec(changed, "NVIDIA H100 SXM5 80GB", "BF16/FP16 tensor")
    assert tensor["tdp_watts"] == 701 and tensor["gflops_per_watt"] == pytest.approx(1000 * 989.4 / 701)
    assert {r["fit_id"] for r in rows(changed, "SELECT fit_id FROM efficiency_fits")} == \
        {r[0] for r in before["efficiency_fits"]}
    moved_fits = {r[0] for r in before["efficiency_fits"] - after["efficiency_fits"]}
    assert moved_fits == {"accelerators-2010-2026-fp32", "accelerators-2010-2026-bf16-fp16-tensor", "accelerators-2010-2026-fp8"}


def test_a_figure_epochs_notes_call_sparse_gets_no_efficiency(db, tmp_path):
    old = b"NVIDIA B200,NVIDIA,GPU,Listed performance figures are without sparsity.,"
    changed = build_copy(tmp_path, lambda root: replace_snapshot(root, old, old.replace(b"without", b"with")))
    changed.row_factory = sqlite3.Row
    b200 = {r["precision"]: r for r in rows(changed, "SELECT * FROM accelerator_efficiency WHERE accelerator = 'NVIDIA B200'")}
    assert {p for p, r in b200.items() if r["sparsity"] == "sparse"} == {"TF32", "BF16/FP16 tensor", "FP8", "INT8", "FP4"}
    assert all(r["gflops_per_watt"] is None and r["is_preferred"] == 0 for r in b200.values() if r["sparsity"] == "sparse")
    assert b200["FP32"]["sparsity"] == "dense" and b200["FP32"]["gflops_per_watt"] == pytest.approx(62080 / 1000)
    in_fits = {r["fit_id"] for r in rows(changed, "SELECT fit_id FROM fit_points WHERE item LIKE 'NVIDIA B200 %'")}
    assert in_fits == {"accelerators-2010-2026-fp32"}
