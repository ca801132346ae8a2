"""What a hostile client sends beyond bad parameters (tests/test_serving_limits.py has those): request methods a page
does not take, control characters meant to forge log lines, formulas meant for a spreadsheet, queries built to
outlive their time limit. All through Datasette in-process, configured as `make serve` runs it."""
import pytest

PAGES = {  # one page of each kind the site serves
    "home": "/",
    "database": "/ai_energy",
    "table": "/ai_energy/cv_models",
    "table json": "/ai_energy/cv_models.json",
    "row": "/ai_energy/cv_models/alexnet",
    "query": "/ai_energy?sql=select+1",
    "canned query": "/ai_energy/best_model_per_year",
    "static": "/assets/site.css",
    "datasette static": "/-/static/app.css",
    "dashboard": "/-/dashboards/vision-models",
    "dashboards": "/-/dashboards",
    "introspection": "/-/versions.json",
}
METHODS = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "FOO"]


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", PAGES)
async def test_a_page_answers_get_and_head(ds, kind):
    for method in ("GET", "HEAD"):
        response = await ds.client.request(method, PAGES[kind])
        assert response.status_code == 200, (method, response.text[:300])


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", PAGES)
async def test_every_other_method_is_a_405_naming_the_allowed_ones(ds, kind):
    for method in METHODS:
        response = await ds.client.request(method, PAGES[kind])
        assert response.status_code == 405, (method, response.status_code, response.text[:300])
        assert response.headers["allow"] == "GET, HEAD", method
        assert f"{method} is not allowed" in response.text
