"""The curated CSVs against the seed documents they were transcribed from (../shared/seeds), value by value.

The arXiv version's tables are pipe-delimited text, so they are parsed here independently of the CSVs; the journal-only
tables are checked on a sample of values. A second, blind transcription was diffed against the CSVs once
(docs/transcription.md); these tests keep them from drifting since."""
import csv
import re
from pathlib import Path

import pytest

from tests.helpers import ROOT

SEEDS = ROOT.parent / "shared" / "seeds"
ARXIV = SEEDS / "003_471f6b9561a32cdc.txt"
JOURNAL = SEEDS / "001_ee65fab111f6e3a6.txt"
SEED_FILES = [SEEDS / f"{name}.txt" for name in ("000_d6b793689cb2f7f2", "001_ee65fab111f6e3a6", "003_471f6b9561a32cdc",
                                                  "004_f7fa09c86bf79b34")]
# The seeds are the publishers' texts (the paper's journal and arXiv versions, a CodeCarbon page, a Hugging Face
# discussion), not the project's to redistribute: a clone without ../shared/seeds beside it skips these checks.
pytestmark = pytest.mark.skipif(not all(p.exists() for p in SEED_FILES), reason="../shared/seeds is not beside this checkout")


def csv_rows(name):
    with open(ROOT / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def pipe_table(header_start, stop_at="Adapted |"):
    """The rows of the arXiv pipe table whose header line starts with header_start, cells stripped, the trailing
    empties dropped (rows of a group repeat no first cell, so they are one cell short: the caller handles that).
    The table ends at the first line without a '|', or at stop_at (Table 8 runs straight into Table 9)."""
    lines = ARXIV.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start)) + 1
    out = []
    for line in lines[start:]:
        if line.startswith("---"):
            continue
        if "|" not in line or line.startswith(stop_at):
            break
        cells = [c.strip() for c in line.split("|")]
        while cells and cells[-1] == "":
            cells.pop()
        out.append(cells)
    return out


def value(cell):
    """'56.52 [Paszke et al., 2016]' -> ('56.52', 'Paszke et al., 2016')."""
    m = re.match(r"^(.*?)\s*(?:\[(.+)\])?$", cell)
    return m.group(1), m.group(2) or ""


def iso(d):
    day, month, year = d.split("/")
    return f"{year}-{month}-{day}"


def test_cv_models_match_arxiv_table_2_cell_by_cell():
    seed = pipe_table("Model | Top-1 Acc. | Params (M)")
    ours = csv_rows("cv_models")
    assert len(seed) == len(ours) == 94
    for s, o in zip(seed, ours):
        assert (o["model"], o["model_citation"]) == value(s[0])
        assert (o["top1_accuracy"], o["top1_accuracy_cited_from"]) == value(s[1])
        assert (o["params_millions"], o["params_millions_cited_from"]) == value(s[2])
        assert (o["gflops"], o["gflops_cited_from"]) == value(s[3])
        assert [o["extra_training_data"], o["release_date"], o["architecture"]] == [s[4], iso(s[5]), s[6]]


def test_nlp_models_match_arxiv_table_7_cell_by_cell():
    seed = pipe_table("Model | Input Tokens | GFLOPs")
    ours = csv_rows("nlp_models")
    assert len(seed) == len(ours) == 19
    for s, o in zip(seed, ours):
        glue, glue_from = value(s[5])
        assert (o["model"], o["model_citation"]) == value(s[0])
        assert [o["input_tokens"], (o["gflops"], o["gflops_cited_from"]), o["params_millions"], o["release_date"]] == \
               [s[1], value(s[2]), s[3], iso(s[4])]
        assert (o["glue_score"], o["glue_score_cited_from"]) == (("", "") if glue == "-" else (glue, glue_from))


def test_gpu_specs_match_arxiv_table_8_plus_the_journals_two_a40_rows():
    seed = pipe_table("GPU | Precision | TFLOPS | Watts")
    ours = csv_rows("gpu_specs")
    assert len(seed) == 48 and len(ours) == 50
    for s, o in zip(seed, ours):
        assert [o["gpu"], o["precision"], o["tflops"], o["tdp_watts"], o["launch_date"], o["gpu_type"], o["published_gflops_per_watt"]] == \
               [s[0], s[1], s[2], s[3], iso(s[4]), s[5], s[6]]
    journal = JOURNAL.read_text(encoding="utf-8")
    for o in ours[48:]:
        assert o["gpu"] == "A40" and o["source_id"] == "desislavov2023"
        line = f"A40\t{o['precision']}\t{o['tflops']}\t{o['tdp_watts']}\t05/10/2020\tServer\t{o['published_gflops_per_watt']}"
        assert line in journal


def test_inference_throughput_matches_arxiv_table_3_cell_by_cell():
    seed = pipe_table("Task | Model | Framework")
    ours = csv_rows("inference_throughput")
    assert len(seed) == len(ours) == 58
    domain = None
    for s, o in zip(seed, ours):
        if s[0] in ("CV", "NLP"):
            domain, s = s[0].lower(), s[1:]
        assert [o["domain"], o["model"], o["framework"], o["batch_size"], o["gpu_variant"], o["precision"], o["throughput"], o["published_speedup"]] == \
               [domain, *s]


def test_published_speedups_match_arxiv_table_4():
    seed = pipe_table("GPU | Precision speed up")
    printed = {(row[-2], row[-1]) for row in seed}
    ours = csv_rows("published_speedups")
    pairs = {}
    for o in ours:
        pairs.setdefault((o["gpu"], o["precision"]), {})[o["domain"]] = o["published_speedup"]
    assert {(p["cv"], p["nlp"]) for p in pairs.values()} == printed


@pytest.mark.parametrize("line", [
    "AlexNet\t0.033\t0.035\t0.023\t0.022\t0.037\t0.019",
    "Vgg16\t0.542\t0.769\t0.373\t0.473\t0.555\t0.417",
])
def test_k10_rows_are_in_the_journal(line):
    name, *values = line.split("\t")
    assert line in JOURNAL.read_text(encoding="utf-8")
    ours = [r for r in csv_rows("energy_measurements") if r["measurement_id"].startswith("k10-") and r["model"] == name]
    by_gpu = {r["system"]: r for r in ours}
    assert [v for g in ("P100", "V100", "RTX 2080 Ti") for v in (by_gpu[g]["measured_joules"], by_gpu[g]["published_estimated_joules"])] == values


def test_journal_only_tables_have_their_printed_row_counts():
    em = csv_rows("energy_measurements")
    assert sum(r["measurement_id"].startswith("k10-") for r in em) == 12  # 4 models x 3 GPUs
    assert sum(r["measurement_id"].startswith("k11-") for r in em) == 6   # 3 GPUs x FP32/FP16
    assert sum(r["measurement_id"].startswith("l13-") for r in em) == 7
    assert len(csv_rows("edge_accelerators")) == 23
    journal = JOURNAL.read_text(encoding="utf-8")
    for r in csv_rows("edge_accelerators"):
        assert f"{r['device']}\t{r['year']}\t{r['device_type']}\t{r['gops_per_watt']}" in journal


def test_value_markers_follow_the_journal():
    cv = {r["model_id"]: r for r in csv_rows("cv_models")}
    estimated = {m for m, r in cv.items() if r["gflops_flag"] == "estimated"}
    assert estimated == {"noisystudent-l2", "fixefficientnet-l2", "fixefficientnet-b7", "fixefficientnet-b0", "meta-pseudo-labels-l2", "vit-g-14"}
    assert cv["alexnet"]["params_millions_flag"] == cv["alexnet"]["gflops_flag"] == "tool"
    nlp = {r["model_id"]: r for r in csv_rows("nlp_models")}
    assert nlp["elmo"]["glue_dev_set"] == "true"
    assert nlp["bert-large"]["params_millions_flag"] == "estimated"


def test_training_runs_match_their_sources():
    runs = {r["run_id"]: r for r in csv_rows("training_runs")}
    assert sum(r["source_id"] == "codecarbon-model-comparisons" for r in runs.values()) == 11
    assert sum(r["source_id"] == "patterson2021" for r in runs.values()) == 6
    assert sum(r["source_id"] == "idefics-model-card" for r in runs.values()) == 5
    codecarbon = (SEEDS / "000_d6b793689cb2f7f2.txt").read_text(encoding="utf-8")
    assert "- 256 A100 - 192 - 13 812.4" in codecarbon and runs["codecarbon-6b-transformer"]["reported_energy_kwh"] == "13812.4"
    assert "- 4 V100 - 216 - 237.6" in codecarbon and runs["codecarbon-vit-huge"]["reported_energy_kwh"] == "237.6"
    with open(ROOT / "tests" / "fixtures" / "reference" / "patterson2021_table4.csv", encoding="utf-8") as f:
        patterson = list(csv.DictReader(f))
    for p in patterson:
        ours = next(r for r in runs.values() if r["source_id"] == "patterson2021" and r["run"] == p["model"])
        assert float(ours["duration_hours"]) == pytest.approx(float(p["train_days"]) * 24)
        assert float(ours["reported_energy_kwh"]) == pytest.approx(float(p["energy_mwh"]) * 1000)
        assert float(ours["reported_co2e_kg"]) == pytest.approx(float(p["gross_tco2e"]) * 1000)
        assert int(ours["accelerator_count"]) == int(p["n_chips"])
    idefics = (SEEDS / "004_f7fa09c86bf79b34.txt").read_text(encoding="utf-8")
    assert "**Carbon Emitted:** 39,498 kg of CO2eq" in idefics and runs["idefics-80b-pretraining"]["reported_co2e_kg"] == "39498"
