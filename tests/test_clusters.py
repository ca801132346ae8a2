"""AI clusters and data centres (Epoch AI's GPU Clusters and Frontier Data Centers): the derived relations against the
vendored upstream files, read here independently with the csv module."""
import csv
import datetime
from collections import defaultdict

import pytest

from schema.package import load
from tests.conftest import rows
from tests.helpers import ROOT

PACKAGE = load(ROOT)


def upstream_rows(name):
    with open(ROOT / PACKAGE.resource(name).path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def number(cell):
    return float(cell) if cell != "" else None


def test_cluster_power_sums_per_year_are_the_file_s(db):
    by_year, counts, largest = defaultdict(float), defaultdict(int), defaultdict(float)
    for r in upstream_rows("epoch_gpu_clusters"):
        if r["First Operational Date"]:
            year = int(r["First Operational Date"][:4])
            counts[year] += 1
            if r["Power Capacity (MW)"]:
                by_year[year] += float(r["Power Capacity (MW)"])
                largest[year] = max(largest[year], float(r["Power Capacity (MW)"]))
    derived = {r["first_operational_year"]: r for r in rows(db, "SELECT * FROM ai_cluster_power_by_year")}
    assert set(derived) == set(counts) and len(derived) >= 15
    for year, r in derived.items():
        assert r["cluster_count"] == counts[year]
        assert r["power_capacity_sum_mw"] == pytest.approx(by_year[year], rel=1e-12), year
        assert r["largest_power_capacity_mw"] == pytest.approx(largest[year]), year
    assert derived[2024]["power_capacity_sum_mw"] == pytest.approx(1273.87091488)  # the file's 2024 rows, summed


def test_every_cluster_keeps_its_power_and_says_whether_it_is_reported_or_calculated(db):
    file = upstream_rows("epoch_gpu_clusters")
    derived = rows(db, "SELECT * FROM ai_clusters ORDER BY upstream_line")
    assert len(derived) == len(file) == 786
    bases = defaultdict(int)
    for up, r in zip(file, derived):
        assert r["cluster"] == up["Name"] and r["power_capacity_mw"] == number(up["Power Capacity (MW)"])
        assert r["chip_count"] == number(up["Total number of AI chips"]) and r["owner"] == (up["Owner"] or None)
        if up["Power Capacity (MW)"]:
            expected = "reported" if up["Power Capacity (MW)"] == up["Reported Power Capacity (MW)"] else "calculated"
            assert r["power_capacity_basis"] == expected, up["Name"]
            if expected == "calculated":
                assert number(up["Calculated Power Capacity (MW)"]) == r["power_capacity_mw"]
        bases[r["power_capacity_basis"]] += 1
    assert bases == {"reported": 132, "calculated": 501, None: 153}


def test_data_centre_timelines_have_iso_dates_and_the_file_s_power(db):
    file = upstream_rows("epoch_data_center_timelines")
    derived = rows(db, "SELECT * FROM ai_data_center_timelines ORDER BY upstream_line")
    assert len(derived) == len(file) == 112
    for up, r in zip(file, derived):
        assert r["date"] == datetime.datetime.strptime(up["Date"], "%m/%d/%Y").date().isoformat()
        assert r["power_mw"] == number(up["Power (MW)"]) and r["data_center"] == up["Data center"]
        assert r["is_projection"] == (r["date"] > "2025-12-11")
    sites = rows(db, "SELECT * FROM ai_data_centers")
    assert len(sites) == 16
    for s in sites:
        mine = [number(up["Power (MW)"]) for up in file if up["Data center"] == s["data_center"]]
        assert s["timeline_row_count"] == len(mine) and s["max_timeline_power_mw"] == max(mine)
