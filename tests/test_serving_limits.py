"""A hostile request gets a clean 4xx and one log line, never a 500 or a traceback (serving_limits.py); and serve.py
serves with several worker processes as `make serve` runs it."""
import logging
import time
import urllib.parse

import pytest

from tests.helpers import SQL_JSON, answer, serving, status

SLOW = "(with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from (select x from c limit {n})) > 0"
BAD = [  # (path, status, what the error says)
    ("/a/b/c/d/e", 404, ""),
    ("/ai_energy/no_such_table.json", 404, ""),
    ("/ai_energy/cv_models.nope", 404, "no such format"),
    ("/ai_energy.nope", 404, "no such format"),
    ("/ai_energy/cv_models/no-such-model.json", 404, "not found"),
    ("/ai_energy/cv_models.json?_sort=missing", 400, "Cannot sort table by missing"),
    ("/ai_energy/cv_models.json?_sort_desc=missing", 400, "Cannot sort table by missing"),
    ("/ai_energy/errata.json?_next=abc", 400, "invalid literal"),
    ("/ai_energy/cv_models.json?model__in=[bad", 400, "invalid request"),
    ("/ai_energy/cv_models.json?gflops__gt=abc", 400, "gflops__gt='abc': not a number"),
    ("/ai_energy/cv_models.json?_through={\"table\":1}", 400, "invalid request"),
    ("/ai_energy/cv_models.json?_size=abc", 400, "_size must be a positive integer"),
    ("/ai_energy/cv_models.json?_facet=missing", 400, "no such column"),
    ("/ai_energy/cv_models.json?_where=nope(", 400, "syntax error"),
    ("/ai_energy/cv_models.json?_timelimit=abc", 400, "invalid literal"),
    (SQL_JSON + "?sql=DELETE+FROM+sources", 400, "must be a SELECT"),
    (SQL_JSON + "?sql=select+zeroblob(1e8)", 400, "string or blob too big"),
    (SQL_JSON + "?sql=select+zeroblob(1e9)", 400, "string or blob too big"),
    (SQL_JSON + "?" + urllib.parse.urlencode({"sql": "select zeroblob(10000), zeroblob(10000) from (with recursive "
     "c(x) as (select 1 union all select x + 1 from c limit 5000) select x from c)"}), 400, "more than 16 MB"),
    (SQL_JSON + "?sql=select+" + "+".join(["1"] * 150).replace("+", ",+") + "", 400, "too many columns"),
    ("/ai_energy/cv_models.json?" + "&".join(f"a{i}=1" for i in range(5000)), 414, "too long"),
    ("/ai_energy/cv_models.json?" + "&".join(f"_facet={i}" for i in range(65)), 414, "too many parameters"),
    ("/ai_energy/" + "x" * 2000, 414, "too long"),
]


@pytest.mark.asyncio
@pytest.mark.parametrize("path, status, says", BAD, ids=[p[:60] for p, _, _ in BAD])
async def test_a_bad_request_gets_its_4xx_and_one_log_line(ds, path, status, says, caplog, capsys):
    caplog.set_level(logging.WARNING, logger="ai_energy.serve")
    response = await ds.client.get(path)
    assert response.status_code == status, response.text[:500]
    error = response.json()["error"] if response.headers["content-type"].startswith("application/json") else response.text
    assert says.lower() in error.lower(), error[:500]
    records = [r for r in caplog.records if r.name == "ai_energy.serve"]
    assert len(records) == 1 and records[0].getMessage().startswith(f"{status} GET /"), [r.getMessage() for r in records]
    assert "\n" not in records[0].getMessage()
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.asyncio
async def test_a_request_that_runs_past_its_time_budget_is_stopped_with_a_400(ds, caplog):
    """Facets and _where: a _where that takes about 0.25 s passes the 1 s SQL limit, but each of 60 facets over it runs
    into the facet time limit; the request as a whole is stopped at its budget (2 s) instead of taking 60 of them."""
    caplog.set_level(logging.WARNING, logger="ai_energy.serve")
    response = await ds.client.get(_past_its_budget())
    assert response.status_code == 400
    assert "took longer than" in response.text
    # the facet query running when the budget ran out was interrupted, not left to run to its own limit
    assert any("took longer than" in r.message and "interrupted its queries on" in r.message for r in caplog.records), \
        [r.message for r in caplog.records]


def _past_its_budget(where_s=0.25):
    """A request whose 60 facets, each over a _where that takes about where_s here, take longer than its 2 s budget in
    all: each facet stops at its 0.2 s limit, so a _where of anything from about 0.07 s (60 facets on 2 cores) to 1 s
    (the SQL limit of the page's own query) on the server will do."""
    where = SLOW.format(n=_rows_counted_in(where_s))
    facets = "&".join(f"_facet={c}" for c in ["architecture", "extra_training_data", "source_id", "model"] * 15)
    return f"/ai_energy/cv_models.json?{facets}&_where={urllib.parse.quote(where)}"


def test_a_request_whose_budget_runs_out_interrupts_the_query_it_has_running():
    """The connection as serve.py prepares it runs a query of about a minute in a thread, in a request's context
    (as Datasette's SQL threads do); the request's interrupt() stops it at once with SQLite's "interrupted"."""
    import contextvars
    import sqlite3
    import threading

    import serving_limits

    conn = sqlite3.connect(":memory:", check_same_thread=False)
    serving_limits.prepare_connection(conn)
    request = serving_limits._Request(own_sql=True)
    context = serving_limits._in_context(serving_limits._REQUEST, request)
    started, outcome = threading.Event(), {}

    def query():
        started.set()
        try:
            outcome["rows"] = conn.execute("select " + SLOW.format(n=_rows_counted_in(0.3) * 200)).fetchall()
        except sqlite3.OperationalError as e:
            outcome["error"] = str(e)

    thread = threading.Thread(target=context.run, args=(query,))
    thread.start()
    started.wait()
    while not request.connections:  # the statement has started
        time.sleep(0.01)
    assert request.interrupt() == 1
    thread.join(120)
    assert outcome == {"error": "interrupted"}
    assert serving_limits._Request(own_sql=True).interrupt() == 0  # another request's interrupt() leaves it alone


@pytest.mark.asyncio
async def test_only_a_clients_own_sql_has_its_rows_counted(ds, monkeypatch):
    """A client's ?sql= has its rows' bytes counted (and stopped past the limit, here lowered to 1 kB); the site's
    own table page over the same rows is read by sqlite3.Row alone, outside any per-row Python work."""
    import serving_limits

    await ds.client.get("/ai_energy")  # Datasette's own first look at the database (its table counts), before the cut
    monkeypatch.setattr(serving_limits, "MAX_RESULT_BYTES", 1000)
    own = await ds.client.get(SQL_JSON + "?" + urllib.parse.urlencode({"sql": "select * from cv_models"}))
    assert own.status_code == 400 and "the answer holds more than" in own.text
    page = await ds.client.get("/ai_energy/cv_models.json?_size=max&_shape=array")
    assert page.status_code == 200 and len(page.content) > 1000 and len(page.json()) > 20


def test_a_query_stopped_for_its_size_leaves_no_statement_running(monkeypatch):
    """SQLite interrupts every statement started on a connection until none is running: a query stopped for its size
    whose statement stayed active (its cursor kept by the error's traceback) would let the interrupt of a request whose
    time ran out stop whatever query the connection serves next, another client's."""
    import sqlite3

    import serving_limits

    monkeypatch.setattr(serving_limits, "MAX_RESULT_BYTES", 1000)
    conn = sqlite3.connect(":memory:")
    serving_limits.prepare_connection(conn)
    try:
        conn.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n LIMIT 1000) "
                     "SELECT printf('%020d', i) FROM n").fetchall()
    except sqlite3.OperationalError as e:
        kept = e  # as Datasette's error handling keeps it
    assert "the answer holds more than" in str(kept)
    conn.interrupt()  # the connection is idle: nothing should be left to interrupt
    assert conn.execute("SELECT 1").fetchall()[0][0] == 1


def _rows_counted_in(seconds):
    """How many rows SLOW counts in about `seconds` on this machine (anything from a tenth to three times it will do)."""
    import sqlite3
    n, took = 10_000, 0.0
    while took < seconds / 4:
        n *= 4
        start = time.perf_counter()
        sqlite3.connect(":memory:").execute("select " + SLOW.format(n=n)).fetchall()
        took = time.perf_counter() - start
    return int(n * seconds / took)


@pytest.mark.asyncio
async def test_an_error_is_answered_without_a_traceback_where_rich_is_installed(ds, capfd):
    """Datasette's own exception handler prints a rich traceback with every local variable when its answer is
    awaited and rich is installed (as here: frictionless brings it); serving_limits' answer is the only one."""
    pytest.importorskip("rich")
    capfd.readouterr()
    for path in ["/a/b/c/d/e", "/ai_energy/cv_models.json?_sort=no_such_column"]:
        response = await ds.client.get(path)
        assert response.status_code in (400, 404), (path, response.text[:300])
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "locals" not in out + err, out + err


def test_serve_py_with_two_workers_answers_logs_one_line_per_error_and_interrupts_a_late_requests_queries(built_db, tmp_path):
    """serve.py's workers run on serving_limits.RequestContextLoop: a request past its budget interrupts its queries."""
    with open(tmp_path / "serve.log", "w+b") as log:
        with serving(built_db, "--workers", "2", log=log) as base:
            assert status(base + "/ai_energy/gpu_specs.json?_size=5") == 200
            assert status(base + "/a/b/c/d/e") == 404
            assert status(base + SQL_JSON + "?sql=select+*+from") == 400
            for where_s in (0.25, 0.08):  # a server busier than this process was: its _where ran into the SQL limit
                code, error = answer(base + _past_its_budget(where_s))
                if "took longer than" in error:
                    break
            assert code == 400 and "took longer than" in error, error
        log.seek(0)
        out = log.read().decode(errors="replace")  # stdout and stderr, the server and its workers stopped
    errors = [line for line in out.splitlines() if " GET /" in line]
    assert "404 GET /a/b/c/d/e" in errors[0] and f"400 GET {SQL_JSON}" in errors[1], out
    assert "took longer than" in errors[-1] and "interrupted its queries on" in errors[-1], out
    assert "Traceback" not in out, out
    assert "with 2 workers" in out


def test_the_charts_sql_is_the_sites_own_and_a_clients_is_not(ds):
    """Clients' own SQL waits its turn (one at a time per worker); the charts' SQL, which the browser sends as ?sql=,
    is served as a page."""
    import serving_limits
    charts = {chart["query"] for dashboard in ds.plugin_config("datasette-dashboards").values()
              for chart in dashboard["charts"].values()}
    some_chart = urllib.parse.urlencode({"sql": sorted(charts)[0], "_shape": "objects"}).encode()
    assert not serving_limits._has_own_sql({"query_string": some_chart}, charts)
    assert serving_limits._has_own_sql({"query_string": b"sql=select+1"}, charts)
    assert serving_limits._has_own_sql({"query_string": b"_size=5&_where=1%3D1"}, charts)
    assert not serving_limits._has_own_sql({"query_string": b"_size=5"}, charts)
