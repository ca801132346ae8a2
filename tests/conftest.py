"""Session fixtures every test file may use (each made once per session, on first use):

- built_db: the database as `python build.py` builds it from the repository's data, in a private directory;
- db: that database, opened read-only (rows as sqlite3.Row);
- ds: Datasette in-process on it, configured exactly as `make serve` runs it;
- datasette_url: serve.py running on it as a real server on a free 127.0.0.1 port (its base URL), stopped with its
  whole process group at the end of the session. A test that needs another database or other options runs its own
  with tests.helpers.serving(db, ...).
"""
import asyncio
import sqlite3

import pytest

from tests.helpers import ROOT, copy_project, run_build, serving


def pytest_asyncio_loop_factories(config, item):
    """Every async test runs on the event loop serve.py's workers run on: its SQL threads know the request they serve."""
    from serving_limits import RequestContextLoop
    return {"request-context": RequestContextLoop}


@pytest.fixture(scope="session")
def built_db(tmp_path_factory):
    """The database as `python build.py` builds it from the repository's data, in a private directory."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(root, process=True)  # end to end: `python build.py` as a contributor runs it
    assert result.returncode == 0, result.stderr
    return root / "ai_energy.db"


@pytest.fixture(scope="session")
def db(built_db):
    conn = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def ds(built_db):
    """Datasette in-process, configured exactly as `make serve` runs it."""
    import sys
    sys.path.insert(0, str(ROOT))
    from serve import datasette
    app = datasette(built_db)
    asyncio.run(app.invoke_startup())  # as uvicorn's lifespan start-up does under `make serve`
    return app


@pytest.fixture(scope="session")
def datasette_url(built_db):
    """serve.py on the built database, as `make serve` runs it (one worker): its base URL, http://127.0.0.1:PORT."""
    with serving(built_db, "--workers", "1") as base:
        yield base


def rows(db, sql, *params):
    return [dict(r) for r in db.execute(sql, params)]
