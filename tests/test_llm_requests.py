"""What one answer costs: active parameters of mixture-of-experts models, MLPerf's accuracy-target duplicates counted
once, MLPerf Inference v5.1 at the wall, energy per request with the prompt in the bound, and the regimes side by side."""
import csv
import io
import json
import os
import re
import statistics
from pathlib import Path

import pytest

from schema.package import load
from tests.conftest import rows
from tests.helpers import ROOT
from tests.helpers import upstream_rows as read_upstream
from reduce.mlperf_power_rows import power_rows_csv

PACKAGE = load(ROOT)
H100_SXM_GFLOPS_PER_WATT = 989.4e3 / 700  # Epoch's H100 SXM5 80GB: 989.4 TFLOPS BF16 tensor at 700 W
H200_GFLOPS_PER_WATT = 989.5e3 / 700  # Epoch's H200 SXM


def upstream_rows(name):
    return read_upstream(PACKAGE.resource(name).path)


# Corrections: active parameters, accuracy targets, the H100's form factor

def test_mixtral_uses_the_12_9_b_active_that_epoch_s_row_states(db):
    (link,) = rows(db, "SELECT * FROM llm_active_params WHERE epoch_model = 'Mixtral 8x7B'")
    line = int(link["locator"].rsplit(":", 1)[1])
    assert line == 754
    notes = upstream_rows("epoch_notable_models")[line]["Parameters notes"]
    assert "only uses 12.9B parameters per token" in notes and link["stated"] in notes
    (m,) = rows(db, "SELECT * FROM llm_models WHERE model = 'Mixtral 8x7B'")
    assert (m["total_params_billions"], m["active_params_billions"], m["architecture"]) == (46.7, 12.9, "MoE")
    bounds = rows(db, """SELECT DISTINCT measurement_key, bound_joules_per_token, ratio_to_bound FROM llm_energy_estimates_vs_measured
        WHERE model = 'Mixtral 8x7B'""")
    assert len(bounds) == 2
    for b in bounds:
        assert b["bound_joules_per_token"] == pytest.approx(2 * 12.9 / H200_GFLOPS_PER_WATT, rel=1e-12)
        assert round(b["bound_joules_per_token"], 5) == 0.01825
    assert sorted(round(b["ratio_to_bound"], 1) for b in bounds) == [6.9, 7.4]


MOE_WORDS = re.compile(r"mixture|\bMoE\b|sparse|\bactive\b|activated", re.IGNORECASE)


def test_every_mixture_of_experts_model_has_an_active_count_or_no_flops(db):
    curated = {r["locator"]: r for r in rows(db, "SELECT * FROM llm_active_params")}
    notable = upstream_rows("epoch_notable_models")
    path = PACKAGE.resource("epoch_notable_models").path
    language = {r["model"]: r for r in rows(db, "SELECT * FROM llm_models WHERE params_source_id = 'epoch-notable-models'")}
    flagged = {locator for locator, r in ((f"{path}:{line}", r) for line, r in notable.items())
               if r["Model"].rstrip(" \n") in language and MOE_WORDS.search(r["Parameters notes"])
               and "densely activated" not in r["Parameters notes"]}
    assert flagged and flagged <= set(curated), sorted(flagged - set(curated))
    for locator, r in curated.items():  # each count is the one Epoch's notes state, at its row
        notes = notable[int(locator.rsplit(":", 1)[1])]["Parameters notes"]
        assert r["stated"] in notes, locator
        if r["active_params_billions"] is not None:
            assert f"{r['active_params_billions']:g}" in r["stated"], locator
        else:
            assert r["notes"], f"{locator}: no active count and no reason"
    flops = {r["model"]: r for r in rows(db, "SELECT * FROM llm_inference_flops")}
    for m in rows(db, "SELECT * FROM llm_models WHERE architecture = 'MoE'"):
        if m["active_params_billions"] is None:
            assert m["model"] not in flops, f"{m['model']}: an MoE model's FLOPs counted from its total"
        else:
            assert flops[m["model"]]["params_basis"] == "active"
            assert flops[m["model"]]["gflops_per_token"] == pytest.approx(2 * m["active_params_billions"])
    measured = rows(db, """SELECT DISTINCT l.* FROM inference_measurements_llm i JOIN llm_models l ON l.model = i.model
        WHERE l.architecture = 'MoE'""")
    assert measured and all(m["active_params_billions"] for m in measured)


def test_llama_3_1_8b_on_one_h100_golden_values(db):
    out = rows(db, """SELECT * FROM llm_energy_estimates_vs_measured WHERE model = 'Llama 3.1 8B Instruct' AND gpu = 'H100'
        AND fit_id = 'desislavov2023-nlp' ORDER BY measured_joules_per_token""")
    lowest = out[0]
    assert (lowest["num_gpus"], lowest["max_batch_size"], lowest["parallelism"]) == (1, 512, "TP1 EP1 DP1")
    assert round(lowest["measured_joules_per_token"], 6) == 0.070194
    assert lowest["bound_joules_per_token"] == pytest.approx(16 / H100_SXM_GFLOPS_PER_WATT, rel=1e-12)
    assert round(lowest["ratio_to_bound"], 2) == 6.20


def test_accuracy_target_duplicates_are_marked_and_counted_once(db):
    mlperf = {r["measurement_key"]: r for r in rows(db, "SELECT * FROM inference_measurements_llm WHERE source_id LIKE 'mlperf%'")}
    for key, r in mlperf.items():
        twin = r["same_measurement_as"]
        if twin:
            t = mlperf[twin]
            assert r["accuracy_target_percent"] == 99.9 and t["accuracy_target_percent"] == 99.0
            assert (r["power_watts"], r["output_tokens_per_s"], r["scenario"]) == (t["power_watts"], t["output_tokens_per_s"], t["scenario"])
            assert r["measured_model"] == t["measured_model"] + ".9"
    marked = {(r["source_id"], r["measured_model"], r["scenario"]) for r in mlperf.values() if r["same_measurement_as"]}
    assert marked == {("mlperf-inference-v4-1", "gptj-99.9", "Offline"), ("mlperf-inference-v4-1", "gptj-99.9", "Server"),
                      ("mlperf-inference-v4-1", "llama2-70b-99.9", "Offline"), ("mlperf-inference-v4-1", "llama2-70b-99.9", "Server"),
                      ("mlperf-inference-v5-1", "llama2-70b-99.9", "Offline")}
    # v5.1's Server run at 99.9 % is its own measurement (99,203.9 tokens/s against 99,159.3): it counts
    (s,) = rows(db, """SELECT * FROM llm_energy_bound_summary WHERE gpu = 'NVIDIA H200-SXM-141GB'""")
    counted = [r for r in mlperf.values() if r["gpu"] == "NVIDIA H200-SXM-141GB" and not r["same_measurement_as"]
               and r["model"] != "gptj-99"]
    assert s["n_configurations"] == len(counted) == 4  # Llama 2 70B and Mixtral, Offline and Server; GPT-J has no FLOPs row
    (regime,) = rows(db, "SELECT * FROM llm_energy_by_regime WHERE model = 'Llama 2-70B' AND gpu = 'NVIDIA H200-SXM-141GB'")
    assert regime["n_configurations"] == 2


def test_readme_states_the_h100_mapping_and_what_the_pcie_card_would_give(db):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (alias,) = rows(db, "SELECT * FROM accelerator_aliases WHERE alias = 'H100' AND source_id = 'mlenergy-benchmark-v3'")
    assert alias["accelerator"] == "NVIDIA H100 SXM5 80GB"
    effs = {r["accelerator"]: r for r in rows(db, """SELECT * FROM accelerator_efficiency WHERE precision = 'BF16/FP16 tensor'
        AND is_preferred = 1 AND accelerator IN ('NVIDIA H100 SXM5 80GB', 'NVIDIA H100 PCIe')""")}
    sxm, pcie = effs["NVIDIA H100 SXM5 80GB"], effs["NVIDIA H100 PCIe"]
    assert pcie["tdp_watts"] == 350 and sxm["tdp_watts"] == 700
    factor = pcie["gflops_per_watt"] / sxm["gflops_per_watt"]
    for stated in ("SXM5", "700 W", "350 W", f"{sxm['gflops_per_watt']:,.0f} GFLOPS/W", f"{pcie['gflops_per_watt']:,.0f} GFLOPS/W",
                   f"{factor:.2f}×", pcie["locator"].rsplit(":", 1)[1]):
        assert stated in readme, stated


# MLPerf Inference v5.1, at the wall

def test_a_v5_1_b200_row_is_system_watts_over_tokens_per_second(db):
    cells = upstream_rows("mlperf_inference_v5_1_power")
    line = next(n for n, c in cells.items() if c["Model"] == "llama3.1-8b" and c["Scenario"] == "Offline")
    c = cells[line]
    assert (c["Accelerator"], c["a#"], c["Power_Units"], c["Performance_Units"]) == ("NVIDIA B200-SXM-180GB", "8", "Watts", "Tokens/s")
    (r,) = rows(db, "SELECT * FROM inference_measurements_llm WHERE measurement_key = ?", f"mlperf-v5-1:{line}")
    assert r["joules_per_token"] == float(c["Power_Result"]) / float(c["Performance_Result"])
    assert round(r["joules_per_token"], 5) == round(9436.05296875 / 146960.0, 5) == 0.06421
    assert (r["model"], r["num_gpus"], r["meter_scope"]) == ("Llama 3.1-8B", 8, "whole system at the wall (power analyzer), performance phase")
    # beside ML.ENERGY's B200 rows of the same model
    side = {r["source_id"] for r in rows(db, "SELECT * FROM llm_energy_by_regime WHERE epoch_model = 'Llama 3.1-8B' AND gpu LIKE '%B200%'")}
    assert side == {"mlenergy-benchmark-v3", "mlperf-inference-v5-1"}


def test_the_v5_1_snapshot_is_the_power_rows_of_summary_results():
    vendored = Path(ROOT / PACKAGE.resource("mlperf_inference_v5_1_power").path).read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(vendored)))
    assert len(table) == 24 and all(r["has_power"] == "true" for r in table)
    sample = json.loads((ROOT / "tests/fixtures/mlperf_v5.1_summary_results_sample.json").read_text(encoding="utf-8"))
    reduced = list(csv.DictReader(io.StringIO(power_rows_csv(sample))))
    assert len(reduced) == 2  # the row without power is dropped
    by_key = {(r["ID"], r["Model"], r["Scenario"]): r for r in table}
    for r in reduced:
        assert r == {k: by_key[(r["ID"], r["Model"], r["Scenario"])][k] for k in r}


@pytest.mark.skipif(not os.environ.get("MLPERF_V51_SUMMARY_RESULTS"),
                    reason="set MLPERF_V51_SUMMARY_RESULTS to MLCommons' summary_results.json (v5.1, sha256 68c19b46…) "
                           "to check the whole reduction byte for byte; the project does not vendor the 2.2 MB file")
def test_the_reduction_of_the_whole_file_is_the_snapshot_byte_for_byte():
    results = json.loads(Path(os.environ["MLPERF_V51_SUMMARY_RESULTS"]).read_text(encoding="utf-8"))
    vendored = Path(ROOT / PACKAGE.resource("mlperf_inference_v5_1_power").path).read_bytes()
    assert power_rows_csv(results).encode("utf-8") == vendored


# Requests, not only tokens

def test_request_level_bound_by_hand(db):
    (r,) = rows(db, """SELECT * FROM llm_energy_per_request WHERE model = 'Llama 3.1 8B Instruct' AND gpu = 'H100'
        AND task = 'lm-arena-chat' AND max_batch_size = 512""")
    out = r["output_tokens_per_request"]
    assert out == pytest.approx(396.67138671875)  # ML.ENERGY's avg_output_len of the configuration
    assert r["bound_output_only_joules_per_request"] == pytest.approx(2 * 8 * out * 700 / 989.4e3, rel=1e-12)
    assert r["measured_wh_per_request"] == pytest.approx(r["measured_joules_per_request"] / 3600, rel=1e-12)
    assert r["ratio_to_bound_output_only"] == pytest.approx(6.2009, abs=1e-4)
    # ML.ENERGY publishes no input length: the bound with the prompt stays empty, and says why
    assert r["input_tokens_per_request"] is None and r["bound_with_prompt_joules_per_request"] is None
    assert "publishes no input length" in r["lengths_notes"]
    # MLPerf v4.1's Mixtral: the benchmark's reference 144.84 output tokens per sample, cited
    (m,) = rows(db, "SELECT * FROM llm_energy_per_request WHERE model = 'Mixtral 8x7B' AND scenario = 'Offline'")
    assert m["output_tokens_per_request"] == 144.84 and m["lengths_locator"].endswith("language/mixtral-8x7b/README.md:292")
    assert m["bound_output_only_joules_per_request"] == pytest.approx(2 * 12.9 * 144.84 / H200_GFLOPS_PER_WATT, rel=1e-12)


def test_the_bound_with_the_prompt_counts_prefill_and_decode(db):
    """2 × active parameters × (input + output) / peak: checked on every row where the input length is known."""
    for r in rows(db, "SELECT * FROM llm_energy_per_request WHERE bound_with_prompt_joules_per_request IS NOT NULL"):
        n = r["input_tokens_per_request"] + r["output_tokens_per_request"]
        assert r["bound_with_prompt_joules_per_request"] == pytest.approx(2 * r["active_params_billions"] * n / r["peak_gflops_per_watt"])
        assert r["ratio_to_bound_with_prompt"] < r["ratio_to_bound_output_only"]
    for r in rows(db, "SELECT * FROM llm_energy_per_request WHERE input_tokens_per_request IS NULL"):
        assert r["lengths_notes"] or r["lengths_source_id"] is None


def test_every_documented_length_is_cited_or_says_why_it_is_empty(db):
    for r in rows(db, "SELECT * FROM llm_request_lengths"):
        assert r["locator"] and r["notes"]
        if r["output_tokens_per_request"] is not None:
            assert f"{r['output_tokens_per_request']:g}" in r["notes"], r


# Regimes

def test_every_measured_row_carries_its_regime(db):
    for r in rows(db, "SELECT * FROM inference_measurements_llm"):
        assert r["num_gpus"] and r["meter_scope"]
        if r["source_id"] == "mlenergy-benchmark-v3":
            assert r["max_batch_size"] and r["avg_batch_size"] and r["parallelism"] == (
                f"TP{r['tensor_parallel']} EP{r['expert_parallel']} DP{r['data_parallel']}")


def test_regimes_side_by_side_for_llama_3_1_8b_on_h100(db):
    (r,) = rows(db, "SELECT * FROM llm_energy_by_regime WHERE model = 'Llama 3.1 8B Instruct' AND gpu = 'H100'")
    runs = rows(db, """SELECT DISTINCT measurement_key, max_batch_size, measured_joules_per_token AS j FROM llm_energy_estimates_vs_measured
        WHERE model = 'Llama 3.1 8B Instruct' AND gpu = 'H100'""")
    assert r["n_configurations"] == len(runs)
    assert r["best_joules_per_token"] == min(x["j"] for x in runs) and round(r["best_ratio_to_bound"], 2) == 6.20
    small = [x["j"] for x in runs if 1 <= x["max_batch_size"] <= 8]
    assert r["batch_1_8_joules_per_token"] == min(small)
    assert r["median_joules_per_token"] == pytest.approx(statistics.median(x["j"] for x in runs), rel=1e-12)
    assert r["batch_1_8_ratio_to_bound"] == pytest.approx(min(small) / r["bound_joules_per_token"], rel=1e-12)
    assert r["batch_1_8_ratio_to_bound"] > 5 * r["best_ratio_to_bound"]  # small batches cost far more per token


# Disclosed per-prompt figures

def test_disclosed_figures_state_their_boundary_and_quote_their_source(db):
    out = rows(db, "SELECT * FROM disclosed_query_energy")
    assert out
    for r in out:
        figures = [r[c] for c in ("energy_wh", "co2e_g", "water_ml") if r[c] is not None]
        assert figures, r["disclosure_id"]
        for f in figures:
            assert f"{f:g}" in r["quote"], (r["disclosure_id"], f)
        assert r["boundary"] and r["locator"]
    (g,) = [r for r in out if r["provider"] == "Google"]
    assert (g["energy_wh"], g["water_ml"], g["boundary"]) == (0.24, 0.26, "data centre with PUE")
    # the press-only figures are named in the README, and none of them is a row
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for press_only in ("0.03 gCO2e", "1.14 gCO2e", "0.34 Wh"):
        assert press_only in readme
    assert not [r for r in out if r["provider"] in ("OpenAI", "Mistral AI")]
