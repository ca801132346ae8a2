"""The site around the data, in-process (configured as `make serve` runs it): canned queries, dashboards, safe serving,
escaping, and the README's charts. The same pages in a real browser are in tests/test_browser.py."""
import re
import time
import urllib.parse

import pytest
import yaml

from schema import site as site_files
from schema.metadata import expanded_queries, generate
from tests.browser import HOSTILE_NAME, ROOT, SCREENSHOTS, hostile_copy
from tests.conftest import rows
from tests.helpers import SQL_JSON

SITE = site_files.load(ROOT)
QUERIES = expanded_queries(SITE["queries"], SITE.get("sql_fragments", {}))  # as served
DASHBOARDS = SITE["plugins"]["datasette-dashboards"]
CHARTS = [(slug, chart_slug) for slug, d in DASHBOARDS.items() for chart_slug in d["charts"]]
MARKS = {"point", "line", "rule", "bar"}
PARAM = re.compile(r"(?<!:):(\w+)")


async def get_json(ds, path, **params):
    response = await ds.client.get(f"{path}?{urllib.parse.urlencode({'_shape': 'array', **params})}")
    assert response.status_code == 200, (path, params, response.text[:500])
    return response.json()


# Canned queries

def test_canned_queries_are_the_issue_s_and_each_is_documented():
    assert {"estimate_inference_energy", "models_with_alexnet_flops", "best_model_per_year", "pareto_frontier",
            "gpus_by_efficiency", "training_runs_by_co2e"} <= set(QUERIES)
    for name, q in QUERIES.items():
        assert q.get("title") and q.get("description_html"), name
        used = set(PARAM.findall(q["sql"]))
        assert used == set(q["params"]), f"{name}: params {q['params']} but the SQL uses {sorted(used)}"
        for param in q["params"]:
            assert f"<code>{param}</code>" in q["description_html"], (name, param)


@pytest.mark.asyncio
async def test_estimate_inference_energy_as_json(ds, db):
    out = await get_json(ds, "/ai_energy/estimate_inference_energy.json", model="resnet-50", gpu=" Tesla V100 ",
                         precision="mixed", inferences="1e6", grid_gco2e_per_kwh="400")
    (expected,) = rows(db, """SELECT c.gflops / a.gflops_per_watt AS joules FROM cv_models c, adapted_gpu_efficiency a
        WHERE c.model = 'ResNet-50' AND a.domain = 'cv' AND a.gpu = 'Tesla V100' AND a.precision = 'Mixed'""")
    assert len(out) == 1
    assert out[0]["joules_per_inference"] == pytest.approx(expected["joules"], rel=1e-12)
    assert out[0]["total_kwh"] == pytest.approx(expected["joules"] * 1e6 / 3.6e6, rel=1e-12)
    assert out[0]["co2e_kg"] == pytest.approx(expected["joules"] * 1e6 / 3.6e6 * 0.4, rel=1e-12)


@pytest.mark.asyncio
async def test_models_with_alexnet_flops(ds, db):
    out = await get_json(ds, "/ai_energy/models_with_alexnet_flops.json")
    assert out[0]["model"] == "AlexNet" and out[0]["accuracy_gain"] == 0
    expected = rows(db, "SELECT model FROM cv_models WHERE gflops BETWEEN 1.42 / 1.5 AND 1.42 * 1.5 ORDER BY release_date, model")
    assert [r["model"] for r in out] == [r["model"] for r in expected]
    assert {"MobileNet", "EfficientNet-B1", "NoisyStudent-B1"} <= {r["model"] for r in out}
    assert max(r["accuracy_gain"] for r in out) > 20  # the paper's point: same compute, much better accuracy
    # parameters are strings: cast in SQL, so '2', '2.0' and ' 2 ' are the same factor
    wider = [await get_json(ds, "/ai_energy/models_with_alexnet_flops.json", within_factor=f) for f in ("2", "2.0", " 2 ")]
    assert wider[0] == wider[1] == wider[2] and len(wider[0]) > len(out)
    assert all(1.42 / 2 <= r["gflops"] <= 1.42 * 2 for r in wider[0])
    resnet = await get_json(ds, "/ai_energy/models_with_alexnet_flops.json", reference_model="resnet-50", within_factor="1.1")
    assert "ResNet-50" in {r["model"] for r in resnet}


@pytest.mark.asyncio
async def test_best_model_per_year(ds, db):
    cv = await get_json(ds, "/ai_energy/best_model_per_year.json")
    years = [r["year"] for r in cv]
    assert years == sorted(set(years)) and years[0] == "2012"
    assert cv[0]["model"] == "AlexNet" and cv[-1]["model"] == "ViT-G/14"
    assert all(r["fit_id"] == "desislavov2023-cv" and r["joules"] > 0 for r in cv)
    best = rows(db, "SELECT substr(release_date, 1, 4) AS year, max(top1_accuracy) AS acc FROM cv_models GROUP BY 1 ORDER BY 1")
    assert [(r["year"], r["score"]) for r in cv] == [(b["year"], b["acc"]) for b in best]
    nlp = await get_json(ds, "/ai_energy/best_model_per_year.json", domain="NLP", fit_id="all-nlp")
    assert nlp and all(r["domain"] == "nlp" and r["score_metric"] == "glue_score" and r["fit_id"] == "all-nlp" for r in nlp)


@pytest.mark.asyncio
async def test_pareto_frontier(ds, db):
    for params in ({}, {"domain": "nlp", "cost_kind": "joules"}, {"domain": "cv", "cost_kind": "joules", "fit_id": "all-cv"}):
        out = await get_json(ds, "/ai_energy/pareto_frontier.json", **params)
        assert len(out) >= 3, params
        costs, scores = [r["cost"] for r in out], [r["score"] for r in out]
        assert costs == sorted(costs) and scores == sorted(scores), params  # cheapest first, each better than the last
    (n,) = rows(db, "SELECT count(*) AS n FROM pareto_frontiers WHERE domain = 'cv' AND cost_kind = 'gflops'")
    assert len(await get_json(ds, "/ai_energy/pareto_frontier.json")) == n["n"]


@pytest.mark.asyncio
async def test_gpus_by_efficiency(ds, db):
    out = await get_json(ds, "/ai_energy/gpus_by_efficiency.json", launched_from="2016-01-01", launched_to="2018-12-31",
                         precision="fp32")
    (n,) = rows(db, "SELECT count(*) AS n FROM gpu_specs WHERE precision = 'FP32' AND launch_date BETWEEN '2016-01-01' AND '2018-12-31'")
    assert len(out) == n["n"] > 3
    assert all("2016-01-01" <= r["launch_date"] <= "2018-12-31" and r["precision"] == "FP32" for r in out)
    effs = [r["gflops_per_watt"] for r in out]
    assert effs == sorted(effs, reverse=True) and out[0]["rank"] == 1
    everything = await get_json(ds, "/ai_energy/gpus_by_efficiency.json")
    (total,) = rows(db, "SELECT count(*) AS n FROM gpu_specs")
    assert len(everything) == total["n"]


@pytest.mark.asyncio
async def test_training_runs_by_co2e(ds):
    out = await get_json(ds, "/ai_energy/training_runs_by_co2e.json", min_co2e_kg="1e5")
    assert "GPT-3" in [r["run"] for r in out] and all(r["ranked_co2e_kg"] >= 1e5 for r in out)
    everything = await get_json(ds, "/ai_energy/training_runs_by_co2e.json")
    co2e = [r["ranked_co2e_kg"] for r in everything if r["ranked_co2e_kg"] is not None]
    assert co2e == sorted(co2e, reverse=True) and everything[:len(co2e)] == [r for r in everything if r["ranked_co2e_kg"] is not None]
    idefics = await get_json(ds, "/ai_energy/training_runs_by_co2e.json", source_id="idefics-model-card")
    assert idefics and all(r["source_id"] == "idefics-model-card" for r in idefics)


# Dashboards

def test_dashboards_cover_the_paper_s_figures():
    titles = " ".join(c["title"] for d in DASHBOARDS.values() for c in d["charts"].values())
    assert {int(n) for n in re.findall(r"Fig\. (\d+)", titles)} == set(range(1, 15))
    assert "training-emissions" in DASHBOARDS


@pytest.mark.parametrize("slug,chart_slug", CHARTS)
def test_every_chart_is_live_svg_vega_lite(slug, chart_slug):
    chart = DASHBOARDS[slug]["charts"][chart_slug]
    assert chart["db"] == "ai_energy" and chart["library"] == "vega-lite" and chart.get("title")
    assert chart["display"]["usermeta"]["embedOptions"]["renderer"] == "svg"  # the browser tests count SVG marks
    assert "[[" not in chart["query"]  # optional clauses are written in SQL (nullif), so the query runs as it is


@pytest.mark.asyncio
@pytest.mark.parametrize("slug,chart_slug", CHARTS)
async def test_every_chart_query_returns_marks(ds, slug, chart_slug):
    """Without filters, as on the chart's own page: rows, each naming its layer's mark; lines with a series."""
    dashboard = DASHBOARDS[slug]
    defaults = {k: str(f["default"]) for k, f in dashboard.get("filters", {}).items() if f.get("default")}
    for params in ({}, defaults):
        out = await get_json(ds, SQL_JSON, sql=dashboard["charts"][chart_slug]["query"], **params)
        assert out, (slug, chart_slug, params)
        assert {r["mark"] for r in out} <= MARKS
        assert all(r["series"] for r in out if r["mark"] == "line")


@pytest.mark.asyncio
async def test_filters_change_what_charts_get(ds, db):
    fig9 = DASHBOARDS["energy-per-forward-pass"]["charts"]["fig9"]["query"]
    out = await get_json(ds, SQL_JSON, sql=fig9, fit="all", date_from="2020-01-01", date_to="2020-12-31")
    (n,) = rows(db, "SELECT count(*) AS n FROM forward_pass_energy WHERE domain = 'cv' AND fit_id = 'all-cv' "
                    "AND release_date BETWEEN '2020-01-01' AND '2020-12-31'")
    assert sum(r["mark"] == "point" for r in out) == n["n"] > 0
    assert all(r["fit_id"] == "all-cv" and r["date"].startswith("2020") for r in out)
    fig13 = DASHBOARDS["human-energy"]["charts"]["fig13"]["query"]
    at_1 = await get_json(ds, SQL_JSON, sql=fig13, inferences_per_second="1")
    at_30 = await get_json(ds, SQL_JSON, sql=fig13, inferences_per_second="30")
    points = [(a["watts"], b["watts"]) for a, b in zip(at_1, at_30) if a["mark"] == "point"]
    assert points and all(b == pytest.approx(30 * a) for a, b in points)
    rules = sorted(r["watts"] for r in at_1 if r["mark"] == "rule")
    assert rules == pytest.approx([2000 * 4184 / 86400, 79897 * 3.6e6 / (365.25 * 86400)])  # about 97 W and 9.1 kW
    extended = await get_json(ds, SQL_JSON, sql=fig13, extend_to="2030-01-01")
    assert max(r["date"] for r in extended if r["mark"] == "line") == "2030-01-01"


@pytest.mark.asyncio
async def test_fitted_lines_follow_the_fits(ds, db):
    out = await get_json(ds, SQL_JSON, sql=DASHBOARDS["efficiency-trends"]["charts"]["fig8-cv"]["query"])
    fits = {r["fit_id"]: r for r in rows(db, "SELECT * FROM efficiency_fits WHERE domain = 'cv'")}
    lines = [r for r in out if r["mark"] == "line"]
    assert len(lines) == 2 * len(fits)
    for r in lines:
        f = fits[r["series"].split(":")[0]]
        years = (_julian(r["date"]) - _julian(f["reference_date"])) / 365.25
        assert r["value"] == pytest.approx(10 ** (f["intercept_log10"] + f["slope_log10_per_year"] * years))


def _julian(date):
    import datetime
    return datetime.date.fromisoformat(date).toordinal()


@pytest.mark.asyncio
async def test_every_dashboard_and_chart_page_is_served(ds):
    response = await ds.client.get("/-/dashboards")
    assert response.status_code == 200
    for slug, dashboard in DASHBOARDS.items():
        response = await ds.client.get(f"/-/dashboards/{slug}", follow_redirects=True)
        assert response.status_code == 200, slug
        assert dashboard["title"].split(":")[0] in response.text
        for chart_slug in dashboard["charts"]:
            assert (await ds.client.get(f"/-/dashboards/{slug}/{chart_slug}")).status_code == 200, (slug, chart_slug)


@pytest.mark.asyncio
async def test_the_charts_javascript_is_served_locally(ds):
    html = (await ds.client.get("/-/dashboards/efficiency-trends")).text
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]*)"', html)
    assert sources and not [s for s in sources if re.match(r"(https?:)?//", s)], sources
    for name in ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js", "dashboards.js"):
        response = await ds.client.get(f"/-/static-plugins/datasette_dashboards/{name}")
        assert response.status_code == 200 and len(response.content) > 1000, name


# Safe serving

@pytest.mark.asyncio
async def test_a_runaway_query_is_stopped_by_the_time_limit(ds):
    sql = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    start = time.monotonic()
    response = await ds.client.get(f"{SQL_JSON}?{urllib.parse.urlencode({'sql': sql})}")
    assert response.status_code == 400
    assert "took too long" in response.json()["error"]
    assert time.monotonic() - start < 10


@pytest.fixture(scope="module")
def hostile_ds(built_db, tmp_path_factory):
    from serve import datasette
    return datasette(hostile_copy(built_db, tmp_path_factory.mktemp("hostile") / "ai_energy.db"))


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/ai_energy/cv_models?model_id=hostile-name", "/ai_energy/cv_models/hostile-name",
                                  "/ai_energy/cv_models?_search=Hostile&_facet=model",
                                  "/ai_energy?sql=select+model+from+cv_models+where+model_id+%3D+'hostile-name'"])
async def test_html_in_the_data_is_served_escaped(hostile_ds, path):
    response = await hostile_ds.client.get(path)
    assert response.status_code == 200
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in response.text
    assert "<script>window.__xss" not in response.text and '<img src="x"' not in response.text


# The README's charts

def test_readme_shows_the_screenshots_and_how_to_redraw_them():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make screenshots" in readme
    for name in SCREENSHOTS:
        assert f"(docs/{name})" in readme, name
        assert (ROOT / "docs" / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
    assert "screenshots:" in (ROOT / "Makefile").read_text(encoding="utf-8")


# What readers see: declared units, rounded numbers, forms that refuse what they cannot read

METADATA = generate()  # what build.py writes beside the database
TABLES = METADATA["databases"]["ai_energy"]["tables"]
README_URL = re.compile(r"curl(?: -OJ)? 'http://127\.0\.0\.1:8001(/[^']+)'")
def units_plugin():
    """plugins/units.py, imported as Datasette loads it, and a Pint registry with the package's custom units."""
    import sys

    import pint
    sys.path.insert(0, str(ROOT / "plugins"))
    import units

    registry = pint.UnitRegistry()
    for definition in METADATA["custom_units"]:
        registry.define(definition)
    return units, registry


ESTIMATE = {"model": "ResNet-50", "gpu": "Tesla V100", "precision": "Mixed", "inferences": "1000000",
            "grid_gco2e_per_kwh": "400"}


@pytest.mark.asyncio
async def test_readme_api_examples_answer_in_full(ds):
    """Each of README's URLs answers; a `_size=max` list is the whole result (no next page); the CSV download is a
    file; the filtered fit has one row per model."""
    urls = README_URL.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(urls) >= 7
    for url in urls:
        response = await ds.client.get(url)
        assert response.status_code == 200, url
        if "_size=max" in url:
            assert 'rel="next"' not in response.headers.get("link", ""), url
        if "_dl=1" in url:
            assert response.headers["content-disposition"].startswith("attachment"), url
        if "fit_id=" in url and "_shape=array" in url:
            ids = [r["model_id"] for r in response.json()]
            assert ids and len(ids) == len(set(ids)), url


def test_every_relation_has_a_readable_title():
    untitled = sorted(name for name, t in TABLES.items() if not t.get("title"))
    assert not untitled, f"give these relations a title (title: in derive/STAGE/NAME.yml, or the resource's title in datapackage.json): {untitled}"


def test_every_relation_is_in_a_home_page_group(db):
    """As the generated metadata lists them: home.yml's groups, derived relations by their `home:`, and the upstream
    tables no group names in the group marked upstream_snapshots."""
    groups = generate()["plugins"]["ai-energy-home"]["groups"]
    grouped = {entry.partition("?")[0] for g in groups for entry in g["relations"]}
    served = {r["name"] for r in rows(db, "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'")}
    assert not served - grouped, f"add these to a group of site/home.yml (groups:): {sorted(served - grouped)}"
    assert not grouped - served, f"site/home.yml groups name relations that do not exist: {sorted(grouped - served)}"


def test_every_chart_tooltip_is_typed_and_formatted():
    """A tooltip field without a type shows a number unrounded, or a date as epoch milliseconds. Checked on the tooltip
    lists site.yml declares, with the formats the generator gives them (metadata.yml computes each list into one
    object per row: tests/test_chart_specs.py)."""
    import copy

    from schema.metadata import _tooltip_formats
    declared = copy.deepcopy(SITE["plugins"]["datasette-dashboards"])
    for dashboard in declared.values():
        for chart in dashboard["charts"].values():
            _tooltip_formats(chart["display"])
    for slug, dashboard in declared.items():
        for chart_slug, chart in dashboard["charts"].items():
            fields = []

            def walk(node):
                if isinstance(node, dict):
                    for k, v in node.items():
                        fields.extend(v) if k == "tooltip" and isinstance(v, list) else walk(v)
                elif isinstance(node, list):
                    for v in node:
                        walk(v)
            walk(chart["display"])
            for f in fields:
                where = f"{slug}/{chart_slug}: {f['field']}"
                assert f.get("type") in {"nominal", "ordinal", "quantitative", "temporal"}, f"{where}: give it a type"
                if f["type"] == "quantitative":
                    assert f["format"] == ",.4~r", where
                if f["type"] == "temporal":
                    assert f["format"] == "%Y-%m-%d" and f["timeUnit"].startswith("utc"), where


@pytest.mark.asyncio
async def test_table_pages_show_each_number_in_its_declared_unit(ds):
    """Every numeric cell of a column with a unit ends in that unit's text, as declared, on every table's first page."""
    plugin, registry = units_plugin()
    checked = 0
    for table, meta in TABLES.items():
        units = meta.get("units", {})
        if not units:
            continue
        html = (await ds.client.get(f"/ai_energy/{table}?_size=20")).text
        for row in html.split("<tr>")[1:]:
            integer = re.search(r'<td class="col-precision type-str">INT\d+</td>', row)  # integer ops: OPS, not FLOPS
            for column, unit in units.items():
                end = plugin.suffix(unit, registry)
                end = end.replace("FLOP", "OP") if integer else end
                for cell in re.findall(rf'<td class="col-{re.escape(column)} type-(?:float|int)">([^<]*)</td>', row):
                    number, _, shown_unit = cell.partition("&nbsp;")
                    assert shown_unit == end.replace("&", "&amp;"), f"{table}.{column}: {cell!r}, declared {unit!r}"
                    checked += 1
    assert checked > 200


@pytest.mark.parametrize("unit, shown", [("J", "J"), ("kWh", "kWh"), ("GFLOPS / W", "GFLOPS/W"), ("1 / year", "/year"),
                                         ("g / kWh", "g/kWh"), ("hour", "hour"), ("count", ""), ("megacount", ""),
                                         ("dimensionless", ""), ("percent", "%"), ("kg", "kg")])
def test_units_are_shown_as_declared(unit, shown):
    units, registry = units_plugin()
    assert units.suffix(unit, registry) == shown


@pytest.mark.parametrize("value, shown", [(0.3, "0.3"), (0.09984251586361849, "0.09984"), (124.66666666666667, "124.7"),
                                          (116.49999999999999, "116.5"), (1.6e-08, "1.6×10⁻⁸"), (1.9789e15, "1.979×10¹⁵"),
                                          (980.6e12, "9.806×10¹⁴"), (21588000.0, "21,590,000"), (552123.4, "552,100"),
                                          (9999.6, "10,000"), (2015, "2015"), (1.0, "1"), (0.0, "0"), (-0.00012345, "-0.0001234")])
def test_numbers_are_shown_to_four_significant_figures(value, shown):
    units, _ = units_plugin()
    assert units.number(value) == shown


@pytest.mark.asyncio
@pytest.mark.parametrize("query, params, says", [
    ("estimate_inference_energy", {}, "Fill in model, gpu, precision and inferences"),
    ("estimate_inference_energy", dict(ESTIMATE, inferences="1,000,000"), "inferences: \"1,000,000\" is not a plain number"),
    ("estimate_inference_energy", dict(ESTIMATE, inferences=""), "inferences"),
    ("estimate_inference_energy", dict(ESTIMATE, inferences="abc"), "inferences"),
    ("estimate_inference_energy", dict(ESTIMATE, inferences="-1"), "inferences"),
    ("estimate_inference_energy", dict(ESTIMATE, precision="FP16"), "accepted: FP32, Mixed"),
    ("estimate_inference_energy", dict(ESTIMATE, model="NoSuchNet"), "model: \"NoSuchNet\" is not a model name"),
    ("estimate_inference_energy", dict(ESTIMATE, gpu="H9000"), "gpu: \"H9000\" is not a GPU of the paper or of accelerator_efficiency; did you mean H100"),
    ("estimate_inference_energy", dict(ESTIMATE, grid_gco2e_per_kwh="400g"), "grid_gco2e_per_kwh"),
    ("models_with_alexnet_flops", {"within_factor": "1,5"}, "within_factor"),
    ("models_with_alexnet_flops", {"reference_model": "NoSuchNet"}, "reference_model"),
    ("training_runs_by_co2e", {"min_co2e_kg": "1,000"}, "min_co2e_kg"),
    ("training_runs_by_co2e", {"source_id": "nobody"}, "accepted: "),
    ("best_model_per_year", {"domain": "vision"}, "domain: \"vision\" is not a domain; accepted: cv, nlp."),
    ("best_model_per_year", {"fit_id": "all-nlp"}, "accepted: all-cv, desislavov2023-cv"),
    ("pareto_frontier", {"cost_kind": "watts"}, "accepted: gflops, joules"),
    ("gpus_by_efficiency", {"launched_from": "2019-13-01"}, "launched_from: \"2019-13-01\" is not a date; write YYYY-MM-DD"),
    ("gpus_by_efficiency", {"precision": "FP8"}, "accepted: FP16, FP16/FP32 Tensor, FP32"),
    ("gpus_by_efficiency", {"gpu_type": "Laptop"}, "accepted: Desktop, Server"),
])
async def test_a_query_refuses_input_it_cannot_read(ds, query, params, says):
    """One row, whose message names the parameter and what is accepted; every other column empty: never a number."""
    out = await get_json(ds, f"/ai_energy/{query}.json", **params)
    assert len(out) == 1 and says in out[0]["message"], out
    assert all(v is None for k, v in out[0].items() if k != "message"), out


@pytest.mark.asyncio
async def test_the_estimator_answers_in_words_and_numbers(ds, db):
    out = await get_json(ds, "/ai_energy/estimate_inference_energy.json", **dict(ESTIMATE, model="resnet50", inferences="1e6"))
    expected = rows(db, "SELECT c.gflops / a.gflops_per_watt AS j FROM cv_models c, adapted_gpu_efficiency a WHERE "
                        "c.model_id = 'resnet-50' AND a.domain = 'cv' AND a.gpu = 'Tesla V100' AND a.precision = 'Mixed'")[0]["j"]
    assert len(out) == 1 and out[0]["model"] == "ResNet-50" and out[0]["joules_per_inference"] == expected
    # below 1 kWh the sentence speaks in Wh and g, never in e-notation (issue 17)
    assert out[0]["message"] == (f"ResNet-50 on Tesla V100 (Mixed): {expected:.3g} J per inference; 1,000,000 inferences: "
                                 f"{expected * 1e6 / 3.6e3:.3g} Wh, {expected * 1e6 / 3.6e6 * 400:.3g} g CO2e at 400 gCO2e/kWh.")
    no_grid = await get_json(ds, "/ai_energy/estimate_inference_energy.json", **dict(ESTIMATE, grid_gco2e_per_kwh=""))
    assert no_grid[0]["co2e_kg"] is None and no_grid[0]["message"].endswith("no CO2e without grid_gco2e_per_kwh or region.")


@pytest.mark.asyncio
async def test_derived_pages_show_their_sql_and_the_home_page_its_findings(ds, db):
    page = (await ds.client.get("/ai_energy/efficiency_fits")).text
    assert "derive/hardware/efficiency_fits.sql" in page and "CREATE TABLE efficiency_fits" in page
    home = (await ds.client.get("/")).text
    doubling = rows(db, "SELECT doubling_time_years AS d FROM efficiency_fits WHERE fit_id = 'desislavov2023-cv'")[0]["d"]
    assert f"doubles every {doubling:.3g} years" in home
    assert (await ds.client.get("/assets/site.css")).status_code == 200
