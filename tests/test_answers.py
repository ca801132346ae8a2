"""Answers as a reader needs them (issue 21): training_runs_by_co2e ranks by the CO2e a source reports, else the one
computed here, says which, and leaves no run out silently (Llama 3.1 405B's reported 8,930 t, and runs whose source
states no grid intensity); integer peaks read TOPS."""
import re
import urllib.parse

import pytest

from tests.conftest import rows


async def ranking(ds, **params):
    response = await ds.client.get(f"/ai_energy/training_runs_by_co2e.json?{urllib.parse.urlencode({'_shape': 'array', **params})}")
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.asyncio
async def test_reported_co2e_ranks_where_a_source_reports_one(ds, db):
    out = await ranking(ds)
    assert len(out) == rows(db, "SELECT count(*) AS n FROM training_emissions")[0]["n"]  # every run, none left out
    llama = next(r for r in out if "405B" in r["run"])
    assert llama["ranked_co2e_kg"] == pytest.approx(8_930_000) and llama["co2e_basis"] == "reported by the source"
    assert out.index(llama) < next(i for i, r in enumerate(out) if r["run"] == "GPT-3")
    ranked = [r["ranked_co2e_kg"] for r in out if r["ranked_co2e_kg"] is not None]
    assert ranked == sorted(ranked, reverse=True)
    for r in out:
        if r["reported_co2e_kg"] is not None:
            assert r["co2e_basis"] == "reported by the source" and r["ranked_co2e_kg"] == r["reported_co2e_kg"]
        elif r["co2e_kg"] is not None:
            assert r["co2e_basis"].startswith("computed") and r["ranked_co2e_kg"] == r["co2e_kg"]
        else:
            assert r["co2e_basis"].startswith("none") and r["ranked_co2e_kg"] is None
    assert out[-1]["ranked_co2e_kg"] is None  # the runs without a CO2e come last, with their reason


@pytest.mark.asyncio
async def test_a_minimum_lists_only_runs_with_a_co2e(ds):
    out = await ranking(ds, min_co2e_kg="1e6")
    assert out and all(r["ranked_co2e_kg"] >= 1e6 for r in out)


@pytest.mark.asyncio
async def test_the_ranked_co2e_is_shown_in_kg(ds):
    html = (await ds.client.get("/ai_energy/training_runs_by_co2e?min_co2e_kg=1e6")).text
    assert "8,930,000&nbsp;kg" in html


@pytest.mark.asyncio
async def test_integer_ops_are_tops_not_tflops(ds):
    """The H100's INT8 peak reads 1979 TOPS (and its efficiency GOPS/W); its FP8 peak, the same number, TFLOPS."""
    html = (await ds.client.get("/ai_energy/accelerator_efficiency?accelerator=NVIDIA+H100+SXM5+80GB&is_preferred=1")).text
    rows = {re.search(r'<td class="col-precision type-str">([^<]+)</td>', r).group(1): r
            for r in html.split("<tr>")[1:] if 'col-precision type-str' in r}
    assert "1979&nbsp;TOPS" in rows["INT8"] and "GOPS/W" in rows["INT8"] and "TFLOPS" not in rows["INT8"]
    assert "1979&nbsp;TFLOPS" in rows["FP8"] and "GFLOPS/W" in rows["FP8"]
