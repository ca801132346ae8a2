"""Responses any cache can keep, and browser tools can read: a Datasette plugin (public hooks: asgi_wrapper,
register_routes).

- Every successful GET of a page, JSON or CSV carries `Cache-Control: public, max-age=<default_cache_ttl>` and an
  ETag naming the version it was made from: the sha256 of the database file (Datasette's own hash of an immutable
  database, as datasette-hashed-urls uses), and of the site's files (metadata, templates, plugins, static files,
  serve.py), computed once at start-up. A request whose If-None-Match holds that ETag is answered 304 at once,
  without a query: a cache in front (deploy/nginx.conf) revalidates for the price of a header. A new database or
  site gives a new ETag, so that nothing stale is ever confirmed.
- Pages that change while the server runs (/-/threads, /-/actor, ..., /-/release/), responses setting a cookie
  and errors get neither.
- `Access-Control-Allow-Origin: *` on every GET, so that Datasette Lite's `?url=`, DuckDB-Wasm or a notebook in a
  browser can read the JSON, CSV, the database and the release files from another origin.
- The release files (release.py, `make release`) are served under /-/release/<version>/<file>, immutable (a version's
  files never change), and /-/release/ lists the versions. AI_ENERGY_DIST names their folder (default: dist/).
"""
import hashlib
import os
from pathlib import Path

from datasette import Response, hookimpl

ROOT = Path(__file__).resolve().parent.parent
DIST_VARIABLE = "AI_ENERGY_DIST"
SITE_FILES = ("serve.py", "serving_limits.py", "plugins", "templates", "static")
DYNAMIC = ("/-/threads", "/-/actor", "/-/permissions", "/-/messages", "/-/auth-token", "/-/logout",
           "/-/allow-debug", "/-/create-token", "/-/api")
RELEASE_PREFIX = "/-/release/"
IMMUTABLE = "public, max-age=31536000, immutable"
CORS = [(b"access-control-allow-origin", b"*"),
        (b"access-control-expose-headers", b"ETag, Content-Length, Content-Range, Accept-Ranges, Link")]
CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".parquet": "application/vnd.apache.parquet",
                 ".db": "application/vnd.sqlite3", ".json": "application/json", ".md": "text/markdown; charset=utf-8"}


def dist():
    return Path(os.environ.get(DIST_VARIABLE) or ROOT / "dist")


def version_tag(datasette):
    """The (weak) ETag of every page: the databases' sha256, their metadata's (written beside each by the build) and
    the site files', in 16 hex digits."""
    digest = hashlib.sha256()
    for name, db in sorted(datasette.databases.items()):
        if not db.is_memory:
            digest.update(f"{name}={db.hash}\n".encode())  # sha256 of the immutable file, computed once
            metadata = Path(db.path).with_name(f"{Path(db.path).stem}.metadata.yml")  # schema.metadata.metadata_path
            if metadata.is_file():
                digest.update(hashlib.sha256(metadata.read_bytes()).digest())
    for path in sorted(p for name in SITE_FILES for p in _files(ROOT / name)):
        digest.update(f"{path.relative_to(ROOT)}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f'W/"{digest.hexdigest()[:16]}"'.encode()  # weak: an HTML page's footer says how long its queries took


def _files(path):
    if path.is_file():
        return [path]
    return [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        tag = None  # worked out at the first request, when every database is attached

        async def cached(scope, receive, send):
            nonlocal tag
            if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
                return await app(scope, receive, send)
            path = scope["path"]
            if path.startswith(DYNAMIC) or path == RELEASE_PREFIX:  # the index changes when a release is written
                return await _with_cors(app, scope, receive, send)
            if tag is None:
                tag = version_tag(datasette)
            page_tag = None if path.startswith(RELEASE_PREFIX) else tag
            if page_tag and page_tag[2:] in _header(scope, b"if-none-match"):  # a weak comparison, as RFC 9110 says
                ttl = datasette.setting("default_cache_ttl")
                await send({"type": "http.response.start", "status": 304,
                            "headers": [(b"etag", page_tag), (b"cache-control", f"public, max-age={ttl}".encode()),
                                        *CORS]})
                return await send({"type": "http.response.body", "body": b""})

            async def send_with_headers(message):
                if message["type"] == "http.response.start":
                    headers = _without_cors(message.get("headers", []))
                    if message["status"] == 200 and b"set-cookie" not in {k.lower() for k, _ in headers}:
                        headers = _cache_headers(headers, page_tag, datasette.setting("default_cache_ttl"))
                    message = {**message, "headers": headers + CORS}
                await send(message)

            await app(scope, receive, send_with_headers)
        return cached
    return wrap


async def _with_cors(app, scope, receive, send):
    async def send_with_cors(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": _without_cors(message.get("headers", [])) + CORS}
        await send(message)
    await app(scope, receive, send_with_cors)


def _without_cors(headers):
    """Headers less any CORS header of Datasette's own (its --cors setting), which ours replace."""
    return [(k, v) for k, v in headers if k.lower() not in {name for name, _ in CORS}]


def _header(scope, name):
    return b",".join(v for k, v in scope.get("headers", []) if k.lower() == name)


def _cache_headers(headers, tag, ttl):
    """A 200's headers with Cache-Control public (Datasette's max-age, or its `_ttl`, kept; `no-cache` kept) and the
    ETag; a release file (tag None) is immutable and keeps the ETag its route gave it."""
    current = next((v.decode() for k, v in headers if k.lower() == b"cache-control"), None)
    if tag is None:
        control = IMMUTABLE
    elif current and "no-cache" in current:
        control = current
    else:
        max_age = current.partition("max-age=")[2].split(",")[0] if current and "max-age=" in current else str(ttl)
        control = f"public, max-age={max_age}"
    out = [(k, v) for k, v in headers if k.lower() != b"cache-control" and (tag is None or k.lower() != b"etag")]
    out.append((b"cache-control", control.encode()))
    if tag is not None:
        out.append((b"etag", tag))
    return out


@hookimpl
def register_routes():
    return [(r"^/-/release/$", release_index), (r"^/-/release/(?P<path>.+)$", release_file)]


async def release_index():
    """The versions under dist/, each with its checksums' URL."""
    versions = sorted((p.name for p in dist().iterdir() if (p / "SHA256SUMS").is_file()), key=_version_key) \
        if dist().is_dir() else []
    return Response.json({"versions": [{"version": v, "sha256sums": f"{RELEASE_PREFIX}{v}/SHA256SUMS",
                                        "datapackage": f"{RELEASE_PREFIX}{v}/datapackage.json"} for v in versions],
                          "latest": versions[-1] if versions else None})


def _version_key(version):
    return [int(part) if part.isdigit() else 0 for part in version.split(".")]


async def release_file(request, send):
    """One file of a release, whole; its ETag is its size and modification time (as nginx's)."""
    from datasette.utils.asgi import asgi_send_file

    root = dist().resolve()
    path = (root / request.url_vars["path"]).resolve()
    if not path.is_relative_to(root) or not path.is_file() or path.name.startswith("."):
        return await Response.text("404: no such release file", status=404).asgi_send(send)
    stat = path.stat()
    etag = f'"{stat.st_mtime_ns // 10 ** 9:x}-{stat.st_size:x}"'
    await asgi_send_file(send, path, content_type=CONTENT_TYPES.get(path.suffix, "text/plain; charset=utf-8"),
                         chunk_size=1 << 16, headers={"etag": etag, "cache-control": IMMUTABLE})
