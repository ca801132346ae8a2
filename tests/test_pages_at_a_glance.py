"""The site as a newcomer first sees it, in chromium at 1366×768 (tests/browser.py: serve.py as a process, Debian's
chromium): the answer column of each common page in the first screen, without scrolling. One browser for the whole
module, on the session's server (tests/conftest.py's datasette_url)."""
import pytest

from tests.browser import launch, local_only, unavailable, wait_for_charts

WIDTH, HEIGHT = 1366, 768
# page: the column that answers its question
COMMON_PAGES = {
    "/ai_energy/accelerator_efficiency?is_preferred=1": "gflops_per_watt",
    "/ai_energy/accelerator_efficiency?precision=FP32&is_preferred=1&_sort_desc=gflops_per_watt": "gflops_per_watt",
    "/ai_energy/efficiency_fits": "doubling_time_high_years",
    "/ai_energy/efficiency_fits?domain=hardware": "r_squared",
    "/ai_energy/model_trends": "r_squared",
    "/ai_energy/trend_verdicts": "says",
    "/ai_energy/inference_measurements_llm?_sort=joules_per_token": "joules_per_token",
    "/ai_energy/inference_measurements_diffusion": "joules_per_image",
    "/ai_energy/forward_pass_energy?fit_id__startswith=desislavov2023": "joules",
    "/ai_energy/training_emissions": "co2e_kg",
    "/ai_energy/energy_estimates_vs_measured?fit_id=desislavov2023-cv": "ratio",
    "/ai_energy/llm_energy_estimates_vs_measured?fit_id=desislavov2023-nlp": "ratio_to_estimate",
    "/ai_energy/gpu_specs": "tdp_watts",
    "/ai_energy/cv_models": "top1_accuracy",
}


@pytest.fixture(scope="module")
def page(datasette_url):
    reason = unavailable()
    if reason:
        pytest.skip(f"browser tests skipped: {reason}")
    from playwright.sync_api import sync_playwright

    base = datasette_url  # the session's serve.py on the built database (tests/conftest.py)
    with sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
            local_only(context)
            tab = context.new_page()
            tab.base = base
            yield tab
        finally:
            browser.close()


@pytest.mark.parametrize("path, answer", COMMON_PAGES.items())
def test_the_answer_column_is_on_the_first_screen(page, path, answer):
    page.goto(page.base + path)
    header = page.locator(f"table.rows-and-columns th.col-{answer}")
    assert header.count() == 1, f"{path}: no column {answer}"
    box = header.bounding_box()
    cell = page.locator(f"table.rows-and-columns tbody tr:first-child td.col-{answer}").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, f"{path}: {answer} spans x {box['x']:.0f}–{box['x'] + box['width']:.0f}"
    assert cell["y"] + cell["height"] <= HEIGHT, f"{path}: the first {answer} cell ends at y {cell['y'] + cell['height']:.0f}"
    scroll = page.evaluate("() => window.scrollX")
    assert scroll == 0


def test_provenance_columns_come_last(page):
    page.goto(page.base + "/ai_energy/accelerator_efficiency?is_preferred=1")
    names = page.eval_on_selector_all("table.rows-and-columns th", "els => els.map(e => e.dataset.column)")
    assert names[:2] == ["Link", "rowid"] and names[2:5] == ["accelerator", "precision", "gflops_per_watt"], names
    assert names[-4:] == ["source_id", "locator", "notes", "reading_notes"], names


# Charts (each dashboard as it first opens is checked in tests/test_browser.py, in one visit: marks, width, tooltips,
# vendor colours); here, the dashboards with a filter set

def test_an_empty_filter_result_says_nothing_matches_and_why(page):
    page.goto(page.base + "/-/dashboards/accelerators-2026?vendor=Alibaba")
    wait_for_charts(page)
    sentences = page.locator("p.chart-empty").all_inner_texts()
    assert len(sentences) == 2 and all(s.startswith("Nothing matches Vendor = Alibaba: ") for s in sentences), sentences
    page.goto(page.base + "/-/dashboards/vision-models?date_from=2030-01-01")
    page.locator("p.chart-empty").first.wait_for(timeout=10_000)
    assert "Nothing matches Released from = 2030-01-01" in page.locator("p.chart-empty").first.inner_text()


@pytest.mark.parametrize("query, says", [
    ("date_from=abc", 'Released from (date_from): "abc" is not a date; write it as YYYY-MM-DD'),
    ("date_from=2020-01-01&date_to=2019-01-01", "Released to (2019-01-01) is before Released from (2020-01-01)"),
])
def test_a_bad_filter_value_is_refused_with_a_message(page, query, says):
    page.goto(page.base + f"/-/dashboards/vision-models?{query}")
    page.locator(".dashboard-problems").wait_for(timeout=10_000)
    assert says in page.locator(".dashboard-problems").inner_text()
    page.locator("p.chart-refused").first.wait_for(timeout=10_000)
    assert page.locator("svg g.role-mark").count() == 0  # nothing drawn from a value the charts cannot read


def test_an_unknown_select_value_is_refused(page):
    page.goto(page.base + "/-/dashboards/accelerators-2026?vendor=Nobody")
    page.locator(".dashboard-problems").wait_for(timeout=10_000)
    assert 'Vendor (vendor): "Nobody" is not one of the values these charts have: AMD, ' in page.locator(".dashboard-problems").inner_text()


def test_date_inputs_read_iso_dates(page):
    page.goto(page.base + "/-/dashboards/vision-models?date_from=2015-06-01")
    wait_for_charts(page)
    field = page.locator(".dashboard-filters input[name=date_from]")
    assert field.get_attribute("type") == "text" and field.input_value() == "2015-06-01"
    assert field.get_attribute("placeholder") == "YYYY-MM-DD"
