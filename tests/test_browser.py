"""The site in a real browser: Debian's chromium, driven by playwright, against `serve.py` run as a process on a free
127.0.0.1 port (tests/browser.py). Without chromium or playwright these tests are skipped with the reason, except in
CI (CI=true), where they fail: CI must run them.

The database served is the built one plus a model whose name is HTML (inserted straight into the database file, as the
validator refuses < and > in the CSVs): every page must show it as text and run none of it. No request may leave
127.0.0.1, and no page may throw a JavaScript error.
"""
import json
import os
import re
import sqlite3
import types
import urllib.parse
import urllib.request

import pytest

from schema.metadata import generate
from tests.browser import (HOSTILE_NAME, MARK_SELECTORS, ROOT, count_marks, hostile_copy, launch, local_only, served,
                           unavailable, wait_for_charts)
from tests.helpers import SQL_JSON

CI = os.environ.get("CI", "").lower() == "true"
DASHBOARDS = generate()["plugins"]["datasette-dashboards"]
# Any script that sets window.__xss reports it to the test, on every page of every test.
# What a reader must never see (issue 12): a value rescaled per cell by Pint (0.3 hour as `300.0 mh`), a date as epoch
# milliseconds, float noise. Units as Datasette 0.65 rescaled them in this data, after a number.
RESCALED = re.compile(r"\d\s*(?:mh|count|kcount|Mcount|Mg|mg/Wh|ma|1/ka|Mcal|1/ms|mJ|kJ|TFLOPS/W)(?![\w/])")
EPOCH_MS = re.compile(r"(?<![0-9a-fA-F/])1[0-9]{12}(?![0-9a-fA-F/])")  # 2001-09-09 to 2033-05-18 in milliseconds; not in a URL path or a hex digest (sha256)
NUMBER = re.compile(r"^[-+]?(\d[\d,]*(?:\.\d*)?|\.\d+)(?:e[-+]?\d+)?(?=$|\s)")  # a value: alone, or before its unit
# What the walk reads of a page, in one call: its visible text less the SQL it shows (editor, folded derive/ SQL: that
# text is code, not values); the values shown as values (table and query cells, chart text: axes, legends; the home
# page's findings; a text cell is shown as its source wrote it, and an upstream note may quote a long figure: only
# values are checked); and the link of its first row's page, if it has one.
READING = """() => { const b = document.body.cloneNode(true);
    b.querySelectorAll('pre, code, textarea, .CodeMirror, script, style').forEach(e => e.remove());
    const firstRow = document.querySelector('table.rows-and-columns td.type-pk a');
    return {text: b.innerText, firstRow: firstRow && firstRow.href,
            values: [...document.querySelectorAll('table.rows-and-columns td:not(.type-str), svg text, .findings strong')]
                .map(e => e.textContent.trim())}; }"""
LAPTOP_WIDTH, LAPTOP_HEIGHT = 1366, 768  # a common laptop screen
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
    # in California: a date parsed as UTC midnight must not show as the day before (the charts' tooltips)
    context = browser.new_context(base_url=site, viewport={"width": 1400, "height": 900}, timezone_id="America/Los_Angeles")
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
    findings = page.locator(".findings li").all_inner_texts()
    assert len(findings) == 4 and "(no data)" not in " ".join(findings), findings  # issue 17 added the LLM finding
    assert re.search(r"doubles every \d\.\d+ years", findings[0]), findings[0]
    groups = page.locator(".relation-group h2").all_inner_texts()
    assert groups[:2] == ["Start here", "The method, step by step"] and groups[-1] == "Provenance and checks", groups
    assert page.locator(".charts-list dt a").count() == len(DASHBOARDS), page.locator(".charts-list dt a").all_inner_texts()
    page.get_by_role("link", name="ai_energy", exact=True).click()
    page.wait_for_url("**/ai_energy")
    for relation in ("cv_models", "forward_pass_energy", "efficiency_fits"):
        assert page.get_by_role("link", name=relation, exact=True).count() == 1, relation
    assert page.locator("a[href='/ai_energy/estimate_inference_energy']").count() == 1
    page.goto("/-/dashboards")
    assert page.locator("h2 a").count() == len(DASHBOARDS), (page.url, page.locator("h2 a").all_inner_texts())


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
def test_each_dashboard_draws_every_row_fits_the_window_and_its_tooltips_read_right(tab, slug, served_rows):
    """One visit of each dashboard, at 1366×768, for all it is checked for: each chart draws one SVG mark per point,
    rule or bar row its SQL returns and one line per series; the page, legends included, does not scroll sideways;
    hovering its first drawn mark shows rounded numbers and ISO dates, in a reader's own time zone (the tab's is
    California's), and on the dashboards of NULL_PRONE its first marks show no null; a vendor keeps its declared colour
    across every chart of a dashboard."""
    page = tab.page
    page.set_viewport_size({"width": LAPTOP_WIDTH, "height": LAPTOP_HEIGHT})
    page.goto(f"/-/dashboards/{slug}")  # a dashboard with default filters redirects to them
    drawn = wait_for_charts(page)
    charts = DASHBOARDS[slug]["charts"]
    assert sorted(drawn) == sorted(charts)
    filters = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query))
    for chart_slug, chart in charts.items():
        rows = fetch_json(tab.base, SQL_JSON, sql=chart["query"], _shape="array", **filters)
        expected = {kind: sum(r["mark"] == kind for r in rows) for kind in ("point", "rule", "bar")}
        expected["line"] = len({r["series"] for r in rows if r["mark"] == "line"})
        assert sum(expected.values()) > 0, f"{slug}/{chart_slug}: its query returns nothing to draw"
        assert count_marks(page, chart_slug) == expected, f"{slug}/{chart_slug}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= LAPTOP_WIDTH, f"{slug}: the page is {overflow} px wide"
    vendors_coloured_by_every_chart(page, slug)
    tooltips_read_right(page, slug, drawn, served_rows)
    if slug in NULL_PRONE:
        no_tooltip_shows_null(page, slug, drawn)


# Dashboards whose first marks are rows with an empty field (AlexNet's measurement on a P100 has no precision): their
# first marks' tooltips must leave the field out, not show null.
NULL_PRONE = ["measured-vs-estimated", "llm-energy", "accelerators-2026"]
VENDOR_COLOURS = {"accelerators-2026": ["Google", "Intel", "NVIDIA"]}  # dashboard: vendors in each of its charts


def no_tooltip_shows_null(page, slug, charts):
    hovered = 0
    for chart in charts:
        marks = page.locator(", ".join(f"#chart-{chart} svg {MARK_SELECTORS[k]}" for k in ("point", "bar")))
        for i in range(min(marks.count(), 8)):
            text = tooltip_of(page, marks.nth(i))
            assert "null" not in text.lower() and "undefined" not in text.lower(), f"{slug}/{chart}: {text!r}"
            hovered += 1
    assert hovered >= 4, f"{slug}: {hovered} marks hovered"


def vendors_coloured_by_every_chart(page, slug):
    """Each vendor of VENDOR_COLOURS[slug] has, in the legend of every chart of the dashboard, its colour of
    site/site.yml's chart_colours."""
    if slug not in VENDOR_COLOURS:
        return
    import yaml
    colours = yaml.safe_load((ROOT / "site" / "site.yml").read_text(encoding="utf-8"))["chart_colours"]["vendor"]
    for vendor in VENDOR_COLOURS[slug]:
        fills = legend_colours(page, vendor)
        assert len(fills) == len(DASHBOARDS[slug]["charts"]), f"{vendor}: {fills}"
        assert set(fills.values()) == {colours[vendor]}, f"{vendor}: {fills}"


def legend_colours(page, label):
    """{chart: fill colour of the legend symbol labelled LABEL} over every chart of the page."""
    return page.evaluate("""label => Object.fromEntries([...document.querySelectorAll('[id^="chart-"].dashboard-card-chart')]
        .map(chart => [chart.id, [...chart.querySelectorAll('g.role-legend-label text')]
            .filter(t => t.textContent === label)
            .map(t => t.closest('g.role-legend-label').parentElement.querySelector('.role-legend-symbol path'))
            .filter(Boolean).map(p => p.getAttribute('fill'))[0]])
        .filter(([, fill]) => fill))""", label)


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
    shown = {c: page.locator(f"td.col-{c}").inner_text() for c in ("joules_per_inference", "co2e_kg")}
    joules, co2e = (float(NUMBER.match(shown[c]).group(0)) for c in ("joules_per_inference", "co2e_kg"))
    assert joules == pytest.approx(expected, rel=5e-4) and significant_figures(shown["joules_per_inference"]) <= 4
    assert co2e == pytest.approx(expected * 1e6 / 3.6e6 * 400 / 1000, rel=5e-4) and shown["co2e_kg"].endswith("\u00a0kg")
    assert 0.05 < joules < 0.08  # 7.6 GFLOPs / about 119 adapted GFLOPS/W
    full = fetch_json(tab.base, "/ai_energy/estimate_inference_energy.json", _shape="array",
                      **dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(page.url).query)))
    assert full[0]["joules_per_inference"] == pytest.approx(expected, rel=1e-12)  # JSON keeps full precision


def test_html_in_the_data_is_shown_as_text(tab):
    page = tab.page
    for path in ("/ai_energy/cv_models?model_id=hostile-name", "/ai_energy/cv_models/hostile-name",
                 "/ai_energy/cv_models?model__contains=Hostile&_facet=model"):
        page.goto(path)
        assert HOSTILE_NAME in page.locator("body").inner_text(), path
        assert page.locator("img[src='x']").count() == 0, path
    # Fig. 1 draws the hostile row too (from cv_models: an SVG mark, with the name in its tooltip data): nothing may run
    # (its dashboard, /-/dashboards/vision-models, under the same guards in the test of every dashboard)
    page.goto("/-/dashboards/vision-models/fig1")
    wait_for_charts(page)


def test_the_guards_catch_what_they_guard_against(tab):
    """The guards the other tests rely on: a request to another host (named, or an address) fails and is recorded, and setting
    window.__xss is reported."""
    page = tab.page
    page.goto("/")
    failures = []
    page.on("requestfailed", lambda request: failures.append((request.url, request.failure)))
    urls = ["http://192.0.2.1/x", "https://example.com/y"]
    for url in urls:
        assert page.evaluate("url => fetch(url).then(() => false, () => true)", url), url
    assert tab.blocked == urls
    # refused by chromium itself, the address too (unresolved: a try to connect would say ERR_CONNECTION_REFUSED)
    assert failures == [(url, "net::ERR_NAME_NOT_RESOLVED") for url in urls]
    page.evaluate("window.__xss = 'probe'")
    for _ in range(100):  # the report reaches Python as a binding call: each round trip to the page lets it through
        if tab.xss:
            break
        page.evaluate("0")
    assert tab.xss == ["probe"]
    tab.blocked.clear()
    tab.xss.clear()


def significant_figures(text):
    """Significant figures of the number TEXT starts with (after its unit, if any, is cut off), or 0 if none."""
    m = NUMBER.match(text.replace("\u2212", "-"))
    if not m:
        return 0
    digits = m.group(1).replace(",", "")
    whole = "." not in digits
    digits = digits.replace(".", "").lstrip("0")
    return len(digits.rstrip("0") if whole else digits)


def test_significant_figures_reads_numbers_as_a_reader_does():
    assert [significant_figures(t) for t in ("0.09984 J", "0.09984251586361849", "552,100 kg", "2015", "1.6e-8",
                                              "116.49999999999999", "ResNet-50", "", "10.48550/arXiv.2109.05472")] == [4, 16, 4, 4, 2, 17, 0, 0, 0]
    assert RESCALED.search("300.0 mh") and RESCALED.search("10.0 kcount") and RESCALED.search("104.01 1/ka")
    assert not RESCALED.search("0.3 hour") and not RESCALED.search("2.64 year") and not RESCALED.search("13,810 kWh")
    assert EPOCH_MS.search("Launched 1618185600000") and not EPOCH_MS.search("2021-04-12")
    assert not EPOCH_MS.search("https://img.102.alibaba.com/1622193035686/9898.pdf")  # a URL in Epoch's notes


def assert_reads_right(page, where):
    """The page shows no rescaled unit, no epoch-millisecond date, and no value with more than 6 significant figures;
    returns the link of its first row's page, or None."""
    reading = page.evaluate(READING)
    text = reading["text"]
    assert not RESCALED.search(text), f"{where}: a rescaled unit: {RESCALED.search(text).group(0)!r}"
    assert not EPOCH_MS.search(text), f"{where}: an epoch-millisecond date: {EPOCH_MS.search(text).group(0)}"
    noisy = [t for t in reading["values"] if significant_figures(t) > 6]
    assert not noisy, f"{where}: values with more than 6 significant figures: {noisy[:5]}"
    return reading["firstRow"]


def relations(served_rows):
    return [r["name"] for r in served_rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def test_every_page_reads_right(tab, served_rows):
    """Home, database, every relation's page and its first row's page, every canned query (as its form opens, and
    the estimator's worked example), each read once: numbers in their declared units, rounded, dates ISO."""
    page = tab.page
    queries = generate()["databases"]["ai_energy"]["queries"]
    pages = ["/", "/ai_energy", "/ai_energy/estimate_inference_energy?model=ResNet-50&gpu=Tesla+V100&precision=Mixed"
             "&inferences=1000000&grid_gco2e_per_kwh=400"] + [f"/ai_energy/{q}" for q in queries]
    relation_pages = [f"/ai_energy/{name}" for name in relations(served_rows)]
    for path in pages + relation_pages:
        page.goto(path, wait_until="domcontentloaded")
        first_row = assert_reads_right(page, path)
        if path in relation_pages and first_row:
            # its link followed as a reader's click would (a click's own checks cost a fifth of a second a page)
            assert page.goto(first_row, wait_until="domcontentloaded").status == 200, first_row
            assert_reads_right(page, page.url)


def test_units_are_the_declared_ones(tab):
    """A value is shown in its column's declared unit, however small or large: never rescaled."""
    page = tab.page
    page.goto("/ai_energy/training_emissions?run_id=codecarbon-6b-transformer", wait_until="domcontentloaded")
    assert page.locator("td.col-energy_kwh").inner_text().endswith("\u00a0kWh")
    assert page.locator("td.col-accelerator_count").inner_text() == "256"  # a count: no suffix
    page.goto("/ai_energy/efficiency_fits?fit_id=desislavov2023-cv", wait_until="domcontentloaded")
    assert re.fullmatch(r"\d\.\d+\u00a0year", page.locator("td.col-doubling_time_years").inner_text())
    assert re.fullmatch(r"0\.\d+\u00a0/year", page.locator("td.col-slope_log10_per_year").inner_text())


def tooltips_read_right(page, slug, charts, served_rows):
    """Hovering the first drawn mark of every chart shows rounded numbers and ISO dates that are in the data."""
    dates = {r["d"] for r in served_rows("SELECT release_date AS d FROM cv_models UNION SELECT release_date FROM nlp_models "
                                         "UNION SELECT launch_date FROM gpu_specs UNION SELECT release_date FROM accelerator_specs "
                                         "UNION SELECT publication_date FROM training_energy_estimates "
                                         "UNION SELECT first_operational_date FROM ai_clusters UNION SELECT date FROM ai_data_center_timelines")}
    for chart in charts:
        marks = page.locator(", ".join(f"#chart-{chart} svg {MARK_SELECTORS[k]}" for k in ("point", "bar", "rule")))
        text = tooltip_of(page, marks.first)
        values = [line.strip() for line in text.splitlines() if line.strip()]
        assert not EPOCH_MS.search(text), f"{slug}/{chart}: {text!r}"
        assert all(significant_figures(v) <= 4 for v in values), f"{slug}/{chart}: {values}"
        assert not re.search(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w* \d", text), f"{slug}/{chart}: not ISO: {text!r}"
        shown = set(re.findall(r"\d{4}-\d{2}-\d{2}", text))
        assert shown <= dates, f"{slug}/{chart}: dates not in the data (time zone shift?): {shown - dates}"


def tooltip_of(page, mark):
    """The text of the tooltip that hovering MARK shows; the mouse is moved away after."""
    mark.scroll_into_view_if_needed()
    box = mark.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    tooltip = page.locator("#vg-tooltip-element.visible")
    tooltip.wait_for(timeout=5_000)
    text = tooltip.inner_text()
    page.mouse.move(0, 0)
    return text


ESTIMATE = {"model": "ResNet-50", "gpu": "Tesla V100", "precision": "Mixed", "inferences": "1000000",
            "grid_gco2e_per_kwh": "400"}


@pytest.mark.parametrize("field, value, says", [
    ("inferences", "1,000,000", ["inferences", "1000000 or 1e6"]),
    ("inferences", "", ["inferences", "1000000 or 1e6"]),
    ("inferences", "abc", ["inferences", "1000000 or 1e6"]),
    ("precision", "FP16", ["precision", "accepted: FP32, Mixed"]),
    ("model", "NoSuchNet", ["model", "/ai_energy/model_names"]),
    ("grid_gco2e_per_kwh", "4OO", ["grid_gco2e_per_kwh", "e.g. 400"]),
])
def test_the_estimator_refuses_what_it_cannot_read(tab, field, value, says):
    """Each bad input gets one row whose message names the field and what is accepted, and no number at all."""
    page = tab.page
    page.goto("/ai_energy/estimate_inference_energy?" + urllib.parse.urlencode(dict(ESTIMATE, **{field: value})))
    assert page.locator("table.rows-and-columns tbody tr").count() == 1
    message = page.locator("td.col-message").inner_text()
    assert all(s in message for s in says), message
    others = page.locator("table.rows-and-columns tbody td:not(.col-message)").all_inner_texts()
    assert all(not t.strip() for t in others), others


def test_the_estimator_finds_a_model_by_another_spelling(tab, served_rows):
    """ResNet50, as energy_measurements spells it, is ResNet-50 (data/model_aliases.csv); the answer is rounded."""
    page = tab.page
    page.goto("/ai_energy/estimate_inference_energy?" + urllib.parse.urlencode(dict(ESTIMATE, model="ResNet50")))
    assert page.locator("td.col-model").inner_text() == "ResNet-50"
    message = page.locator("td.col-message").inner_text()
    assert message.startswith("ResNet-50 on Tesla V100 (Mixed): 0.0638 J per inference; 1,000,000 inferences:"), message
    assert page.locator("details, .show-hide-sql").count() >= 1  # the SQL is folded away


LLM_EXAMPLE = {"model": "Llama 3.1 8B", "gpu": "H100", "input_tokens": "500", "output_tokens": "400", "answers": "1000",
               "regime": "lowest", "grid_gco2e_per_kwh": "400"}


def test_the_llm_estimator_answers_in_the_first_screen_without_sideways_scroll(tab):
    """The LLM estimator as a reader first sees it at 1366×768: the answer is in the first screen and the page does not
    scroll sideways (issue 17)."""
    page = tab.page
    page.set_viewport_size({"width": LAPTOP_WIDTH, "height": LAPTOP_HEIGHT})
    page.goto("/ai_energy/estimate_llm_energy?" + urllib.parse.urlencode(LLM_EXAMPLE))
    answer = page.locator("td.col-message").first
    assert answer.inner_text().startswith("Llama 3.1 8B Instruct on NVIDIA H100 SXM5 80GB, the lowest measured")
    assert " Wh per answer of 500 tokens in and 400 out; 1,000 answers: " in answer.inner_text()
    box = answer.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + min(box["height"], 80) <= LAPTOP_HEIGHT, box  # its first lines, unscrolled
    wh = page.locator("td.col-wh_per_answer").first.bounding_box()
    # the cell is as tall as its row: its first line
    assert wh and wh["y"] + 40 <= LAPTOP_HEIGHT and wh["x"] + wh["width"] <= LAPTOP_WIDTH, wh
    assert page.locator("textarea#sql-editor, .CodeMirror").filter(has_text="WITH input").count() == 0  # SQL hidden
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
