"""A real browser against a real server: Debian's chromium driven by PyPI playwright, and `serve.py` run as a process,
exactly as `make serve` runs it. Used by tests/test_browser.py, and by `make screenshots` to redraw the README's charts:

    python -m tests.browser [--db ai_energy.db] [--out docs]    # writes the docs/*.png of SCREENSHOTS

Nothing the pages load may come from anywhere but the local server: chromium refuses any other request
(CHROMIUM_ARGS) and `local_only` records it.
"""
import argparse
import contextlib
import os
from pathlib import Path
from urllib.parse import urlsplit

from tests.helpers import free_port, serving  # noqa: F401  (free_port was defined here; tests may import it from here)

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1"}
# Any other host, named or an address, resolves to nothing: a page's request elsewhere fails at once (local_only records it).
BLOCK_OTHER_HOSTS = "--host-resolver-rules=MAP * ~NOTFOUND, " + ", ".join(f"EXCLUDE {h}" for h in sorted(LOCAL_HOSTS))
# As root and in a container: no sandbox, no GPU, no /dev/shm; and nothing that would call out (the network is closed).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", BLOCK_OTHER_HOSTS]
# A model name that is HTML: served pages must show it as text and run none of it.
HOSTILE_NAME = '<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2">Hostile'
# Charts render as SVG (every chart's usermeta.embedOptions), so the marks vega draws can be counted in the DOM: one
# element per data row for points, rules and bars, one path per series for lines. Axes and legends use other roles.
MARK_SELECTORS = {
    "point": "g.mark-symbol.role-mark > path",
    "line": "g.mark-line.role-mark > path",
    "rule": "g.mark-rule.role-mark > line",
    "bar": "g.mark-rect.role-mark > path",
}
SCREENSHOTS = {  # file: (page, element to capture; None: the window as a reader first sees it)
    "home.png": ("/", None),
    "table.png": ("/ai_energy/forward_pass_energy?fit_id__startswith=desislavov2023&_sort=release_date", None),
    "fig8.png": ("/-/dashboards/efficiency-trends", ".dashboard-grid"),
    "fig9.png": ("/-/dashboards/energy-per-forward-pass", "#card-fig9"),
    "accelerators-2026.png": ("/-/dashboards/accelerators-2026?paper_fit=desislavov2023-cv", ".dashboard-grid"),
    "llm_energy.png": ("/-/dashboards/llm-energy", ".dashboard-grid"),
    "training_at_scale.png": ("/-/dashboards/training-at-scale", ".dashboard-grid"),
}


def unavailable():
    """Why the browser cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium; .ci/run does)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as e:
        return f"playwright is not installed ({e}): pip install -r requirements-dev.txt"
    return None


def hostile_copy(db, dest):
    """A copy of the database DB at DEST with one more model, `hostile-name`, named HOSTILE_NAME. The validator refuses
    < and > in the CSVs by design, so the row goes straight into the database file."""
    import shutil
    import sqlite3

    from schema.metadata import metadata_path

    shutil.copy2(db, dest)
    shutil.copy2(metadata_path(db), metadata_path(dest))  # served together
    conn = sqlite3.connect(dest)
    try:
        conn.row_factory = sqlite3.Row
        row = dict(conn.execute("SELECT * FROM cv_models WHERE model_id = 'alexnet'").fetchone())
        row.update(model_id="hostile-name", model=HOSTILE_NAME)
        conn.execute(f"INSERT INTO cv_models ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
        conn.commit()
    finally:
        conn.close()
    return Path(dest)


@contextlib.contextmanager
def served(db, timeout=60):
    """Run `serve.py --db DB` on a free 127.0.0.1 port; yield its base URL; stop its whole process group on the way out."""
    with serving(db, timeout=timeout) as base:
        yield base


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def local_only(context):
    """Record every request that is not to the local server; return the list their URLs are appended to. Chromium
    itself refuses them (BLOCK_OTHER_HOSTS, in CHROMIUM_ARGS): a listener costs a page nothing, where intercepting
    every request (playwright's route) waited on this process for each, half the time of a page walk."""
    recorded = []
    context.on("request", lambda request: recorded.append(request.url)
               if urlsplit(request.url).hostname not in LOCAL_HOSTS else None)
    return recorded


def wait_for_charts(page, timeout=20_000):
    """Wait until every vega-lite chart on a dashboard page has drawn its SVG; return the chart slugs."""
    slugs = page.eval_on_selector_all("[id^='chart-'].dashboard-card-chart, .chart-container[id^='chart-']",
                                      "els => els.map(e => e.id.slice('chart-'.length))")
    # Drawn, and done: vega may add marks after the first appear, so wait until every chart's SVG has marks and is the
    # same at two polls in a row (a condition, not a fixed pause).
    page.wait_for_function(
        """slugs => {
            const svgs = slugs.map(s => document.getElementById('chart-' + s).querySelector('svg'));
            if (!svgs.every(svg => svg && svg.querySelector('g.role-mark, g.mark-group'))) return false;
            const now = svgs.map(svg => svg.innerHTML.length).join();
            const same = window.__chartsDrawn === now;
            window.__chartsDrawn = now;
            return same;
        }""", arg=slugs, timeout=timeout, polling=100)
    return slugs


def count_marks(page, slug):
    """{kind: number of SVG marks} drawn in the chart `slug`, counting only marks with a real shape: a finite, non-empty
    bounding box and no NaN in their geometry (a bar on a broken log scale is an element, but not a drawn one)."""
    return page.evaluate(
        """([slug, selectors]) => {
            const svg = document.getElementById('chart-' + slug).querySelector('svg');
            const drawn = (el, kind) => {
                if (/NaN|Infinity/.test(el.getAttribute('d') || '') || /NaN|Infinity/.test(el.getAttribute('transform') || '')) return false;
                const b = el.getBBox();
                if (![b.x, b.y, b.width, b.height].every(Number.isFinite)) return false;
                // lines and rules may be flat; points and bars must have an area
                return (kind === 'line' || kind === 'rule') ? (b.width > 0 || b.height > 0) : (b.width > 0 && b.height > 0);
            };
            return Object.fromEntries(Object.entries(selectors).map(
                ([k, sel]) => [k, svg ? [...svg.querySelectorAll(sel)].filter(el => drawn(el, k)).length : 0]));
        }""", [slug, MARK_SELECTORS])


def screenshots(db, out, width=1400, height=900):
    from playwright.sync_api import sync_playwright

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with served(db) as base, sync_playwright() as p:
        browser = launch(p)
        try:
            context = browser.new_context(viewport={"width": width, "height": height}, device_scale_factor=1)
            blocked = local_only(context)
            page = context.new_page()
            for name, (path, selector) in SCREENSHOTS.items():
                page.goto(base + path)
                if path.startswith("/-/dashboards/"):
                    wait_for_charts(page)
                target = page.locator(selector) if selector else page
                target.screenshot(path=str(out / name), animations="disabled")
                print(out / name)
            if blocked:
                raise SystemExit(f"requests left 127.0.0.1: {blocked}")
        finally:
            browser.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", default=str(ROOT / "ai_energy.db"))
    p.add_argument("--out", default=str(ROOT / "docs"))
    a = p.parse_args()
    reason = unavailable()
    if reason:
        raise SystemExit(reason)
    screenshots(a.db, a.out)


if __name__ == "__main__":
    main()
