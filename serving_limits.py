"""What keeps one client from slowing down everyone else's pages: a Datasette plugin, registered by serve.py.

- A request line longer than MAX_QUERY_BYTES, or with more than MAX_PARAMETERS parameters, is answered 414 before
  Datasette parses it (its parsing grows with the square of the parameter count).
- A request gets REQUEST_TIME_LIMITS × sql_time_limit_ms in all, facets and _where included: past that, before its
  response has started, it is stopped and answered 400, and the queries it still has running are interrupted
  (sqlite3 interrupt() on their connections), so that no work outlives the request. Datasette's SQL threads run each
  query in the context of the request it serves (on RequestContextLoop, the event loop serve.py runs them on), which is
  how a connection knows whose query it is running.
- Requests with SQL of their own (`?sql=`, `_where=`) run one at a time, the others waiting their turn: in a worker
  (an asyncio lock), and across the workers of one serve.py (a lock file, SQL_LOCK_VARIABLE): however many clients
  loop queries into the time limit, the pages keep their threads and all CPUs but one. The charts' SQL
  (site/dashboards/, which the browser sends as `?sql=`) is the site's own, and is served as a page.
- SQLite refuses a string or blob longer than MAX_VALUE_BYTES (`select zeroblob(1e9)` is a 400, not a MemoryError) and
  a result wider than MAX_COLUMNS; a client's own query (`?sql=`, `_where=`) whose rows hold more than
  MAX_RESULT_BYTES of text and blobs in all is stopped as it is read (its JSON would take about 10 times that in
  memory, and seconds of a core to write). The site's own queries (table pages, exports, views, canned queries, the
  charts) read rows of the immutable file, whose sizes the build bounds: their rows are made by sqlite3.Row in C, as
  in plain Datasette, without per-row Python work inside the SQL time limit.
- A path ending in a format Datasette does not have (`/ai_energy/cv_models.nope`) is a 404, not the HTML page.
- Every error is one log line (status, method, path, reason): never a traceback with locals, which costs more than the
  request did (this plugin's answer to an exception is the only one). A parameter Datasette cannot read is a 400, not
  a 500. An error page is rendered once per message, and sent after ERROR_PAUSE_S: a client looping errors (404s)
  waits instead of taking the CPU from everyone else's pages.
"""
import asyncio
import contextvars
import functools
import logging
import os
import sqlite3
import time

from datasette import Response, hookimpl
from markupsafe import Markup

from per_datasette import kept

MAX_QUERY_BYTES = 4096
MAX_PARAMETERS = 64
MAX_PATH_BYTES = 1024
REQUEST_TIME_LIMITS = 2
MAX_VALUE_BYTES = 100_000   # the longest text served today is under 1,000 bytes
MAX_COLUMNS = 100           # the widest relation has fewer than 30
MAX_RESULT_BYTES = 16 * 1024 * 1024  # a full page of the widest relation at ×1000 is under 7 MB
LOG = logging.getLogger("ai_energy.serve")
# raised by a parameter Datasette cannot read: `_next=abc` on a view, `x__in=[bad`, `_through={}`, `gflops__gt=abc`
# (a unit Pint does not know; it reaches us as the FrozenInstanceError of Pint's frozen exception, with it as context)
CLIENT_ERRORS = (ValueError, OverflowError, KeyError, TypeError, sqlite3.Error)
REASON = "ai_energy.reason"  # where the exception handler leaves the reason for the log line
OWN_SQL = (b"sql=", b"_where=")
SQL_LOCK_VARIABLE = "AI_ENERGY_SQL_LOCK"  # the lock file serve.py's workers share (none in-process: one worker)
ERROR_PAGES = 256  # rendered error pages kept, by status and message
ERROR_PAUSE_S = 0.05
KEPT_ANSWERS = 4096  # view-table permission answers kept per Datasette: a table's few, for every table and more


class _Request:
    """What the SQL threads know of the request a query serves: whether its SQL is the client's own, and the
    connections that started a statement for it (with each one's note of whose statement it runs now)."""
    __slots__ = ("own_sql", "connections")

    def __init__(self, own_sql):
        self.own_sql = own_sql
        self.connections = []

    def interrupt(self):
        """Interrupt each connection whose latest statement is this request's (a statement still running stops with
        "interrupted"; a connection that has finished it is idle, where an interrupt does nothing); how many."""
        running = [conn for conn, now in self.connections if now["request"] is self]
        for conn in running:
            conn.interrupt()  # the statement fails with "interrupted"; no one is left waiting for it
        return len(running)


_REQUEST = contextvars.ContextVar("ai_energy.request", default=None)  # None: not a request (or not known): counted


class RequestContextLoop(asyncio.SelectorEventLoop):
    """The event loop that serve.py's workers run Datasette on (uvicorn's `loop` setting), and the tests theirs
    (pytest-asyncio's loop factory hook, tests/conftest.py): a function handed to a thread pool runs in the context of
    the coroutine that handed it, as asyncio.to_thread's functions do and run_in_executor's do not. That is how a query
    in one of Datasette's SQL threads knows the request it serves; Datasette 1.0 carries the context over itself,
    0.65 does not."""

    def run_in_executor(self, executor, func, *args):
        return super().run_in_executor(executor, contextvars.copy_context().run, func, *args)


@hookimpl
def prepare_connection(conn):
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, MAX_COLUMNS)
    conn.row_factory = _counted_rows()
    conn.set_trace_callback(functools.partial(_statement_started, conn, {"request": None}))


def _statement_started(conn, now, sql):
    """SQLite's trace callback, as each statement starts: the connection notes whose statement it runs, and the
    request notes the connection."""
    request = _REQUEST.get()
    now["request"] = request
    if request is not None:
        request.connections.append((conn, now))


def _counted_rows():
    """A row factory for a client's own SQL: Datasette's sqlite3.Row, counting each query's (cursor's) text and blob
    bytes as they are read, and stopping the query past MAX_RESULT_BYTES. For the site's own SQL the cursor is handed
    sqlite3.Row itself at its first row."""
    read = {"cursor": None, "bytes": 0}

    def row(cursor, values):
        if read["cursor"] is not cursor:  # a new query (a connection serves one query at a time)
            read["cursor"], read["bytes"] = cursor, 0
            request = _REQUEST.get()
            if request is not None and not request.own_sql:
                cursor.row_factory = sqlite3.Row  # the rows after this one are made in C
                return sqlite3.Row(cursor, values)
        read["bytes"] += sum(len(v) for v in values if v.__class__ in (str, bytes))
        if read["bytes"] > MAX_RESULT_BYTES:
            # closed first: the error's traceback keeps the cursor, whose statement would stay active, and an interrupt
            # of the then idle connection (a request's time running out) would stop its next query
            cursor.close()
            raise sqlite3.OperationalError(f"the answer holds more than {MAX_RESULT_BYTES // 2 ** 20} MB of text and "
                                           "blobs; ask for fewer rows or columns")
        return sqlite3.Row(cursor, values)
    return row


@hookimpl(wrapper=True)
def handle_exception(datasette, request, exception):
    """The only answer to an exception: Datasette awaits every handler's answer (and sends the first), and its own
    handler, when its answer is awaited, prints a rich traceback with every local variable wherever rich is installed
    (the test environment: frictionless brings it), two seconds of a core per bad request. As a wrapper of the hook
    (pluggy's, on the documented hook), this one returns its own answer alone: the others' are never awaited."""
    yield  # the other handlers' answers, dropped
    return [_answer_to(datasette, request, exception)]


@hookimpl(wrapper=True)
def permission_allowed(datasette, actor, action, resource):
    """Each table's view permission for a visitor worked out once per Datasette: 0.65 answers it by deep-copying the
    whole metadata (descriptions, units, dashboards: 365 KB of YAML), 2 ms a table, for each table a page lists (the
    database page 566 ms; 95 ms with this). The metadata never changes while serve.py runs, so each check's answer
    for the table is kept as it is, and Datasette combines the checks as it always does. Signed-in actors, whom this
    site has none of, are not kept."""
    checks = yield
    known = kept(datasette).setdefault("view_table_answers", {})  # {(resource, check's place): its answer}
    if action != "view-table" or actor is not None or (len(known) >= KEPT_ANSWERS and (resource, 0) not in known):
        return checks
    return [_answered_once(known, (resource, i), check) for i, check in enumerate(checks)]


def _answered_once(known, key, check):
    """A permission check (a value, or something to await) whose answer is worked out once and kept in `known`."""
    from datasette.utils import await_me_maybe

    async def answer():
        if key not in known:
            known[key] = await await_me_maybe(check)
        return known[key]
    return answer


def _answer_to(datasette, request, exception):
    """The status an exception deserves, and its reason for the log line."""
    html = None  # the message as HTML, where Datasette wrote it so (the time-limit page, with the SQL in an editor)
    declared = getattr(exception, "status", None)  # Datasette's own refusals carry their HTTP status (NotFound, ...)
    if isinstance(declared, int) and 400 <= declared <= 599:
        # its word for a request it cannot answer ("Cannot sort…") comes as a 500: the request's fault, so a 400
        status = 400 if declared == 500 else declared
        message = getattr(exception, "message", None) or str(exception.args[0] if exception.args else exception)
        if getattr(exception, "message_is_html", False):
            html, message = Markup(message), _text_of(message)
    elif _client_error(exception):
        status, message = 400, _parameter_error(datasette, request, _client_error(exception))
    elif isinstance(exception, MemoryError):
        status, message = 503, "the answer is too large"
    else:
        status, message = 500, f"{type(exception).__name__}: {exception}"
    request.scope.get(REASON, {})["reason"] = message
    info = {"ok": False, "error": message, "status": status, "title": None}
    if request.path.endswith(".json"):
        return Response.json(info, status=status)

    async def page():  # the page Datasette's own handler renders, without its traceback
        pages = kept(datasette).setdefault("error_pages", {})
        if (status, message) not in pages:
            if len(pages) >= ERROR_PAGES:
                pages.pop(next(iter(pages)))
            # rendered for no request, so that the page kept for the next request like it holds no one's session
            pages[(status, message)] = await datasette.render_template(
                [f"{status}.html", "error.html"], dict(info, error=html or message))
        return Response.html(pages[(status, message)], status=status)
    return page


@hookimpl
def asgi_wrapper(datasette):
    budget_s = REQUEST_TIME_LIMITS * datasette.setting("sql_time_limit_ms") / 1000
    own_sql = _OneAtATime(os.environ.get(SQL_LOCK_VARIABLE))
    from datasette.plugins import pm

    formats = {"json", "csv", "db"} | {r["extension"] for found in pm.hook.register_output_renderer(datasette=datasette)
                                       for r in (found if isinstance(found, list) else [found]) if r}
    charts = {chart["query"] for dashboard in (datasette.plugin_config("datasette-dashboards") or {}).values()
              for chart in dashboard.get("charts", {}).values() if "query" in chart}

    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)
            started = time.monotonic()
            outcome = {}
            scope = dict(scope, **{REASON: outcome})

            async def watched_send(message):
                if message["type"] == "http.response.start":
                    outcome["status"] = message["status"]
                    if message["status"] >= 400:
                        await asyncio.sleep(ERROR_PAUSE_S)
                elif message["type"] == "http.response.body" and outcome.get("status", 200) >= 400 and "body" not in outcome:
                    outcome["body"] = message.get("body", b"")[:2000]
                await send(message)

            refused = _too_long(scope)
            if refused:
                outcome["reason"] = refused
                await _plain(watched_send, 414, refused)
            elif _unknown_format(scope.get("path", ""), formats):
                outcome["reason"] = f"no such format; the formats are {', '.join(sorted(formats))}"
                await _plain(watched_send, 404, outcome["reason"])
            elif _has_own_sql(scope, charts):
                async with own_sql:
                    await _within(budget_s, app(scope, receive, watched_send), outcome, watched_send, own_sql=True)
            else:
                await _within(budget_s, app(scope, receive, watched_send), outcome, watched_send, own_sql=False)
            if outcome.get("status", 500) >= 400:
                interrupted = outcome.get("interrupted")
                LOG.warning("%s %s %s: %s (%.0f ms%s)", outcome.get("status"), _printable(scope.get("method", "")),
                            _shown(scope), _printable(outcome.get("reason") or _reason(outcome.get("body", b"")), 500),
                            (time.monotonic() - started) * 1000,
                            f"; interrupted its queries on {interrupted} connection{'s' * (interrupted != 1)}" * bool(interrupted))
        return guarded
    return wrap


def _client_error(exception):
    """The exception, or the one it was raised while handling, that a bad parameter causes (None if neither is)."""
    for e in (exception, exception.__context__):
        if _is_unit_error(e) or isinstance(e, CLIENT_ERRORS) and not isinstance(e, AttributeError):
            return e
    return None


def _is_unit_error(exception):
    """Whether Pint raised it: Datasette 0.65 reads a unit column's filter value with the Pint it vendors (Datasette 1.0
    has none), so the class is told by its name rather than by importing Datasette's vendored package."""
    return any(cls.__name__ == "PintError" for cls in type(exception).__mro__)


def _unknown_format(path, formats):
    """Whether the path ends in .EXT that is not a format (a dot in a name is ~2E in Datasette's paths)."""
    if path.startswith(("/-/", "/assets/")) or path == "/favicon.ico":  # Datasette's files and the site's (serve.py)
        return False
    last = path.rsplit("/", 1)[-1]
    return "." in last and last.rsplit(".", 1)[1] not in formats


class _OneAtATime:
    """One holder at a time in this process (an asyncio lock) and, given a lock file, across the processes that share
    it (flock, tried every POLL_S: the wait is on the event loop, not a thread)."""
    POLL_S = 0.01

    def __init__(self, path):
        self._local = asyncio.Lock()
        self._file = open(path, "a") if path else None

    async def __aenter__(self):
        import fcntl
        await self._local.acquire()
        try:
            while self._file:
                try:
                    fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    await asyncio.sleep(self.POLL_S)
        except BaseException:  # cancelled while waiting for the file: the next holder must not wait for us
            self._local.release()
            raise

    async def __aexit__(self, *exc):
        import fcntl
        if self._file:
            fcntl.flock(self._file, fcntl.LOCK_UN)
        self._local.release()


def _has_own_sql(scope, charts):
    query = scope.get("query_string", b"")
    if not any(query.startswith(p) or b"&" + p in query for p in OWN_SQL):
        return False
    from urllib.parse import parse_qs
    params = parse_qs(query.decode("latin-1"))
    return "_where" in params or any(sql not in charts for sql in params.get("sql", []))


def _too_long(scope):
    query = scope.get("query_string", b"")
    path = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")
    if len(query) > MAX_QUERY_BYTES or len(path) > MAX_PATH_BYTES:
        return f"the request line is too long (at most {MAX_PATH_BYTES} bytes of path and {MAX_QUERY_BYTES} of query)"
    if query.count(b"&") + 1 > MAX_PARAMETERS:
        return f"too many parameters (at most {MAX_PARAMETERS})"
    return None


async def _within(budget_s, response, outcome, send, own_sql):
    """Run the app, stopping it, and interrupting the queries it has running, when its answer has not started within
    budget_s (a started answer, e.g. a CSV stream, runs to its end)."""

    request = _Request(own_sql)
    task = asyncio.create_task(response, context=_in_context(_REQUEST, request))
    done, _ = await asyncio.wait({task}, timeout=budget_s)
    if done or "status" in outcome:
        return await task
    task.cancel()
    outcome["interrupted"] = request.interrupt()
    try:
        await task
    except asyncio.CancelledError:
        pass
    outcome["reason"] = f"the request took longer than {budget_s:g} s in all; ask for fewer facets or a narrower filter"
    await _plain(send, 400, outcome["reason"])


def _in_context(variable, value):
    """A copy of the current context with variable set to value (the context a request's task runs in)."""
    context = contextvars.copy_context()
    context.run(variable.set, value)
    return context


async def _plain(send, status, message):
    body = f"{status}: {message}\n".encode("utf-8")
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def _shown(scope, limit=200):
    """The request's path and query on one line of printable ASCII, cut to `limit` characters."""
    text = scope.get("path", "")
    if scope.get("query_string"):
        text += "?" + scope["query_string"].decode("latin-1")
    return _printable(text, limit)


def _printable(text, limit=200):
    """TEXT on one line of printable ASCII (a newline in a client's SQL cannot start a forged log line), cut to
    `limit` characters."""
    text = str(text).encode("ascii", "backslashreplace").decode("ascii")
    text = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _text_of(html):
    """An HTML message as one line of text: its first paragraph's words, without the markup (Datasette's time-limit
    message ends in an editor holding the SQL, and a script)."""
    import html as entities
    import re

    first = re.split(r"<textarea|<script", html, maxsplit=1)[0]
    return " ".join(entities.unescape(re.sub(r"<[^>]*>", " ", first)).split())


def _parameter_error(datasette, request, error):
    """What a parameter Datasette could not read got wrong, naming the parameter and what it accepts."""
    args = request.args
    if "sql" in args and not args.get("sql", "").strip():
        return "sql is empty: give a SELECT statement, e.g. ?sql=select+1"
    if _is_unit_error(error):  # a filter value with a unit column: a number, or a number and a unit
        for name in args.keys():
            column, _, operation = name.rpartition("__")
            value = args.get(name, "")
            if column and operation and not _is_number(value):
                return (f"{name}={value!r}: not a number; {column} takes a number, or a number with a unit "
                        f"(e.g. {name}=5)")
    return f"invalid request: {error}"


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def _reason(body):
    """The error message of an error page Datasette rendered itself (a JSON error, or the first line of text)."""
    import json

    try:
        return str(json.loads(body).get("error", ""))[:200]
    except (ValueError, AttributeError):
        return ""
