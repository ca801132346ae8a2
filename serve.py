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
HOST = "127.0.0.1"
SETTINGS = {
    "sql_time_limit_ms": 1000,       # a runaway query is stopped after a second
    "max_returned_rows": 5000,       # more than any relation has today; pages beyond use _next
    "default_page_size": 100,
    "allow_download": True,          # the whole .db file, for offline use
    "allow_csv_stream": True,
    "num_sql_threads": 3,
    "default_cache_ttl": 300,
    "facet_time_limit_ms": 200,
    "suggest_facets": False,
}


def datasette(db=DB):
    """The Datasette app as make serve runs it: the database immutable (opened read-only, never written)."""
    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load(METADATA.read_text(encoding="utf-8"))
    return Datasette(immutables=[str(db)], metadata=metadata, settings=SETTINGS)


def command(db=DB, port=8001):
    """The same configuration as a `datasette serve` command line."""
    args = ["datasette", "serve", "--immutable", str(db), "--metadata", str(METADATA), "--host", HOST, "--port", str(port)]
    for name, value in SETTINGS.items():
        args += ["--setting", name, str(value).lower() if isinstance(value, bool) else str(value)]
    return args


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8001)))
    p.add_argument("--db", default=str(DB))
    a = p.parse_args()
    args = command(a.db, a.port)
    bin_dir = Path(os.sys.executable).parent
    os.execv(bin_dir / "datasette", args)


if __name__ == "__main__":
    main()
