"""Accelerators 2010–2026: the paper's GPU rows beside Epoch AI's hardware table, their efficiency and disagreements."""
import csv

import pytest

from schema.package import load
from tests.conftest import rows
from tests.helpers import ROOT

EPOCH = load(ROOT).resource("epoch_ml_hardware")
PEAK_COLUMNS = {  # Epoch's peak columns and the precision each is read as by default (derive/12_accelerator_specs.sql)
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
    """{line the row starts on: {column: cell}} read straight from the upstream file."""
    with open(ROOT / EPOCH.path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        out, line = {}, 2
        for row in reader:
            out[line] = row
            line = reader.line_num + 1
    return out


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


def test_tdp_basis_follows_epochs_notes(db):
    estimated = {r["accelerator"] for r in rows(db, "SELECT DISTINCT accelerator FROM accelerator_specs WHERE tdp_basis = 'estimated by source'")}
    assert estimated == {"Google TPU v4", "Google TPU v5e", "Google TPU v5p", "Google TPU v6e Trillium", "Google TPU v7 Ironwood"}
    for name in estimated:
        assert "official" in epoch_line(name)[1]["Notes"]


def test_no_sparse_figure_gets_an_efficiency(db):
    assert not rows(db, "SELECT 1 FROM accelerator_efficiency WHERE sparsity != 'dense' AND gflops_per_watt IS NOT NULL")
