"""The LLM era: ML.ENERGY's and MLPerf's measurements as published, the models' FLOPs per token, the method's bound and
estimate beside the meter, and the estimator that answers from them."""
import statistics

import pytest

from schema.package import load
from tests.conftest import rows
from tests.helpers import ROOT
from tests.helpers import upstream_rows as read_upstream

PACKAGE = load(ROOT)


def upstream_rows(name):
    return read_upstream(PACKAGE.resource(name).path)


# Upstream rows: all of them, as published

@pytest.mark.parametrize("name,count", [("mlenergy_llm_configurations", 838), ("mlenergy_diffusion_configurations", 1020),
                                        ("mlperf_inference_power", 31), ("epoch_notable_models", 981),
                                        ("epoch_large_scale_models", 485)])
def test_every_upstream_row_loads(db, name, count):
    assert len(upstream_rows(name)) == count
    assert db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] == count


def test_every_configuration_is_a_measurement(db):
    llm = upstream_rows("mlenergy_llm_configurations")
    diffusion = upstream_rows("mlenergy_diffusion_configurations")
    mlperf = upstream_rows("mlperf_inference_power")
    v51 = upstream_rows("mlperf_inference_v5_1_power")
    count = dict(db.execute("SELECT source_id, count(*) FROM inference_measurements_llm GROUP BY 1").fetchall())
    assert count == {"mlenergy-benchmark-v3": len(llm),
                     "mlperf-inference-v4-1": sum(r["Performance_Units"] == "Tokens/s" for r in mlperf.values()),
                     "mlperf-inference-v5-1": sum(r["Performance_Units"] == "Tokens/s" for r in v51.values())}
    count = dict(db.execute("SELECT source_id, count(*) FROM inference_measurements_diffusion GROUP BY 1").fetchall())
    assert count == {"mlenergy-benchmark-v3": len(diffusion),
                     "mlperf-inference-v4-1": sum(r["Model"] == "stable-diffusion-xl" and r["Performance_Units"] == "Samples/s"
                                                  for r in mlperf.values()),
                     "mlperf-inference-v5-1": sum(r["Model"] == "stable-diffusion-xl" and r["Performance_Units"] == "Samples/s"
                                                  for r in v51.values())}


def test_measured_joules_equal_the_upstream_cells_to_the_last_digit(db):
    llm = upstream_rows("mlenergy_llm_configurations")
    stored = {r["locator"]: r for r in rows(db, "SELECT * FROM inference_measurements_llm WHERE source_id = 'mlenergy-benchmark-v3'")}
    path = PACKAGE.resource("mlenergy_llm_configurations").path
    for line, cells in llm.items():
        r = stored[f"{path}:{line}"]
        assert repr(r["joules_per_token"]) == repr(float(cells["energy_per_token_joules"])), line
        assert r["joules_per_token"] == float(cells["energy_per_token_joules"])
        assert r["joules_per_request"] == float(cells["energy_per_request_joules"])
        assert (r["model"], r["measured_model"], r["gpu"], r["max_batch_size"]) == (
            cells["nickname"], cells["model_id"], cells["gpu_model"], int(cells["max_num_seqs"]))
    diffusion = upstream_rows("mlenergy_diffusion_configurations")
    stored = {r["locator"]: r for r in rows(db, "SELECT * FROM inference_measurements_diffusion WHERE source_id = 'mlenergy-benchmark-v3'")}
    path = PACKAGE.resource("mlenergy_diffusion_configurations").path
    for line, cells in diffusion.items():
        r = stored[f"{path}:{line}"]
        for column, cell in (("joules_per_image", "energy_per_image_joules"), ("joules_per_video", "energy_per_video_joules")):
            assert r[column] == (float(cells[cell]) if cells[cell] else None), (line, column)


def test_mlperf_joules_per_token_is_power_over_throughput(db):
    (r,) = rows(db, """SELECT * FROM inference_measurements_llm WHERE measured_model = 'llama2-70b-99' AND scenario = 'Offline'
        AND source_id = 'mlperf-inference-v4-1'""")
    cells = upstream_rows("mlperf_inference_power")[int(r["locator"].rsplit(":", 1)[1])]
    assert (cells["Model"], cells["Scenario"], cells["Power_Units"], cells["Performance_Units"]) == ("llama2-70b-99", "Offline", "Watts", "Tokens/s")
    assert r["joules_per_token"] == float(cells["Power_Result"]) / float(cells["Performance_Result"])
    assert r["model"] == "Llama 2-70B" and r["meter_scope"].startswith("whole system")


# Models and their FLOPs per token

def test_every_measured_llm_is_a_model_with_flops(db):
    measured = {r["model"] for r in rows(db, "SELECT DISTINCT model FROM inference_measurements_llm WHERE source_id = 'mlenergy-benchmark-v3'")}
    assert len(measured) == 34
    models = {r["model"]: r for r in rows(db, "SELECT * FROM llm_models")}
    assert measured <= set(models)
    flops = {r["model"] for r in rows(db, "SELECT model FROM llm_inference_flops")}
    assert measured <= flops


def test_notable_language_models_from_2018_with_a_parameter_count_are_models(db):
    linked = {r["epoch_model"] for r in rows(db, "SELECT epoch_model FROM llm_model_links WHERE source_id = 'epoch-notable-models'")}
    expected = {r["Model"].rstrip(" \n") for r in upstream_rows("epoch_notable_models").values()
                if "Language" in r["Domain"] and r["Publication date"] >= "2018-01-01" and r["Parameters"]} - linked
    stored = {r["model"]: r for r in rows(db, "SELECT * FROM llm_models WHERE measured_in IS NULL")}
    assert set(stored) == expected and len(expected) > 250
    # only the mixture-of-experts models of llm_active_params have an active count, from Epoch's own notes
    moe = {r["model"] for r in stored.values() if r["architecture"] == "MoE"}
    assert {r["params_basis"] for r in stored.values() if r["model"] not in moe} == {"total only"}
    assert all(r["active_params_billions"] is None for r in stored.values() if r["model"] not in moe)


def test_every_link_locates_the_epoch_row_it_names(db):
    links = rows(db, "SELECT * FROM llm_model_links")
    tables = {"epoch-notable-models": "epoch_notable_models", "epoch-large-scale-models": "epoch_large_scale_models"}
    for link in links:
        resource = PACKAGE.resource(tables[link["source_id"]])
        path, line = link["locator"].rsplit(":", 1)
        assert path == resource.path, link
        assert upstream_rows(resource.name)[int(line)]["Model"].rstrip(" \n") == link["epoch_model"], link


def test_release_dates_come_from_epoch_and_stay_empty_where_epoch_has_none(db):
    (llama,) = rows(db, "SELECT * FROM llm_models WHERE hf_id = 'meta-llama/Llama-3.1-8B-Instruct'")
    path, line = llama["release_date_locator"].rsplit(":", 1)
    assert upstream_rows("epoch_large_scale_models")[int(line)]["Publication date"] == llama["release_date"] == "2024-07-23"
    (gemma,) = rows(db, "SELECT * FROM llm_models WHERE hf_id = 'google/gemma-3-12b-it'")
    assert gemma["release_date"] is None and gemma["release_date_source_id"] is None


def test_flops_per_token_golden_values(db):
    flops = {r["model"]: r for r in rows(db, "SELECT * FROM llm_inference_flops")}
    assert flops["Llama 3.1 8B Instruct"]["gflops_per_token"] == 16.0  # 2 × 8 B
    assert flops["Qwen 3 235B A22B Instruct"]["gflops_per_token"] == 44.0  # 2 × 22 B active, not 235 B
    assert flops["Qwen 3 235B A22B Instruct"]["params_basis"] == "active"
    assert flops["Mixtral 8x7B"]["gflops_per_token"] == pytest.approx(25.8)  # 2 × the 12.9 B active of Epoch's notes, not 46.7 B
    assert flops["Mixtral 8x7B"]["params_basis"] == "active"


# The method against the meter

def test_bound_estimate_and_ratios_golden_values(db):
    (r,) = rows(db, """SELECT * FROM llm_energy_estimates_vs_measured WHERE model = 'Llama 3.1 8B Instruct' AND gpu = 'H100'
        AND task = 'lm-arena-chat' AND max_batch_size = 512 AND fit_id = 'desislavov2023-nlp'""")
    bound = 16 * 700 / 989.4e3  # 16 GFLOP / (989.4 TFLOPS BF16 tensor / 700 W), Epoch's H100 SXM5 80GB
    assert r["accelerator"] == "NVIDIA H100 SXM5 80GB" and r["efficiency_precision"] == "BF16/FP16 tensor"
    assert r["bound_joules_per_token"] == pytest.approx(bound, rel=1e-12)
    assert r["ratio_to_bound"] == pytest.approx(r["measured_joules_per_token"] / bound, rel=1e-12)
    assert 5 < r["ratio_to_bound"] < 7  # the first look: about 6× the bound at its best batch
    (fit,) = rows(db, "SELECT * FROM efficiency_fits WHERE fit_id = 'desislavov2023-nlp'")
    from datetime import date
    years = (date.fromisoformat(r["accelerator_release_date"]) - date.fromisoformat(fit["reference_date"])).days / 365.25
    fitted = 10 ** (fit["intercept_log10"] + fit["slope_log10_per_year"] * years)
    assert r["estimated_joules_per_token"] == pytest.approx(16 / fitted, rel=1e-9)
    assert r["ratio_to_estimate"] == pytest.approx(r["measured_joules_per_token"] * fitted / 16, rel=1e-9)

    (fp8,) = rows(db, """SELECT DISTINCT bound_joules_per_token, efficiency_precision FROM llm_energy_estimates_vs_measured
        WHERE model = 'Llama 3.1 405B Instruct FP8' AND gpu = 'B200'""")
    assert fp8["efficiency_precision"] == "FP8"
    assert fp8["bound_joules_per_token"] == pytest.approx(810 * 1000 / 4500e3, rel=1e-12)  # 810 GFLOP / (4500 TFLOPS / 1000 W)

    mlperf = rows(db, """SELECT DISTINCT measured_joules_per_token, bound_joules_per_token, ratio_to_bound FROM llm_energy_estimates_vs_measured
        WHERE measurement_key = (SELECT measurement_key FROM inference_measurements_llm WHERE measured_model = 'llama2-70b-99' AND scenario = 'Offline'
            AND source_id = 'mlperf-inference-v4-1')""")
    (m,) = mlperf
    assert m["bound_joules_per_token"] == pytest.approx(140 * 700 / 989.5e3, rel=1e-12)  # 2 × 70 B on the H200 SXM (989.5 TFLOPS, 700 W)
    assert m["ratio_to_bound"] == pytest.approx(m["measured_joules_per_token"] / m["bound_joules_per_token"], rel=1e-12)


def test_each_configuration_has_the_paper_s_language_fits_and_the_hardware_fit_at_its_weights_precision(db):
    fits = {r["weight_precision"]: set(r["fits"].split(",")) for r in rows(db, """SELECT weight_precision, group_concat(fit_id) AS fits
        FROM (SELECT DISTINCT weight_precision, fit_id FROM llm_energy_estimates_vs_measured WHERE source_id = 'mlenergy-benchmark-v3')
        GROUP BY weight_precision""")}
    paper = {r["fit_id"] for r in rows(db, "SELECT fit_id FROM efficiency_fits WHERE domain = 'nlp'")}
    assert fits["bfloat16"] == paper | {"accelerators-2010-2026-bf16-fp16-tensor"}
    assert fits["fp8"] == paper | {"accelerators-2010-2026-fp8"}
    assert fits["mxfp4"] == paper  # no FP4 fit
    per_row = rows(db, "SELECT measurement_key, count(*) AS n FROM llm_energy_estimates_vs_measured GROUP BY 1")
    assert {r["n"] for r in per_row} <= {len(paper), len(paper) + 1}


def test_no_bound_where_the_gpu_has_no_peak_at_the_weights_precision(db):
    out = rows(db, "SELECT DISTINCT gpu, bound_joules_per_token FROM llm_energy_estimates_vs_measured WHERE weight_precision = 'mxfp4'")
    assert {(r["gpu"], r["bound_joules_per_token"] is None) for r in out} == {("H100", True), ("B200", False)}
    out = rows(db, "SELECT DISTINCT gpu, bound_joules_per_token FROM llm_energy_estimates_vs_measured WHERE weight_precision = 'fp4'")
    assert {(r["gpu"], r["bound_joules_per_token"] is None) for r in out} == {("NVIDIA B200-SXM-180GB", False)}


def test_summary_counts_each_configuration_once(db):
    (s,) = rows(db, "SELECT * FROM llm_energy_bound_summary WHERE gpu = 'H100' AND max_batch_size = 8 AND weight_precision = 'bfloat16'")
    ratios = [r["ratio_to_bound"] for r in rows(db, """SELECT DISTINCT measurement_key, ratio_to_bound FROM llm_energy_estimates_vs_measured
        WHERE gpu = 'H100' AND max_batch_size = 8 AND weight_precision = 'bfloat16' AND ratio_to_bound IS NOT NULL""")]
    assert s["n_configurations"] == len(ratios)
    assert s["median_ratio_to_bound"] == pytest.approx(statistics.median(ratios), rel=1e-12)
    assert (s["min_ratio_to_bound"], s["max_ratio_to_bound"]) == (min(ratios), max(ratios))


# The estimator: tests/test_llm_estimator.py
