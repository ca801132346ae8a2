"""Training energy of Epoch AI's notable models: every model with hardware, quantity and hours is estimated or listed
with the reason; estimates worked by hand; the trend through the project's fit machinery; the cluster scale."""
import csv
import math

import numpy as np
import pytest

from schema.package import load
from tests.conftest import rows
from tests.helpers import ROOT

PACKAGE = load(ROOT)


def upstream(name):
    with open(ROOT / PACKAGE.resource(name).path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def estimate(db, model):
    (r,) = rows(db, "SELECT * FROM training_energy_estimates WHERE model = ?", model)
    return r


def test_every_model_with_hardware_quantity_and_hours_is_estimated_or_says_why_not(db):
    wanted = [r for r in upstream("epoch_notable_models")
              if r["Training hardware"] and r["Hardware quantity"] and r["Training time (hours)"]]
    derived = rows(db, "SELECT * FROM training_energy_estimates")
    assert len(derived) == len(wanted) == 157
    for r in derived:
        if r["status"] == "estimated":
            assert r["tdp_energy_kwh"] > 0 and r["tdp_watts"] > 0 and r["why_not_estimated"] is None, r["model"]
        else:
            assert r["status"] == "not estimated" and r["tdp_energy_kwh"] is None and r["why_not_estimated"], r["model"]
    listed = {r["model"]: r["why_not_estimated"] for r in derived if r["status"] != "estimated"}
    assert len(listed) == 11
    assert listed["AlphaZero"].startswith("several hardware types")
    assert "gives no TDP" in listed["nekomata-14b"] and "maps it to none" in listed["Jais"]


def test_the_set_is_the_file_s_rows_with_hardware_quantity_and_hours(db):
    names = {r["Model"].strip() for r in upstream("epoch_notable_models")
             if r["Training hardware"] and r["Hardware quantity"] and r["Training time (hours)"]}
    assert {r["model"] for r in rows(db, "SELECT model FROM training_energy_estimates")} == names


@pytest.mark.parametrize("model,quantity,hours,tdp,draw", [
    ("Llama 2-70B", 1000, 1728, 400, 795557.07038946),            # A100 SXM4 80 GB, 400 W
    ("GPT-3 175B (davinci)", 10000, 355.2, 250, 5100759.60596344),  # Tesla V100 DGXS 32 GB, 250 W
    ("Gemini 1.0 Ultra", 57000, 2400, 340, 38423900.1123223),       # TPU v4, 340 W (Epoch AI's estimate)
])
def test_spot_estimates_by_hand(db, model, quantity, hours, tdp, draw):
    r = estimate(db, model)
    assert (r["hardware_quantity_count"], r["training_time_hours"], r["tdp_watts"]) == (quantity, hours, tdp)
    assert r["tdp_energy_kwh"] == pytest.approx(quantity * hours * tdp / 1000)
    assert r["epoch_estimated_energy_kwh"] == pytest.approx(draw * hours / 1000)
    assert r["epoch_to_tdp_ratio"] == pytest.approx(draw / (quantity * tdp))


def test_hand_numbers_written_out(db):
    assert estimate(db, "Llama 2-70B")["tdp_energy_kwh"] == pytest.approx(691200.0)     # 1000 × 1728 h × 0.4 kW
    assert estimate(db, "GPT-3 175B (davinci)")["tdp_energy_kwh"] == pytest.approx(888000.0)  # 10000 × 355.2 h × 0.25 kW
    assert estimate(db, "Gemini 1.0 Ultra")["tdp_energy_kwh"] == pytest.approx(46512000.0)  # 57000 × 2400 h × 0.34 kW


def test_reported_energy_stands_beside_the_estimates(db):
    gpt3 = estimate(db, "GPT-3 175B (davinci)")  # Patterson et al. 2021, Table 4: 1287 MWh
    assert gpt3["run_id"] == "patterson2021-gpt-3" and gpt3["reported_energy_kwh"] == 1287000
    assert gpt3["reported_to_tdp_ratio"] == pytest.approx(1287000 / 888000)
    llama = estimate(db, "Llama 2-70B")  # Meta reports no energy; its card's 400 W × 1720320 h is the run's energy
    assert llama["reported_energy_kwh"] is None and llama["run_energy_kwh"] == pytest.approx(688128.0)


def test_alias_rows_are_used_and_marked(db):
    h100 = [r for r in rows(db, "SELECT * FROM training_energy_estimates WHERE training_hardware = 'Nvidia H100 80G'")]
    assert h100 and all(r["accelerator"] == "NVIDIA H100 SXM5 80GB" and r["hardware_match"] == "nearest variant" and r["tdp_watts"] == 700
                        for r in h100)


def test_links_point_at_the_rows_they_name(db):
    for link in upstream("training_run_epoch_links"):
        path, _, line = link["locator"].rpartition(":")
        assert path == PACKAGE.resource("epoch_notable_models").path
        # cells span lines in this file: the row is found by name, and the locator must be the line it starts on
        (found,) = rows(db, "SELECT upstream_line FROM epoch_notable_models WHERE trim(Model) = ?", link["epoch_model"])
        assert found["upstream_line"] == int(line), link


def test_the_trend_is_the_least_squares_line_of_the_points(db):
    points = rows(db, "SELECT publication_date, tdp_energy_kwh FROM training_energy_estimates WHERE tdp_energy_kwh > 0")
    x = np.array([(np.datetime64(p["publication_date"]) - np.datetime64("2000-01-01")).astype(float) / 365.25 for p in points])
    y = np.log10([p["tdp_energy_kwh"] for p in points])
    slope, intercept = np.polyfit(x, y, 1)
    (t,) = rows(db, "SELECT * FROM training_energy_trends WHERE fit_id = 'notable-models-training-energy-tdp'")
    assert t["n_points"] == len(points) == 146
    assert t["slope_log10_per_year"] == pytest.approx(slope) and t["intercept_log10"] == pytest.approx(intercept)
    assert t["r_squared"] == pytest.approx(np.corrcoef(x, y)[0, 1] ** 2)
    assert t["doubling_time_years"] == pytest.approx(math.log10(2) / slope)
    assert t["growth_per_year"] == pytest.approx(10 ** slope)
    (f,) = rows(db, "SELECT * FROM least_squares_fits WHERE fit_id = 'notable-models-training-energy-tdp'")
    assert f["family"] == "training_energy" and f["n_points"] == 146


def test_the_largest_cluster_beside_the_largest_training_run(db):
    clusters = [r for r in upstream("epoch_gpu_clusters") if r["Status"] == "Existing" and r["Power Capacity (MW)"]]
    largest = max(clusters, key=lambda r: float(r["Power Capacity (MW)"]))
    runs = [r for r in upstream("epoch_notable_models") if r["Training power draw (W)"] and r["Training hardware"]
            and r["Hardware quantity"] and r["Training time (hours)"]]
    run = max(runs, key=lambda r: float(r["Training power draw (W)"]))
    scale = {r["item"]: r for r in rows(db, "SELECT * FROM cluster_power_scale")}
    cluster = scale["largest existing cluster"]
    training = scale["largest training run: Epoch AI's estimated power draw"]
    assert cluster["name"] == largest["Name"] and cluster["power_mw"] == float(largest["Power Capacity (MW)"])
    assert training["name"] == run["Model"].strip() and training["power_mw"] == pytest.approx(float(run["Training power draw (W)"]) / 1e6)
    assert cluster["times_largest_training_run"] == pytest.approx(cluster["power_mw"] / training["power_mw"])
