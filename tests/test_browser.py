"""The site in a real browser: Debian's chromium, driven by playwright, against `serve.py` run as a process on a free
127.0.0.1 port (tests/browser.py). Without chromium or playwright these tests are skipped with the reason, except in
CI (CI=true), where they fail: CI must run them.

The database served is the built one plus a model whose name is HTML (inserted straight into the database file, as the
validator refuses < and > in the CSVs): every page must show it as text and run none of it. No request may leave
127.0.0.1, and no page may throw a JavaScript error.
"""
import json
import os
import sqlite3
import types
import urllib.parse
import urllib.request

import pytest
import yaml

from tests.browser import (HOSTILE_NAME, ROOT, count_marks, hostile_copy, launch, local_only, served, unavailable,
                           wait_for_charts)

CI = os.environ.get("CI", "").lower() == "true"
DASHBOARDS = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))["plugins"]["datasette-dashboards"]
# Any script that sets window.__xss reports it to the test, on every page of every test.
XSS_TRAP = "Object.defineProperty(window, '__xss', {set(v) { window.reportXss(String(v)); }, get() { return undefined; }});"


@pytest.fixture(scope="module")
def browser_ready():
    reason = unavailable()
    if reason:
        if CI:
            pytest.fail(f"the browser tests must run in CI (CI=true), but cannot: {reason}")
        pytest.skip(f"browser tests skipped: {reason} (in CI, CI=true, this is a failure)")


@pytest.fixture(scope="module")
def browser(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p)
        yield b
        b.close()


@pytest.fixture(scope="module")
def hostile_db(built_db, tmp_path_factory):
    return hostile_copy(built_db, tmp_path_factory.mktemp("hostile") / "ai_energy.db")


@pytest.fixture(scope="module")
def site(browser_ready, hostile_db):
    with served(hostile_db) as base:
        yield base


@pytest.fixture(scope="module")
def served_rows(hostile_db):
    conn = sqlite3.connect(f"file:{hostile_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row

    def rows(sql, *params):
        return [dict(r) for r in conn.execute(sql, params)]

    yield rows
    conn.close()


@pytest.fixture
def tab(browser, site):
    """A page in a fresh context, with its guards: requests off 127.0.0.1 aborted and recorded, JavaScript errors and
    executed hostile text recorded; each must stay empty."""
    context = browser.new_context(base_url=site, viewport={"width": 1400, "height": 900})
    t = types.SimpleNamespace(blocked=local_only(context), errors=[], xss=[], base=site)
    context.expose_function("reportXss", lambda value: t.xss.append(value))
    context.add_init_script(XSS_TRAP)
    t.page = context.new_page()
    t.page.set_default_timeout(20_000)
    t.page.on("pageerror", lambda e: t.errors.append(str(e)))
    yield t
    context.close()
    assert not t.blocked, f"requests left 127.0.0.1: {t.blocked}"
    assert not t.xss, f"text from the data ran as script: {t.xss}"
    assert not t.errors, f"JavaScript errors: {t.errors}"


def fetch_json(base, path, **params):
    with urllib.request.urlopen(f"{base}{path}?{urllib.parse.urlencode(params)}", timeout=10) as r:
        return json.load(r)


def test_home_page_loads(tab):
    page = tab.page
    response = page.goto("/")
    assert response.status == 200
    assert page.title().startswith("AI Energy Data")
    body = page.locator("body").inner_text()
    assert "joules per forward pass = model GFLOPs / fitted GFLOPS/W" in body  # the method, in the site's description
    assert "CC-BY-4.0" in body
    page.get_by_role("link", name="ai_energy", exact=True).click()
    page.wait_for_url("**/ai_energy")
    for relation in ("cv_models", "forward_pass_energy", "efficiency_fits"):
        assert page.get_by_role("link", name=relation, exact=True).count() == 1, relation
    assert page.locator("a[href='/ai_energy/estimate_inference_energy']").count() == 1
    page.goto("/-/dashboards")
    assert page.locator("h2 a").count() == len(DASHBOARDS)


def test_sql_typed_into_the_editor_returns_the_expected_rows(tab, served_rows):
    page = tab.page
    page.goto("/ai_energy")
    page.locator(".CodeMirror").click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type("select model, gflops from cv_models where gflops > 1000 order by gflops desc, model")
    page.locator("input[type=submit][value='Run SQL']").click()
    page.wait_for_url("**/ai_energy?sql=*")
    shown = page.locator("table.rows-and-columns td.col-model").all_inner_texts()
    expected = [r["model"] for r in served_rows("select model from cv_models where gflops > 1000 order by gflops desc, model")]
    assert shown == expected and len(expected) >= 3


@pytest.mark.parametrize("slug", list(DASHBOARDS))
def test_dashboard_draws_a_mark_for_every_row(tab, slug):
    """Each chart draws one SVG mark per point, rule or bar row its SQL returns and one line per series."""
    page = tab.page
    page.goto(f"/-/dashboards/{slug}")  # a dashboard with default filters redirects to them
    drawn = wait_for_charts(page)
    charts = DASHBOARDS[slug]["charts"]
    assert sorted(drawn) == sorted(charts)
    filters = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))
    for chart_slug, chart in charts.items():
        rows = fetch_json(tab.base, "/ai_energy.json", sql=chart["query"], _shape="array", **filters)
        expected = {kind: sum(r["mark"] == kind for r in rows) for kind in ("point", "rule", "bar")}
        expected["line"] = len({r["series"] for r in rows if r["mark"] == "line"})
        assert sum(expected.values()) > 0, f"{slug}/{chart_slug}: its query returns nothing to draw"
        assert count_marks(page, chart_slug) == expected, f"{slug}/{chart_slug}"


def test_dashboard_filters_reach_the_charts(tab, served_rows):
    page = tab.page
    page.goto("/-/dashboards/energy-per-forward-pass")
    page.select_option("select#fit", "all")
    page.fill("input#date_from", "2019-01-01")
    page.locator("input[type=submit][value='Apply']").click()
    page.wait_for_url("**date_from=2019-01-01**")
    wait_for_charts(page)
    expected = served_rows("SELECT count(*) AS n FROM forward_pass_energy WHERE domain = 'cv' AND fit_id = 'all-cv' "
                           "AND release_date >= '2019-01-01'")[0]["n"]
    assert count_marks(page, "fig9")["point"] == expected > 0


def test_the_estimator_form_gives_the_expected_figure(tab, served_rows):
    page = tab.page
    page.goto("/ai_energy/estimate_inference_energy")
    for name, value in {"model": "ResNet-50", "gpu": "Tesla V100", "precision": "Mixed", "inferences": "1000000",
                        "grid_gco2e_per_kwh": "400"}.items():
        page.fill(f"input[name={name}]", value)
    page.locator("input[type=submit][value='Run SQL']").click()
    page.wait_for_url("**inferences=1000000**")
    expected = served_rows("""SELECT c.gflops / a.gflops_per_watt AS joules FROM cv_models c, adapted_gpu_efficiency a
        WHERE c.model = 'ResNet-50' AND a.domain = 'cv' AND a.gpu = 'Tesla V100' AND a.precision = 'Mixed'""")[0]["joules"]
    joules = float(page.locator("td.col-joules_per_inference").inner_text())
    co2e = float(page.locator("td.col-co2e_kg").inner_text())
    assert joules == pytest.approx(expected, rel=1e-9)
    assert co2e == pytest.approx(expected * 1e6 / 3.6e6 * 400 / 1000, rel=1e-9)
    assert 0.05 < joules < 0.08  # 7.6 GFLOPs / about 119 adapted GFLOPS/W


def test_html_in_the_data_is_shown_as_text(tab):
    page = tab.page
    for path in ("/ai_energy/cv_models?model_id=hostile-name", "/ai_energy/cv_models/hostile-name",
                 "/ai_energy/cv_models?model__contains=Hostile&_facet=model"):
        page.goto(path)
        assert HOSTILE_NAME in page.locator("body").inner_text(), path
        assert page.locator("img[src='x']").count() == 0, path
    # Fig. 1 draws the hostile row too (from cv_models: an SVG mark, with the name in its tooltip data): nothing may run
    page.goto("/-/dashboards/vision-models")
    wait_for_charts(page)
    page.goto("/-/dashboards/vision-models/fig1")
    wait_for_charts(page)


def test_the_guards_catch_what_they_guard_against(tab):
    """The guards the other tests rely on: a request to another host is aborted and recorded, and setting
    window.__xss is reported."""
    page = tab.page
    page.goto("/")
    failed = page.evaluate("fetch('http://192.0.2.1/x').then(() => false, () => true)")
    assert failed and tab.blocked == ["http://192.0.2.1/x"]
    page.evaluate("window.__xss = 'probe'")
    page.wait_for_timeout(100)
    assert tab.xss == ["probe"]
    tab.blocked.clear()
    tab.xss.clear()
