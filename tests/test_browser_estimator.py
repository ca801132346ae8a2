"""The LLM estimator as a reader first sees it, in a real browser at 1366×768 (a common laptop screen): the answer is
in the first screen and the page does not scroll sideways (issue 17). The fixtures are tests/test_browser.py's: the
served database, chromium, and the guards that no request leaves 127.0.0.1 and no script from the data runs."""
import urllib.parse

from tests.test_browser import browser, browser_ready, hostile_db, site, tab  # noqa: F401  (pytest fixtures)

EXAMPLE = {"model": "Llama 3.1 8B", "gpu": "H100", "input_tokens": "500", "output_tokens": "400", "answers": "1000",
           "regime": "lowest", "grid_gco2e_per_kwh": "400"}
WIDTH, HEIGHT = 1366, 768


def test_the_llm_estimator_answers_in_the_first_screen_without_sideways_scroll(tab):
    page = tab.page
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    page.goto("/ai_energy/estimate_llm_energy?" + urllib.parse.urlencode(EXAMPLE))
    answer = page.locator("td.col-message").first
    assert answer.inner_text().startswith("Llama 3.1 8B Instruct on NVIDIA H100 SXM5 80GB, the lowest measured")
    assert " Wh per answer of 500 tokens in and 400 out; 1,000 answers: " in answer.inner_text()
    box = answer.bounding_box()
    assert box and box["y"] >= 0 and box["y"] + min(box["height"], 80) <= HEIGHT, box  # its first lines, unscrolled
    wh = page.locator("td.col-wh_per_answer").first.bounding_box()
    assert wh and wh["y"] + 40 <= HEIGHT and wh["x"] + wh["width"] <= WIDTH, wh  # the cell is as tall as its row: its first line
    assert page.locator("textarea#sql-editor, .CodeMirror").filter(has_text="WITH input").count() == 0  # SQL hidden
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"
