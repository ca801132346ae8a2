"""Heavy answers take turns, so that they cannot starve light ones: a whole-relation export (`_size` beyond a page,
`_size=max`, a `_stream=1` CSV) or a page of several facets runs one at a time in a worker and one at a time across
the workers of one serve.py (a lock file, HEAVY_LOCK_VARIABLE, that serve.py creates), the others waiting their
turn on the event loop. Each export costs a core for as long as it takes to encode thousands of rows; with the
exports queued, the pages keep every other CPU. A stream holds its turn until it ends.

The database is immutable, so a heavy answer is kept (in memory, up to CACHE_BYTES per worker, ENTRY_BYTES each, the
oldest dropped first) and sent again as it is to the next client asking the same URL, without a turn: a client
looping an export costs its bytes, not a core.

The wait comes before the request's time budget (serving_limits.py) starts: this wrapper is the outermost, so that a
queued export is answered as plain Datasette answers it, only later. At most MAX_WAITING wait in a worker; one more
is answered 503 with Retry-After.
"""
import os
from urllib.parse import parse_qs

from datasette import hookimpl

HEAVY_LOCK_VARIABLE = "AI_ENERGY_HEAVY_LOCK"
MANY_FACETS = 3  # a page with this many _facet= or more is heavy (each facet is a query over the whole relation)
MAX_WAITING = 16
CACHE_BYTES = 64 * 2 ** 20
ENTRY_BYTES = 8 * 2 ** 20
RETRY_AFTER_S = 5


@hookimpl(trylast=True)  # called last, so its wrapper is the outermost
def asgi_wrapper(datasette):
    from serving_limits import _OneAtATime

    page = datasette.setting("default_page_size")
    turns = _OneAtATime(os.environ.get(HEAVY_LOCK_VARIABLE))
    waiting = {"n": 0}
    kept = _Kept()

    def wrap(app):
        async def heavy_in_turn(scope, receive, send):
            if scope["type"] != "http" or not heavy(scope.get("query_string", b""), page):
                return await app(scope, receive, send)
            key = (scope.get("method"), scope.get("path"), scope.get("query_string", b""))
            if key in kept:
                return await _replay(kept[key], scope, send)
            if waiting["n"] >= MAX_WAITING:
                return await _busy(send)
            waiting["n"] += 1
            entered = False
            try:
                async with turns:
                    waiting["n"], entered = waiting["n"] - 1, True
                    if key in kept:  # answered while this one waited
                        return await _replay(kept[key], scope, send)
                    return await app(scope, receive, kept.recording(key, send) if key[0] == "GET" else send)
            finally:
                if not entered:  # cancelled (the client went away) while waiting
                    waiting["n"] -= 1
        return heavy_in_turn
    return wrap


def heavy(query_string, page_size):
    """Whether a request asks for more than a page: rows beyond page_size, a stream, or MANY_FACETS facets."""
    if not any(p in query_string for p in (b"_size=", b"_stream=", b"_facet")):
        return False
    params = parse_qs(query_string.decode("latin-1"))
    size = params.get("_size", [""])[-1]
    if size == "max" or (size.isdigit() and int(size) > page_size):
        return True
    if params.get("_stream", ["0"])[-1] not in ("", "0", "off"):
        return True
    return sum(len(v) for k, v in params.items() if k.startswith("_facet")) >= MANY_FACETS


async def _busy(send):
    body = f"503: too many exports and facet pages are waiting; retry in {RETRY_AFTER_S} s\n".encode()
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"retry-after", str(RETRY_AFTER_S).encode()),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class _Kept(dict):
    """{(method, path, query): (status, headers, body)} of whole 200 answers, at most CACHE_BYTES, oldest out first."""
    size = 0

    def recording(self, key, send):
        parts, start = [], {}

        async def record(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and start.get("status") == 200 and parts is not None:
                parts.append(message.get("body", b""))
                if sum(map(len, parts)) > ENTRY_BYTES:
                    parts.clear()
                    start["status"] = None  # too big to keep
                elif not message.get("more_body"):
                    self._keep(key, start, b"".join(parts))
            await send(message)
        return record

    def _keep(self, key, start, body):
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"content-length", b"set-cookie")]
        self[key] = (200, headers + [(b"content-length", str(len(body)).encode())], body)
        self.size += len(body)
        while self.size > CACHE_BYTES and self:
            oldest = next(iter(self))
            self.size -= len(self.pop(oldest)[2])


async def _replay(answer, scope, send):
    status, headers, body = answer
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope.get("method") == "HEAD" else body})
