"""The estimators a reader can use: estimate_llm_energy answers Wh per answer (input and output tokens), kWh and gCO2e
for a number of answers, in the regime asked for, beside the bound and the paper method; short names for GPUs and
models; every input it cannot read gets a message, a suggestion for a near miss, and no number. And
estimate_inference_energy takes every accelerator of accelerator_efficiency."""
import re
import statistics
import urllib.parse

import pytest

from schema.metadata import generate
from tests.conftest import rows

GOOD = {"model": "Llama 3.1 8B", "gpu": "H100", "input_tokens": "500", "output_tokens": "400", "answers": "1000",
        "grid_gco2e_per_kwh": "400"}


async def get_json(ds, path, **params):
    response = await ds.client.get(f"{path}?{urllib.parse.urlencode({'_shape': 'array', **params})}")
    assert response.status_code == 200, (path, params, response.text[:500])
    return response.json()


async def estimate(ds, **params):
    out = await get_json(ds, "/ai_energy/estimate_llm_energy.json", **params)
    assert len(out) == 1, out
    return out[0]


def configurations(db, model="Llama 3.1 8B Instruct", gpu="H100"):
    return rows(db, """SELECT DISTINCT measurement_key, max_batch_size, measured_joules_per_token AS j, bound_joules_per_token,
        estimated_joules_per_token FROM llm_energy_estimates_vs_measured WHERE model = ? AND gpu = ? AND fit_id = 'desislavov2023-nlp'
        AND same_measurement_as IS NULL""", model, gpu)


@pytest.mark.asyncio
async def test_the_answer_is_wh_per_answer_checked_by_arithmetic(ds, db):
    a = await estimate(ds, **GOOD)
    runs = configurations(db)
    lowest = min(runs, key=lambda r: r["j"])
    assert round(lowest["j"], 6) == 0.070194
    assert (a["model"], a["gpu"], a["regime"], a["n_configurations"]) == (
        "Llama 3.1 8B Instruct", "NVIDIA H100 SXM5 80GB", "lowest", len(runs))
    assert a["measured_joules_per_token"] == lowest["j"]
    assert a["wh_per_answer"] == pytest.approx(lowest["j"] * 400 / 3600, rel=1e-12)
    assert a["total_kwh"] == pytest.approx(lowest["j"] * 400 / 3600 * 1000 / 1000, rel=1e-12)
    assert a["total_co2e_g"] == pytest.approx(lowest["j"] * 400 / 3600 * 1000 / 1000 * 400, rel=1e-12)
    # the bound with the prompt, by hand: 2 × 8 B active × (500 + 400) tokens / (989.4 TFLOPS / 700 W), in Wh
    assert a["bound_wh_per_answer"] == pytest.approx(2 * 8 * 900 * 700 / 989.4e3 / 3600, rel=1e-12)
    assert a["bound_output_only_wh_per_answer"] == pytest.approx(2 * 8 * 400 * 700 / 989.4e3 / 3600, rel=1e-12)
    assert a["paper_method_wh_per_answer"] == pytest.approx(lowest["estimated_joules_per_token"] * 900 / 3600, rel=1e-12)
    m = a["message"]
    assert m.startswith("Llama 3.1 8B Instruct on NVIDIA H100 SXM5 80GB, the lowest measured (")
    assert f"{a['wh_per_answer']:.3g} Wh per answer of 500 tokens in and 400 out; 1,000 answers: " in m
    assert '"Llama 3.1 8B" read as Llama 3.1 8B Instruct' in m and "SXM5 module at 700 W" in m
    assert not re.search(r"\d[eE][+-]?\d", m)  # never e-notation


@pytest.mark.asyncio
async def test_each_regime_is_its_own_figure(ds, db):
    runs = configurations(db)
    median = await estimate(ds, **GOOD, regime="median")
    assert median["measured_joules_per_token"] == pytest.approx(statistics.median(r["j"] for r in runs), rel=1e-12)
    small = await estimate(ds, **GOOD, regime="batch8")
    expected = min(r["j"] for r in runs if 1 <= r["max_batch_size"] <= 8)
    assert small["measured_joules_per_token"] == expected and small["regime"] == "batch ≤ 8"
    assert "max batch 8" in small["configuration"]
    assert small["wh_per_answer"] > 5 * (await estimate(ds, **GOOD))["wh_per_answer"]


@pytest.mark.asyncio
@pytest.mark.parametrize("model, gpu, reads", [
    ("llama 3.1 70b", "h200", None),  # never measured on an H200: a message, below
    ("Llama 3.1 70B", "H100", "Llama 3.1 70B Instruct"),
    ("LLAMA-3.1-70B-INSTRUCT", "h100", "Llama 3.1 70B Instruct"),
    ("meta-llama/Llama-3.1-8B-Instruct", "NVIDIA H100 SXM5 80GB", "Llama 3.1 8B Instruct"),
    ("Mixtral", "H200", "Mixtral 8x7B"),
    ("llama2-70b-99.9", "b200", "Llama 2-70B"),
])
async def test_short_names_ignore_case_and_say_what_they_read(ds, model, gpu, reads):
    a = await estimate(ds, **dict(GOOD, model=model, gpu=gpu))
    if reads is None:
        assert a["message"].startswith("Llama 3.1 70B Instruct was never measured on NVIDIA H200 SXM; it was measured on: ")
        return
    assert a["model"] == reads, a["message"]


@pytest.mark.asyncio
async def test_mixtral_on_8_h200_counts_its_active_parameters(ds):
    a = await estimate(ds, **dict(GOOD, model="Mixtral", gpu="H200", input_tokens="0", output_tokens="1"))
    assert a["bound_wh_per_answer"] * 3600 == pytest.approx(2 * 12.9 * 700 / 989.5e3, rel=1e-12)  # 0.01825 J per token
    assert 6.8 < a["measured_joules_per_token"] / (a["bound_wh_per_answer"] * 3600) < 7.5
    assert a["meter_scope"].startswith("whole system at the wall")


@pytest.mark.asyncio
@pytest.mark.parametrize("params, says", [
    ({"model": "Lama 3.1 70B"}, 'model: "Lama 3.1 70B" is not a measured model; did you mean Llama 3.1 70B'),
    ({"model": "GPT-5"}, 'model: "GPT-5" is not a measured model'),
    ({"gpu": "H1OO"}, 'gpu: "H1OO" is not a GPU of accelerator_efficiency; did you mean H100'),
    ({"gpu": "MI300X"}, "gpu: AMD Instinct MI300X has no LLM measurement; LLMs were measured on: B200, H100, H200"),
    ({"model": "Llama 2-70B"}, "Llama 2-70B was never measured on NVIDIA H100 SXM5 80GB; it was measured on: NVIDIA B200, NVIDIA H200 SXM."),
    ({"input_tokens": "-0"}, 'input_tokens: "-0" is not a plain number of 0 or more'),
    ({"input_tokens": ""}, 'input_tokens: "" is not a plain number'),
    ({"output_tokens": "0"}, 'output_tokens: "0" is not a plain number above 0'),
    ({"output_tokens": "1,000"}, 'output_tokens: "1,000" is not a plain number'),
    ({"answers": "-0"}, 'answers: "-0" is not a plain number above 0'),
    ({"answers": "ten"}, 'answers: "ten" is not a plain number above 0'),
    ({"regime": "fastest"}, 'regime: "fastest" is not a regime; accepted: lowest (empty), median, batch8.'),
    ({"model": "Llama 3.1-8B", "gpu": "B200", "regime": "batch8"}, "was measured at a maximum batch size of 1 to 8 (MLPerf states no batch size)"),
    ({"grid_gco2e_per_kwh": "-0"}, 'grid_gco2e_per_kwh: "-0" is not a plain number from 0 to 2,000 gCO2e/kWh'),
    ({"grid_gco2e_per_kwh": "2001"}, 'grid_gco2e_per_kwh: "2001" is not a plain number from 0 to 2,000 gCO2e/kWh'),
    ({"grid_gco2e_per_kwh": "1e9"}, 'is not a plain number from 0 to 2,000 gCO2e/kWh'),
])
async def test_every_bad_input_gets_a_message_and_no_number(ds, params, says):
    a = await estimate(ds, **dict(GOOD, **params))
    assert says in a["message"], a["message"]
    assert all(v is None for k, v in a.items() if k != "message")


@pytest.mark.asyncio
async def test_an_empty_form_asks_for_input(ds):
    a = await estimate(ds, model="", gpu="", input_tokens="", output_tokens="", grid_gco2e_per_kwh="")
    assert a["message"].startswith("Fill in model, gpu, input_tokens and output_tokens")
    assert all(v is None for k, v in a.items() if k != "message")


@pytest.mark.asyncio
async def test_one_token_and_one_answer_are_singular_and_tiny_figures_plain(ds):
    a = await estimate(ds, **dict(GOOD, input_tokens="1", output_tokens="1", answers="1"))
    assert "of 1 token in and 1 out; 1 answer: " in a["message"] and "1 tokens" not in a["message"]
    assert not re.search(r"\d[eE][+-]?\d", a["message"])
    assert a["total_kwh"] is None  # under 1 Wh the answer is in Wh (total_wh), not 3.6e-5 kWh
    assert a["total_wh"] == pytest.approx(a["wh_per_answer"])


def test_every_output_column_ends_in_its_unit():
    import yaml
    from tests.helpers import ROOT
    sql = generate()["databases"]["ai_energy"]["queries"]
    for query in ("estimate_llm_energy", "estimate_inference_energy"):
        text = sql[query]["sql"]
        head = text[text.index("SELECT (SELECT group_concat(message, ' ') FROM problems) AS message"):]
        names = re.findall(r"NULL AS (\w+)", head[:head.index("WHERE EXISTS")])
        assert len(names) > 15
        numeric = [n for n in names if n not in ("message", "model", "model_id", "domain", "gpu", "precision", "regime",
                                                  "configuration", "meter_scope", "efficiency_basis")
                   and not n.startswith("grid_") or n == "grid_gco2e_per_kwh"]
        units = ("_wh", "_kwh", "_g", "_kg", "_per_kwh", "_per_token", "_per_watt", "_per_inference", "_per_answer",
                 "_tokens", "answers", "inferences", "gflops", "n_configurations")
        assert [n for n in numeric if not n.endswith(units)] == [], query
    assert sql["estimate_llm_energy"].get("hide_sql") is True and sql["estimate_inference_energy"].get("hide_sql") is True


# The curated names stand for what they say

def test_every_short_name_names_something_measured_or_listed(db):
    for r in rows(db, "SELECT * FROM accelerator_short_names"):
        assert rows(db, "SELECT 1 FROM accelerator_efficiency WHERE accelerator = ? AND locator = ?", r["accelerator"], r["locator"]), r
    for r in rows(db, "SELECT * FROM llm_model_short_names"):
        assert rows(db, "SELECT 1 FROM inference_measurements_llm WHERE model = ? AND locator = ?", r["model"], r["locator"]), r


# The classic estimator takes every accelerator

@pytest.mark.asyncio
async def test_estimate_inference_energy_takes_an_h100(ds, db):
    out = await get_json(ds, "/ai_energy/estimate_inference_energy.json", model="BERT Large", gpu="H100", precision="Mixed",
                         inferences="1e6", grid_gco2e_per_kwh="400")
    (a,) = out
    (peak,) = rows(db, """SELECT gflops_per_watt FROM accelerator_efficiency WHERE accelerator = 'NVIDIA H100 SXM5 80GB'
        AND precision = 'BF16/FP16 tensor' AND is_preferred = 1""")
    (bert,) = rows(db, "SELECT gflops FROM nlp_models WHERE model = 'BERT Large'")
    assert a["gpu"] == "NVIDIA H100 SXM5 80GB" and a["efficiency_basis"].startswith("peak BF16/FP16 tensor")
    assert a["joules_per_inference"] == pytest.approx(bert["gflops"] / peak["gflops_per_watt"], rel=1e-12)
    assert a["co2e_kg"] == pytest.approx(bert["gflops"] / peak["gflops_per_watt"] * 1e6 / 3.6e6 * 0.4, rel=1e-12)


@pytest.mark.asyncio
async def test_estimate_inference_energy_takes_every_accelerator(ds, db):
    """Each accelerator by its full name, at a precision it has (FP32 for a GPU of the paper, its adapted row)."""
    accelerators = rows(db, """SELECT e.accelerator, CASE WHEN n.paper_gpu IS NOT NULL THEN 'FP32' ELSE min(e.precision) END AS precision,
            n.paper_gpu
        FROM accelerator_efficiency e
        LEFT JOIN (SELECT DISTINCT accelerator, paper_gpu FROM accelerator_names WHERE paper_gpu IN (SELECT gpu FROM adapted_gpu_efficiency)) n
            ON n.accelerator = e.accelerator
        WHERE e.is_preferred = 1 GROUP BY e.accelerator""")
    assert len(accelerators) == db.execute("SELECT count(DISTINCT accelerator) FROM accelerator_efficiency WHERE is_preferred = 1").fetchone()[0] > 150
    for r in accelerators:
        (a,) = await get_json(ds, "/ai_energy/estimate_inference_energy.json", model="ResNet-50", gpu=r["accelerator"],
                              precision=r["precision"], inferences="1000")
        assert a["joules_per_inference"] and a["gpu"] == (r["paper_gpu"] or r["accelerator"]), (r, a["message"])
    # one with no GFLOPS/W at all (no TDP stated) is named, and gets no number
    (a,) = await get_json(ds, "/ai_energy/estimate_inference_energy.json", model="ResNet-50", gpu="AWS Inferentia2",
                          precision="FP32", inferences="1000")
    assert a["message"].startswith("gpu: AWS Inferentia2 has no GFLOPS/W") and a["joules_per_inference"] is None
