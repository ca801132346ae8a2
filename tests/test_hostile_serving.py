"""What a hostile client sends beyond bad parameters (tests/test_serving_limits.py has those): request methods a page
does not take, control characters meant to forge log lines, formulas meant for a spreadsheet, queries built to
outlive their time limit. All through Datasette in-process, configured as `make serve` runs it."""
import pytest

from tests.helpers import SQL_JSON

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


FORGED = "2099-01-01 00:00:00,000 500 GET /forged"
SLOW_SQL = "with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from c"


def _log_lines(caplog):
    return [line for r in caplog.records if r.name == "ai_energy.serve" for line in r.getMessage().split("\n")]


@pytest.mark.asyncio
@pytest.mark.parametrize("query", [f"{SQL_JSON[1:]}?sql=select+[a%0A{FORGED}]",
                                   f"ai_energy/cv_models.json?_where=nope%0A{FORGED}",
                                   f"ai_energy/cv_models.json?_sort=a%0D%0A{FORGED}"])
async def test_a_newline_in_a_request_cannot_forge_a_log_line(ds, caplog, query):
    import logging
    caplog.set_level(logging.WARNING, logger="ai_energy.serve")
    response = await ds.client.get("/" + query)
    assert response.status_code == 400
    [line] = _log_lines(caplog)
    assert line.startswith("400 GET /"), line


@pytest.mark.asyncio
async def test_the_time_limit_is_one_log_line_and_datasettes_page_with_the_sql_in_an_editor(ds, caplog):
    import logging
    import urllib.parse
    caplog.set_level(logging.WARNING, logger="ai_energy.serve")
    page = await ds.client.get("/ai_energy?sql=" + urllib.parse.quote(SLOW_SQL))
    assert page.status_code == 400
    assert "SQL query took too long" in page.text
    assert '<textarea style="width: 90%">' in page.text and "&lt;textarea" not in page.text and "&lt;p&gt;" not in page.text
    [line] = _log_lines(caplog)
    assert "SQL query took too long" in line and "<" not in line, line
    answer = await ds.client.get(SQL_JSON + "?sql=" + urllib.parse.quote(SLOW_SQL))
    assert answer.json()["error"] == ("SQL query took too long. The time limit is controlled by the sql_time_limit_ms "
                                      "configuration option.")


@pytest.mark.asyncio
@pytest.mark.parametrize("path, says", [
    (SQL_JSON + "?sql=&_shape=array", "sql is empty: give a SELECT statement"),
    ("/ai_energy.csv?sql=", "sql is empty: give a SELECT statement"),
    ("/ai_energy/cv_models.json?gflops__gt=abc", "gflops__gt='abc': not a number; gflops takes a number"),
    ("/ai_energy/cv_models?gflops__gt=abc", "gflops__gt=&#39;abc&#39;: not a number; gflops takes a number"),
])
async def test_an_api_error_names_the_parameter_and_what_it_takes(ds, path, says):
    response = await ds.client.get(path)
    assert response.status_code == 400
    assert says in response.text, response.text[:1000]
    assert "'rows'" not in response.text and "unit registry" not in response.text


@pytest.mark.asyncio
@pytest.mark.parametrize("sql", ["select printf('%.*c', 1e9, 'x') as v", "select format('%1000000000d', 1) as v",
                                 "select printf('%.*c', 200000, 'x') as v"])
async def test_a_printf_too_wide_for_any_value_is_null_at_once_not_a_core_for_seconds(ds, sql):
    """SQLite writes the padding a character at a time before finding it too long (seconds a call, past any time
    limit, since a progress handler cannot stop a function); bounded, the call is refused before it runs."""
    import urllib.parse
    response = await ds.client.get(SQL_JSON + "?_shape=array&sql=" + urllib.parse.quote(sql))
    assert response.status_code == 200, response.text
    assert response.json() == [{"v": None}]


@pytest.mark.asyncio
async def test_printf_within_bounds_is_sqlites_own(ds):
    import urllib.parse
    sql = "select printf('%.3f|%5d|%-4s|%%|%.*c', 3.14159, 42, 'ab', 3, 'x') as v, format('%,d', 1234567) as w"
    response = await ds.client.get(SQL_JSON + "?_shape=array&sql=" + urllib.parse.quote(sql))
    assert response.json() == [{"v": "3.142|   42|ab  |%|xxx", "w": "1,234,567"}]


@pytest.mark.asyncio
@pytest.mark.parametrize("sql, says", [
    ("select 'a' like '" + "%a" * 120 + "'", "LIKE or GLOB pattern too complex"),
    ("select replace(hex(zeroblob(40000)), '0', '000000')", "string or blob too big"),
    ("select length(group_concat(hex(randomblob(1000)))) from (with recursive c(x) as (select 1 union all "
     "select x + 1 from c limit 1000) select x from c)", "string or blob too big"),
    ("select 1" + " + 1" * 300, "Expression tree is too large (maximum depth 200)"),
])
async def test_queries_that_would_build_huge_values_are_refused_by_sqlite_limits(ds, sql, says):
    import urllib.parse
    response = await ds.client.get(SQL_JSON + "?sql=" + urllib.parse.quote(sql))
    assert response.status_code == 400
    assert says in response.json()["error"], response.json()["error"]


@pytest.mark.parametrize("query, is_heavy", [
    (b"", False), (b"_size=5", False), (b"_size=100", False), (b"_size=101", True), (b"_size=max&_shape=array", True),
    (b"_stream=1", True), (b"_stream=0", False), (b"_facet=a&_facet=b", False), (b"_facet=a&_facet=b&_facet_array=c", True),
    (b"sql=select+1&_size=max", True)])
def test_exports_streams_and_many_facets_are_the_heavy_requests(query, is_heavy):
    import sys
    from tests.helpers import ROOT
    sys.path.insert(0, str(ROOT / "plugins"))
    from heavy_responses import heavy
    assert heavy(query, 100) is is_heavy


@pytest.mark.asyncio
async def test_a_turn_given_up_while_waiting_for_another_worker_is_not_kept(tmp_path):
    """Two holders of one lock file stand for two workers: the one cancelled while waiting must leave its worker's
    lock free, or every later heavy request of that worker would wait for ever."""
    import asyncio
    import sys
    from tests.helpers import ROOT
    sys.path.insert(0, str(ROOT))
    from serving_limits import _OneAtATime

    path = tmp_path / "heavy.lock"
    other_worker, this_worker = _OneAtATime(path), _OneAtATime(path)
    await other_worker.__aenter__()
    waiting = asyncio.ensure_future(this_worker.__aenter__())
    while not this_worker._local.locked():  # until it holds its worker's lock and polls the file
        await asyncio.sleep(0)
    waiting.cancel()
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await other_worker.__aexit__(None, None, None)
    await asyncio.wait_for(this_worker.__aenter__(), timeout=10)
    await this_worker.__aexit__(None, None, None)


@pytest.mark.asyncio
@pytest.mark.parametrize("path", ["/ai_energy/owid_carbon_intensity_electricity.json?_shape=array&_size=max",
                                  "/ai_energy/owid_carbon_intensity_electricity.csv?_stream=1"])
async def test_a_heavy_answer_sent_again_is_the_same_bytes(ds, path):
    """The second client asking for the same export gets the kept answer (plugins/heavy_responses.py): byte for byte
    what the first got, with its content type."""
    first, again = await ds.client.get(path), await ds.client.get(path)
    assert first.status_code == again.status_code == 200
    assert first.content == again.content and len(first.content) > 100_000
    assert first.headers["content-type"] == again.headers["content-type"]
    assert again.headers["content-length"] == str(len(again.content))
