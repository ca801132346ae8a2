"""Reviewing a contribution: the review report of what a change does to the numbers (`build.py --report`, review.py),
and the release hygiene around it (dataset version, CHANGELOG, CITATION.cff)."""
import json
import re
import shutil
import sqlite3
import sys

import pytest
import yaml

from tests.helpers import ROOT, copy_project, run_build

sys.path.insert(0, str(ROOT))
import review  # noqa: E402

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
WORKED_EXAMPLE = CONTRIBUTING.split("## 6. Worked example")[1].split("\n## 7.")[0]
# The sample pull request: the worked example of CONTRIBUTING.md, a source and one GPU row, exactly as the guide shows
# them. Test-only: written into a temporary copy of the project, never into data/.
SOURCE_ROW, GPU_ROW = [block.strip() for block in re.findall(r"```csv\n(.*?)```", WORKED_EXAMPLE, re.DOTALL)]


def append_line(path, line):
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(line + "\n")


@pytest.fixture(scope="module")
def sample_pr(built_db, tmp_path_factory):
    """The sample pull request built with `build.py --report BASE_DB`: (result, base db, new db)."""
    root = copy_project(tmp_path_factory.mktemp("pr"))
    base = root / "base.db"
    shutil.copy(built_db, base)
    append_line(root / "data" / "sources.csv", SOURCE_ROW)
    append_line(root / "data" / "gpu_specs.csv", GPU_ROW)
    result = run_build(root, "--report", str(base))
    return result, base, root / "ai_energy.db"


def count(db, sql):
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchone()[0]


def test_the_sample_pull_request_builds_and_its_report_is_markdown_alone(sample_pr):
    result, _, new = sample_pr
    assert result.returncode == 0, result.stderr
    assert new.exists() and "Built" in result.stderr  # the status line goes to stderr, stdout is the report
    assert result.stdout.startswith("## Data review: this build against `base.db`")
    assert "Traceback" not in result.stdout + result.stderr


def test_the_report_lists_the_added_row_and_its_source(sample_pr):
    result, base, _ = sample_pr
    md = result.stdout
    gpus, sources = count(base, "SELECT count(*) FROM gpu_specs"), count(base, "SELECT count(*) FROM sources")
    assert "- **Base-table rows:** 2 added, 0 removed, 0 changed, in `sources`, `gpu_specs`." in md
    assert "- **Efficiency fits that moved:** `accelerators-2010-2026-fp32`, `all-cv`, `all-nlp`." in md
    assert f"| `gpu_specs` | {gpus} → {gpus + 1} | 1 | 0 | 0 |" in md
    assert f"| `sources` | {sources} → {sources + 1} | 1 | 0 | 0 |" in md
    table = md.split("#### `gpu_specs`")[1].split("####")[0]
    assert "Added (1):" in table
    header, rule, row = [line.strip("|").split("|") for line in table.splitlines() if line.startswith("|")][:3]
    cells = dict(zip((h.strip() for h in header), (c.strip() for c in row)))
    assert (cells["gpu"], cells["tflops"], cells["tdp_watts"], cells["source_id"]) == ("H100 SXM5", "67", "700", "nvidia-h100-datasheet")
    assert cells["gflops_per_watt"] == "95.7143"  # 67 000 GFLOPS / 700 W


def test_the_report_shows_how_the_fits_moved(sample_pr):
    result, base, _ = sample_pr
    md = result.stdout
    points = count(base, "SELECT n_points FROM efficiency_fits WHERE fit_id = 'all-cv'")
    fits = md.split("### Efficiency fits")[1].split("###")[0]
    moved = {line.split("|")[1].strip(): line for line in fits.splitlines() if line.startswith("| `")}
    assert set(moved) == {"`all-cv`", "`all-nlp`", "`accelerators-2010-2026-fp32`"}  # one more FP32 point in each
    assert f"{points} → {points + 1}" in moved["`all-cv`"] and "%)" in moved["`all-cv`"]
    assert "`desislavov2023-cv`, `desislavov2023-nlp`." in fits.split("Unchanged: ")[1]  # the paper's fits never move


def test_the_report_lists_the_joules_that_moved(sample_pr):
    result, base, new = sample_pr
    md = result.stdout
    energy = md.split("### Joules per forward pass")[1].split("###")[0]
    with sqlite3.connect(base) as b, sqlite3.connect(new) as n:
        query = "SELECT model_id, fit_id, joules FROM forward_pass_energy"
        before = {(m, f): j for m, f, j in b.execute(query)}
        after = {(m, f): j for m, f, j in n.execute(query)}
    moved = [k for k in after if abs(after[k] - before[k]) > 1e-12 * abs(before[k])]
    assert moved and {f for _, f in moved} == {"all-cv", "all-nlp"}
    assert f"{len(moved)} of {len(after)} model × fit estimates moved" in energy
    biggest = max(moved, key=lambda k: abs(after[k] / before[k] - 1))
    first_row = [line for line in energy.splitlines() if line.startswith("| ") and "`" in line][0]
    assert f"`{biggest[1]}`" in first_row and f"{after[biggest] / before[biggest] - 1:+.2%}" in first_row
    assert "### Errata\n\nUnchanged (" in md


def test_identical_databases_give_a_report_of_no_change(built_db):
    md = review.report(built_db, built_db)
    assert "No base table changed." in md and "No fit moved" in md and "No estimate moved" in md
    assert "None changed." in md


def test_changed_and_removed_rows_and_errata_are_reported(built_db, tmp_path):
    changed = tmp_path / "changed.db"
    shutil.copy(built_db, changed)
    with sqlite3.connect(changed) as db:
        db.execute("UPDATE cv_models SET top1_accuracy = 57.0 WHERE model_id = 'alexnet'")
        db.execute("DELETE FROM edge_accelerators WHERE device = 'Kneron'")
        db.execute("DELETE FROM known_errata WHERE erratum_id = 'a40-fp32-gflops-per-watt'")
    md = review.report(built_db, changed)
    edge = count(built_db, "SELECT count(*) FROM edge_accelerators")
    assert "- `alexnet`: top1_accuracy: 56.52 → 57" in md
    assert f"| `edge_accelerators` | {edge} → {edge - 1} | 0 | 1 | 0 |" in md
    assert "Removed (1):" in md and "| Kneron | 2018 |" in md
    assert "- Erratum removed `a40-fp32-gflops-per-watt`" in md


def test_review_py_compares_two_files_and_refuses_a_missing_one(built_db, tmp_path, capsys):
    assert review.main([str(built_db), str(built_db)]) == 0
    assert capsys.readouterr().out.startswith("## Data review: `ai_energy.db` against `ai_energy.db`")
    with pytest.raises(SystemExit, match="no such database file"):
        review.report(tmp_path / "missing.db", built_db)
    result = run_build(ROOT, "--check", "--report", str(tmp_path / "missing.db"))
    assert result.returncode == 2 and "no such database file" in result.stderr and "Traceback" not in result.stderr


# --- contributor documentation -------------------------------------------------------------------------------------

def test_the_worked_examples_mistakes_give_the_messages_it_shows(tmp_path):
    block = WORKED_EXAMPLE.split("Suppose you typed")[1].split("```text\n")[1].split("```")[0]
    shown = [line.strip() for line in block.splitlines() if line.strip()]
    root = copy_project(tmp_path)
    append_line(root / "data" / "sources.csv", SOURCE_ROW)
    append_line(root / "data" / "gpu_specs.csv", GPU_ROW.replace(",700,", ",700W,").replace("2022-03-22", "22/03/2022"))
    result = run_build(root, "--check")
    assert result.returncode == 1
    line = (root / "data" / "gpu_specs.csv").read_bytes().count(b"\n")  # the guide's line number is for today's data
    shown = [re.sub(r"^data/gpu_specs.csv:\d+:", f"data/gpu_specs.csv:{line}:", s) for s in shown[1:]]  # after `$ make check`
    assert result.stderr.splitlines() == shown


def test_ci_runs_ci_run_on_every_pull_request():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and not (triggers["pull_request"] or {}).get("branches")
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert ".ci/run" in steps
    template = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert template.count("- [ ]") >= 8 and "source_id" in template and "locator" in template


# --- release hygiene ------------------------------------------------------------------------------------------------

def dataset_version():
    return json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["version"]


def test_the_version_is_semantic_and_the_same_in_changelog_and_citation():
    version = dataset_version()
    assert re.fullmatch(r"\d+\.\d+\.\d+", version)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.MULTILINE)
    assert released and released[0] == version, "the newest CHANGELOG entry must be datapackage.json's version"
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0" and str(citation["version"]) == version
    assert citation["title"] and citation["authors"] and citation["license"] == "CC-BY-4.0"


@pytest.mark.asyncio
async def test_the_database_page_shows_the_dataset_version(ds):
    response = await ds.client.get("/ai_energy")
    assert response.status_code == 200
    assert f"Dataset version {dataset_version()}" in response.text


@pytest.mark.asyncio
async def test_the_home_page_shows_the_dataset_version(ds):
    response = await ds.client.get("/")
    assert response.status_code == 200
    assert f"version {dataset_version()}" in response.text.lower()
