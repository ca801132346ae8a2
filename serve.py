#!/usr/bin/env python3
"""Serve ai_energy.db with Datasette, safely: immutable, read-only, bounded queries, one client unable to slow the
others (serving_limits.py). Every setting lives here, and the tests build their in-process Datasette from the same
function.

    python serve.py [--port 8001] [--db ai_energy.db] [--workers N]

N worker processes (default: one per CPU) share the port; each opens the immutable file read-only, so they need no
coordination, and neither do replicas of this command on other machines behind a load balancer (README.md).
"""
import argparse
import logging
import os
import socket
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DB = ROOT / "ai_energy.db"
# The site's own presentation: render_cell and page plugins, templates extending Datasette's, and their CSS
SITE = {"plugins_dir": str(ROOT / "plugins"), "template_dir": str(ROOT / "templates"),
        "static_mounts": [("assets", str(ROOT / "static"))]}
HOST = "127.0.0.1"
SETTINGS = {
    "sql_time_limit_ms": 1000,       # a runaway query is stopped after a second
    "max_returned_rows": 5000,       # more than any relation has today; pages beyond use _next
    "default_page_size": 100,
    "allow_download": True,          # the whole .db file, for offline use
    "allow_csv_stream": True,
    "num_sql_threads": 4,            # a slow query holds a thread, not the event loop: other pages go on
    "default_cache_ttl": 300,
    "facet_time_limit_ms": 200,
    "suggest_facets": False,
}


LOG_FORMAT = "%(asctime)s %(message)s"
DB_VARIABLE = "AI_ENERGY_DB"  # how main() tells each worker process which file to serve


def datasette(db=DB, metadata_file=None):
    """The Datasette app as make serve runs it: the database immutable (opened read-only, never written), with the
    limits of serving_limits.py, and the metadata the build wrote beside it (or METADATA_FILE), read without YAML
    aliases (schema/yamlfile.py): SystemExit, at its line, if it has any."""
    from datasette.app import Datasette

    from schema import yamlfile
    from schema.metadata import metadata_path

    _register_serving_limits()
    try:
        metadata = yamlfile.load(metadata_file or metadata_path(db))
    except yamlfile.YamlProblem as e:
        raise SystemExit(f"serve.py: {e}") from None
    return Datasette(immutables=[str(db)], settings=SETTINGS, **SITE, **_metadata_and_config(Datasette, metadata))


def _metadata_and_config(datasette_class, metadata):
    """The build's metadata as the running Datasette takes it: all of it as metadata for 0.65; for 1.0, which reads
    plugin settings and canned queries from its configuration (datasette.yaml) and no longer from metadata, those
    two moved into `config`. Told apart as datasette_api.py tells them: 0.65 has get_canned_queries (a signature test
    fails where a test plugin wraps the constructor)."""
    from datasette_api import is_0_65

    if is_0_65(datasette_class):
        return {"metadata": metadata}
    metadata = dict(metadata, databases={name: dict(db) for name, db in metadata.get("databases", {}).items()})
    config = {"plugins": metadata.pop("plugins", {}),
              "databases": {name: {"queries": db.pop("queries")} for name, db in metadata["databases"].items() if "queries" in db}}
    return {"metadata": metadata, "config": config}


def _register_serving_limits():
    """serving_limits.py as a plugin."""
    from datasette.plugins import pm

    import serving_limits

    if not pm.is_registered(serving_limits):
        pm.register(serving_limits, name="ai_energy.serving_limits")


def app():
    """The ASGI app of one worker process (uvicorn's factory). Its log is stderr: one line per error
    (serving_limits.py), and for a failing SQL statement Datasette's own line too ("ERROR: conn=…")."""
    logging.basicConfig(format=LOG_FORMAT, level=logging.WARNING, stream=sys.stderr)
    return datasette(Path(os.environ.get(DB_VARIABLE, DB))).app()


def listening_socket(port):
    """The socket that serve.py's workers share, bound here with Nagle's algorithm off (TCP_NODELAY, which Linux copies
    from a listening socket to each connection it accepts): with Nagle on, each response's body waits for the client's
    delayed ACK of its headers, 40 ms a request, and uvicorn binds the socket of several workers without the option."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((HOST, port))
    except OSError as e:
        raise SystemExit(f"serve.py: cannot listen on {HOST}:{port}: {e.strerror}") from None
    sock.listen(2048)
    return sock


def main():
    import uvicorn

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8001)))
    p.add_argument("--db", default=str(DB))
    p.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or os.cpu_count() or 1),
                   help="worker processes (default: WORKERS, else one per CPU)")
    a = p.parse_args()
    import tempfile

    import serving_limits

    db = Path(a.db).resolve()
    from schema.metadata import metadata_path

    if not db.is_file() or not metadata_path(db).is_file():
        raise SystemExit(f"serve.py: {db} or its {metadata_path(db).name} does not exist; build them with `python build.py`")
    os.environ[DB_VARIABLE] = str(db)
    lock = tempfile.NamedTemporaryFile(prefix="ai_energy-sql-", suffix=".lock")  # removed when serve.py ends
    os.environ[serving_limits.SQL_LOCK_VARIABLE] = lock.name
    heavy_lock = tempfile.NamedTemporaryFile(prefix="ai_energy-heavy-", suffix=".lock")  # plugins/heavy_responses.py
    os.environ["AI_ENERGY_HEAVY_LOCK"] = heavy_lock.name
    print(f"Serving {db} on http://{HOST}:{a.port}/ with {a.workers} worker{'s' * (a.workers != 1)}", flush=True)
    sock = listening_socket(a.port)
    # the workers' event loop carries each request's context into Datasette's SQL threads (serving_limits.py)
    uvicorn.run("serve:app", factory=True, app_dir=str(ROOT), workers=a.workers, fd=sock.fileno(),
                loop="serving_limits:RequestContextLoop", log_level="warning", access_log=False, lifespan="on")


if __name__ == "__main__":
    main()
