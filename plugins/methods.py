"""Every request method a page does not take is a 405 naming the ones it does (an `Allow` header), never a 500: the
site is read-only, so GET and HEAD everywhere, and POST only to a canned query declared `write: true` (none today).
Datasette 0.65 answers POST to a table page with a 500 (an AssertionError), POST to a read-only canned query with
another, and TRACE or an unknown method with an error about a missing handler; static files take any method.
"""
from datasette import hookimpl

from datasette_api import canned_queries

READ = ("GET", "HEAD")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def methods(scope, receive, send):
            if scope["type"] != "http" or scope["method"] in READ:
                return await app(scope, receive, send)
            allowed = READ + (("POST",) if await _writable_query(datasette, scope["path"]) else ())
            if scope["method"] in allowed:
                return await app(scope, receive, send)
            body = f"405: {scope['method']} is not allowed here; this page takes {', '.join(allowed)}\n".encode()
            await send({"type": "http.response.start", "status": 405,
                        "headers": [(b"allow", ", ".join(allowed).encode()),
                                    (b"content-type", b"text/plain; charset=utf-8"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
        return methods
    return wrap


async def _writable_query(datasette, path):
    """Whether PATH is a canned query that writes (`/DATABASE/QUERY`, with or without a format)."""
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[0] not in datasette.databases:
        return False
    database, name = parts[0], parts[1].rsplit(".", 1)[0]
    return (await canned_queries(datasette, database)).get(name, {}).get("write", False)
