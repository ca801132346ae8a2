import sqlite3

import pytest

from tests.helpers import ROOT, copy_project, run_build


@pytest.fixture(scope="session")
def built_db(tmp_path_factory):
    """The database as `python build.py` builds it from the repository's data, in a private directory."""
    root = copy_project(tmp_path_factory.mktemp("project"))
    result = run_build(root)
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
    return datasette(built_db)


def rows(db, sql, *params):
    return [dict(r) for r in db.execute(sql, params)]
