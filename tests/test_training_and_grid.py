"""Training runs of the LLM era checked by arithmetic, and grid intensity by region: golden values worked by hand,
card totals against their rows, the upstream grid files row for row, and the region lookup."""
import csv

import pytest

from schema.package import load
from tests.conftest import rows
from tests.helpers import ROOT, SQL_JSON
from tests.test_site import get_json

PACKAGE = load(ROOT)


def run(db, run_id):
    (r,) = rows(db, "SELECT * FROM training_emissions WHERE run_id = ?", run_id)
    return r


# Golden values, by hand from the model cards' printed figures

def test_llama_2_70b_by_hand(db):
    r = run(db, "llama2-70b-pretraining")  # card line 49: 1720320 GPU hours, 400 W (peak, PUE-adjusted), 291.42 t
    assert r["accelerator_hours"] == 1720320 and r["power_watts"] == 400 and r["pue"] is None
    assert r["energy_kwh"] == pytest.approx(688128.0)  # 1720320 h × 0.4 kW
    assert r["reported_co2e_kg"] == pytest.approx(291420.0)
    assert r["implied_grid_gco2e_per_kwh"] == pytest.approx(423.4967, abs=1e-4)  # 291420000 g / 688128 kWh
    assert r["co2e_kg"] is None and r["grid_gco2e_per_kwh"] is None  # the card states no grid intensity
    assert "PUE included by the source" in r["method"]


def test_llama_3_1_405b_by_hand(db):
    r = run(db, "llama3-1-405b-training")  # 30.84M GPU hours, 700 W, 8,930 t location-based, 0 t market-based
    assert r["energy_kwh"] == pytest.approx(21588000.0)  # 30840000 h × 0.7 kW
    assert r["implied_grid_gco2e_per_kwh"] == pytest.approx(413.6557, abs=1e-4)  # 8930000000 g / 21588000 kWh
    assert r["reported_co2e_basis"] == "location-based" and r["reported_market_co2e_kg"] == 0


def test_bloom_reports_co2e_but_no_energy_we_could_confirm(db):
    r = run(db, "bloom-176b-final-training-dynamic")
    assert r["reported_co2e_kg"] == pytest.approx(24700.0)  # abstract: approximately 24.7 tonnes, dynamic power only
    assert r["energy_kwh"] is None and r["implied_grid_gco2e_per_kwh"] is None
    assert r["method"] == "no energy: neither reported nor estimable"
    assert run(db, "bloom-176b-final-training-total")["reported_co2e_kg"] == pytest.approx(50500.0)


def test_stages_are_summed_into_their_run(db):
    r = run(db, "llama3-2-vision-11b-training")  # 147K + 98K + 896 + 224 H100 hours (card line 55)
    assert r["accelerator_hours"] == 246120 and r["energy_kwh"] == pytest.approx(246120 * 0.7)


def test_the_patterson_rows_imply_the_intensity_they_state(db):
    for r in rows(db, "SELECT * FROM training_emissions WHERE source_id = 'patterson2021'"):
        assert r["implied_grid_gco2e_per_kwh"] == pytest.approx(r["grid_gco2e_per_kwh"], rel=0.06), r["run_id"]


def test_llm_rows_agree_with_the_independent_transcription(db):
    """A second reading of the same cards (tests/fixtures/reference, README there), by someone else: every number we
    kept agrees."""
    with open(ROOT / "tests" / "fixtures" / "reference" / "llm_training_runs_transcribed.csv", encoding="utf-8") as f:
        reference = list(csv.DictReader(f))
    by_run = {r["run"]: r for r in reference}
    ours = {"Llama 2 70B pretraining": "llama2-70b-pretraining", "Llama 3 8B pretraining": "llama3-8b-pretraining",
            "Llama 3.1 405B training": "llama3-1-405b-training", "Llama 3.2 1B training": "llama3-2-1b-training",
            "Llama 3.2-Vision 11B training": "llama3-2-vision-11b-training", "Llama 3.2-Vision 90B training": "llama3-2-vision-90b-training", "Llama 3.3 70B training": "llama3-3-70b-training",
            "Llama 4 Maverick pre-training": "llama4-maverick-pretraining"}
    checked = 0
    for name, ref in by_run.items():
        run_id = ours.get(name) or next((r["run_id"] for r in rows(db, "SELECT run_id, run FROM training_emissions")
                                         if name.startswith(r["run"] + " ")), None)
        if run_id is None:
            continue
        r = run(db, run_id)
        assert r["accelerator_hours"] == pytest.approx(float(ref["gpu_hours"])), name
        assert r["power_watts"] == pytest.approx(float(ref["gpu_power_watts"])), name
        assert r["reported_co2e_kg"] == pytest.approx(float(ref["co2e_t_reported"]) * 1000), name
        checked += 1
    assert checked == 15  # every Meta row of the transcription


# Card totals

def test_every_card_total_equals_the_sum_of_its_rows_or_is_an_erratum(db):
    checks = rows(db, "SELECT row_key, column_name, agrees FROM published_value_checks WHERE relation = 'training_run_totals'")
    assert len(checks) == 8 + 8 + 6  # GPU hours and CO2e of every total, market-based CO2e where printed (not Llama 2, 3)
    disagree = {(c["row_key"], c["column_name"]) for c in checks if not c["agrees"]}
    errata = {(e["row_key"], e["column_name"]) for e in rows(db, "SELECT * FROM errata WHERE relation = 'training_run_totals'")}
    assert disagree == errata == {
        ("llama2-card-table", "published_accelerator_hours"), ("llama2-card-table", "published_co2e_kg"),
        ("llama3-2-card-prose", "published_accelerator_hours"),
        ("llama3-3-card-prose", "published_accelerator_hours"), ("llama3-3-card-prose", "published_co2e_kg")}
    (llama2,) = rows(db, "SELECT recomputed_value FROM published_value_checks WHERE row_key = 'llama2-card-table' AND column_name = 'published_co2e_kg'")
    assert llama2["recomputed_value"] == pytest.approx(31220 + 62440 + 291420)  # 385.08 t, not the printed 539.00


def test_every_card_has_a_total_and_every_total_has_rows(db):
    cards = {r["card_id"] for r in rows(db, "SELECT DISTINCT card_id FROM training_runs WHERE card_id IS NOT NULL")}
    totals = {r["card_id"] for r in rows(db, "SELECT DISTINCT card_id FROM training_run_totals")}
    assert cards == totals and len(cards) == 7


# grid_intensity: the upstream files, row for row

def data_rows(resource_name):
    path = ROOT / PACKAGE.resource(resource_name).path
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_grid_intensity_has_every_row_of_the_upstream_files(db):
    counts = {r["source_id"]: r["n"] for r in rows(db, "SELECT source_id, count(*) AS n FROM grid_intensity GROUP BY source_id")}
    assert counts == {
        "mlco2-impact": len(data_rows("mlco2_impact_regions")),  # 82
        "owid-carbon-intensity-electricity": len(data_rows("owid_carbon_intensity_electricity")),  # 6332
        "ember-monthly-electricity": sum(len(data_rows(f"ember_monthly_carbon_intensity_{k}")) for k in ("world", "europe", "us")),
    }
    assert counts["mlco2-impact"] == 82 and counts["owid-carbon-intensity-electricity"] == 6332


def test_grid_intensity_names_one_basis_per_row_from_its_vocabulary(db):
    bases = {(r["source_id"], r["basis"]) for r in rows(db, "SELECT DISTINCT source_id, basis FROM grid_intensity")}
    assert bases == {("mlco2-impact", "not stated"), ("owid-carbon-intensity-electricity", "lifecycle"),
                     ("ember-monthly-electricity", "lifecycle")}


def test_a_grid_intensity_locator_leads_to_its_value(db):
    (r,) = rows(db, "SELECT * FROM grid_intensity WHERE region_key = 'FRA' AND period = '2022'")
    path, line = r["locator"].rsplit(":", 1)
    text = (ROOT / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert text.startswith("France,FRA,2022,") and float(text.split(",")[3]) == r["gco2e_per_kwh"]


# The lookup

def test_every_lookup_key_and_year_resolves_to_one_value(db):
    dupes = rows(db, "SELECT lookup_key, year FROM grid_intensity_lookup GROUP BY lookup_key, coalesce(year, -1) HAVING count(*) > 1")
    assert dupes == []
    (latest,) = rows(db, "SELECT * FROM grid_intensity_lookup WHERE lookup_key = 'FRA' AND year IS NULL")
    assert latest["period"] == str(rows(db, "SELECT max(year) AS y FROM grid_intensity WHERE region_key = 'FRA' AND source_id = 'owid-carbon-intensity-electricity'")[0]["y"])


@pytest.mark.asyncio
async def test_us_west_2_resolves_to_its_upstream_value(ds):
    upstream = next(r for r in data_rows("mlco2_impact_regions") if r["region"] == "us-west-2")
    (hit,) = await get_json(ds, "/ai_energy/grid_intensity_for_region.json", region="us-west-2", year="")
    assert hit["gco2e_per_kwh"] == float(upstream["impact"]) and hit["basis"] == "not stated"
    assert hit["locator"].startswith("data/upstream/mlco2/") and hit["source_id"] == "mlco2-impact"


# The estimators by region: the same answer as the region's number, the intensity named, and refusals

ESTIMATORS = {  # each estimator with a worked example and its CO2e column
    "estimate_inference_energy": (dict(model="ResNet-50", gpu="Tesla V100", precision="Mixed", inferences="1e6"), "co2e_kg"),
    "estimate_llm_energy": (dict(model="Llama 3.1 8B Instruct", gpu="H100", input_tokens="500", output_tokens="400",
                                 answers="1e6"), "total_co2e_g"),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("query", ESTIMATORS)
@pytest.mark.parametrize("region,year,key,lookup_year", [
    ("us-west-2", "", "us-west-2", None),
    ("US-West-2", "", "us-west-2", None),   # case ignored where unambiguous
    ("fra", "2022", "FRA", 2022),
    ("FRA", "", "FRA", None),               # a country without a year: its latest
])
async def test_an_estimator_gives_the_same_co2e_for_a_region_as_for_its_number(ds, db, query, region, year, key, lookup_year):
    given, co2e = ESTIMATORS[query]
    (lookup,) = rows(db, "SELECT * FROM grid_intensity_lookup WHERE lookup_key = ? AND year IS ?", key, lookup_year)
    (by_region,) = await get_json(ds, f"/ai_energy/{query}.json", **given, region=region, year=year)
    (by_number,) = await get_json(ds, f"/ai_energy/{query}.json", **given, grid_gco2e_per_kwh=repr(lookup["gco2e_per_kwh"]))
    assert by_region[co2e] == by_number[co2e] and by_number[co2e] > 0
    assert by_region["grid_gco2e_per_kwh"] == lookup["gco2e_per_kwh"]
    assert (by_region["grid_region"], by_region["grid_basis"], by_region["grid_period"], by_region["grid_source_id"],
            by_region["grid_locator"]) == (key, lookup["basis"], lookup["period"], lookup["source_id"], lookup["locator"])
    assert f"gCO2e/kWh for {key} ({lookup['region_name']})" in by_region["message"]
    assert f"basis: {lookup['basis']}; source: {lookup['source_id']}" in by_region["message"]
    assert by_number["grid_region"] is None and by_number["grid_basis"] is None


@pytest.mark.asyncio
@pytest.mark.parametrize("query", ESTIMATORS)
@pytest.mark.parametrize("grid,region,year,says", [
    ("400", "us-west-2", "", 'Give grid_gco2e_per_kwh or region, not both (given: 400 and "us-west-2").'),
    ("", "nowhere-1", "", 'region: "nowhere-1" is not a region; give a cloud region code such as us-west-2'),
    ("", "Bhs", "", 'region: "Bhs" is ambiguous: bhs is Beauharnois (cloud region); BHS is Bahamas (country)'),
    ("", "FRA", "1980", "region: no grid intensity for FRA in 1980; years 1990 to"),
    ("", "FRA", "20x2", 'year: "20x2" is not a year'),
    ("", "", "2022", "year: 2022 is the year of a region's intensity; give a region too"),
])
async def test_an_estimator_refuses_a_region_it_cannot_resolve(ds, query, grid, region, year, says):
    given, _ = ESTIMATORS[query]
    out = await get_json(ds, f"/ai_energy/{query}.json", **given, grid_gco2e_per_kwh=grid, region=region, year=year)
    assert len(out) == 1 and says in out[0]["message"]
    assert all(v is None for k, v in out[0].items() if k != "message")


@pytest.mark.asyncio
async def test_a_country_and_year_resolve_to_that_year(ds):
    (hit,) = await get_json(ds, "/ai_energy/grid_intensity_for_region.json", region="fra", year="2022")
    assert hit["region"] == "FRA" and hit["period"] == "2022" and hit["basis"] == "lifecycle"


@pytest.mark.asyncio
@pytest.mark.parametrize("region,year,says", [
    ("nowhere-1", "", 'Unknown region "nowhere-1"'),
    ("", "", "Give a region"),
    ("FRA", "1980", "No grid intensity for FRA in 1980: years 1990 to"),
    ("FRA", "20x2", 'year "20x2" is not a year'),
    ("Bhs", "", 'Region "Bhs" is ambiguous: bhs is Beauharnois (cloud region); BHS is Bahamas (country)'),
])
async def test_what_cannot_be_resolved_gets_a_message_and_no_number(ds, region, year, says):
    (row,) = await get_json(ds, "/ai_energy/grid_intensity_for_region.json", region=region, year=year)
    assert row["gco2e_per_kwh"] is None and says in row["message"]


@pytest.mark.asyncio
async def test_the_co2e_chart_puts_reported_beside_recomputed_in_tonnes(ds, db):
    from tests.test_site import DASHBOARDS
    out = await get_json(ds, SQL_JSON, sql=DASHBOARDS["training-emissions"]["charts"]["co2e"]["query"])
    kinds = {r["co2e_from"] for r in out}
    assert kinds == {"reported", "recomputed: energy × stated grid intensity"}
    (t5,) = [r for r in out if r["run"] == "T5" and r["co2e_from"] == "reported"]
    assert t5["co2e_t"] == pytest.approx(46.7)  # Patterson et al. Table 4: 46.7 tCO2e
    assert any(r["run"] == "Llama 3.1 405B" and r["co2e_t"] == pytest.approx(8930) for r in out)
    assert not [r for r in out if r["run"].startswith("Llama 3.2-vision 11B stage")]  # stages are drawn as their run
