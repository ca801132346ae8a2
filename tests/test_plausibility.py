"""Derived values against the plausible ranges the schemas declare ("x-plausible-derived", schema/plausible.py): a
unit slip that every per-cell check lets through is refused at its line, through the real build of a private copy."""
import re

import pytest

from schema.package import load
from schema.plausible import _sql, declarations
from tests.helpers import ROOT, copy_project, edit_csv, run_build

L40S = "L40S,FP32,{tflops},350,2022-10-13,Server,,desislavov2021arxiv,\"test row: the L40S's FP32 peak\",\n"


def appended_line(root, name, row):
    path = root / "data" / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text + row, encoding="utf-8")
    return text.count("\n") + 1


def test_a_gflops_for_tflops_slip_fails_at_its_line(tmp_path):
    root = copy_project(tmp_path)
    line = appended_line(root, "gpu_specs.csv", L40S.format(tflops=91600))  # GFLOPS typed where TFLOPS belong
    result = run_build(root)
    assert result.returncode == 1
    assert re.search(rf"^data/gpu_specs\.csv:{line}: tflops: gives gflops_per_watt 261,700 GFLOPS/W .*implausibly large "
                     r"for precision FP32, year 2022 \(expected 1 to 1500 GFLOPS/W", result.stderr, re.MULTILINE), result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "ai_energy.db").exists()


def test_the_same_row_in_tflops_builds(tmp_path):
    root = copy_project(tmp_path)
    appended_line(root, "gpu_specs.csv", L40S.format(tflops=91.6))
    result = run_build(root, "--check")
    assert result.returncode == 0, result.stderr


def test_training_energy_typed_in_mwh_fails_at_its_line(tmp_path):
    root = copy_project(tmp_path)
    edit_csv(root, "training_runs.csv", "1.10,1287000,429", "1.10,1287,429")  # GPT-3's 1,287 MWh typed in the kWh column
    result = run_build(root, "--check")
    assert result.returncode == 1
    assert re.search(r"^data/training_runs\.csv:18: reported_energy_kwh: gives reported_energy_kwh per accelerator_hours "
                     r"0\.0003623 kWh per accelerator-hour .*implausibly small", result.stderr, re.MULTILINE), result.stderr


def test_model_gflops_typed_in_flops_fails_at_its_line(tmp_path):
    root = copy_project(tmp_path)
    edit_csv(root, "cv_models.csv", '"Chollet, 2015",,7.60,', '"Chollet, 2015",,7600000,')  # a slip under the cell's ceiling
    result = run_build(root, "--check")
    assert result.returncode == 1
    assert re.search(r"^data/cv_models\.csv:10: gflops: gives joules .* J .*implausibly large", result.stderr, re.MULTILINE), result.stderr


@pytest.mark.parametrize("resource, declaration", declarations(load(ROOT)), ids=lambda x: getattr(x, "name", ""))
def test_every_declaration_checks_rows_of_the_current_data(db, resource, declaration):
    """A declaration whose SQL selects nothing would pass every slip: each reaches rows, and every one lies in range
    (the session's build passed)."""
    checked = db.execute(_sql(declaration), list(declaration.get("where", {}).values())).fetchall()
    assert len([r for r in checked if r[1] is not None]) >= 10
