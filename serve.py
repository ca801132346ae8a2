#!/usr/bin/env python3
"""Serve ai_energy.db with Datasette, safely: immutable, read-only, bounded queries. Every setting lives here, and
the tests build their in-process Datasette from the same function.

    python serve.py [--port 8001] [--db ai_energy.db]
"""
import argparse
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DB = ROOT / "ai_energy.db"
METADATA = ROOT / "metadata.yml"
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
    "num_sql_threads": 0,            # SQL on the event loop: no thread hand-offs, 3x the requests/s on 2 cores; a
                                     # query still stops at sql_time_limit_ms, and holds others up at most that long
    "default_cache_ttl": 300,
    "facet_time_limit_ms": 200,
    "suggest_facets": False,
}


def datasette(db=DB):
    """The Datasette app as make serve runs it: the database immutable (opened read-only, never written)."""
    import yaml

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    return _fixed_metadata_datasette()(immutables=[str(db)], metadata=metadata, settings=SETTINGS, **SITE)


def _fixed_metadata_datasette():
    from datasette.app import Datasette

    class FixedMetadataDatasette(Datasette):
        """Datasette serving metadata that never changes while it runs (metadata.yml, read at start-up).

        Datasette 0.65 deep-copies the whole metadata (descriptions, units, dashboards: about 100 KB) to look up one
        table's permissions, several times per request, which was half of every page's cost; with the metadata fixed,
        each table's answer is worked out once."""

        def _table_permission_allows(self, database, table):
            cache = self.__dict__.setdefault("_table_permissions", {})
            if (database, table) not in cache:
                cache[(database, table)] = super()._table_permission_allows(database, table)
            return cache[(database, table)]

    return FixedMetadataDatasette


def main():
    import uvicorn

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8001)))
    p.add_argument("--db", default=str(DB))
    a = p.parse_args()
    db = Path(a.db).resolve()
    if not db.is_file():
        raise SystemExit(f"serve.py: {db} does not exist; build it with `python build.py`")
    print(f"Serving {db} on http://{HOST}:{a.port}/", flush=True)
    # ds.app() runs Datasette's start-up (plugin hooks, immutable table counts) before the first request
    uvicorn.run(datasette(db).app(), host=HOST, port=a.port, log_level="warning", lifespan="on")


if __name__ == "__main__":
    main()
