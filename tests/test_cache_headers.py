"""Cacheable serving (plugins/cache_headers.py), through Datasette configured as `make serve` runs it: Cache-Control
and an ETag tied to the database's hash, 304 on If-None-Match, CORS on JSON, CSV and release files."""
import shutil
import sqlite3
import sys

import pytest

from tests.helpers import ROOT, SQL_JSON

PAGES = ["/ai_energy/gpu_specs?_size=5", "/ai_energy/gpu_specs.json", "/ai_energy/gpu_specs.csv",
         "/ai_energy/forward_pass_energy.json?_shape=array", SQL_JSON + "?sql=select+1"]


@pytest.fixture(scope="module")
def changed_ds(built_db, tmp_path_factory):
    """Datasette serving a database that differs from the built one in one value."""
    sys.path.insert(0, str(ROOT))
    from serve import datasette

    from schema.metadata import metadata_path

    path = tmp_path_factory.mktemp("changed") / "ai_energy.db"
    shutil.copyfile(built_db, path)
    shutil.copyfile(metadata_path(built_db), metadata_path(path))  # served together
    with sqlite3.connect(path) as conn:
        changed = conn.execute("UPDATE sources SET notes = coalesce(notes, '') || ' (changed)' WHERE rowid = 1")
        assert changed.rowcount == 1
    conn.close()
    return datasette(path)


@pytest.mark.asyncio
@pytest.mark.parametrize("path", PAGES)
async def test_pages_json_and_csv_are_cacheable_and_open_to_other_origins(ds, path):
    r = await ds.client.get(path)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["cache-control"] == f"public, max-age={ds.setting('default_cache_ttl')}"
    assert r.headers["etag"].startswith('W/"') and len(r.headers["etag"]) == 20
    assert r.headers["access-control-allow-origin"] == "*"
    again = await ds.client.get(path, headers={"if-none-match": r.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == r.headers["etag"] and again.headers["access-control-allow-origin"] == "*"
    other = await ds.client.get(path, headers={"if-none-match": 'W/"0000000000000000"'})
    assert other.status_code == 200 and other.content[:100] == r.content[:100]


@pytest.mark.asyncio
async def test_cache_headers_change_when_the_database_changes(ds, changed_ds):
    before = await ds.client.get("/ai_energy/sources.json")
    after = await changed_ds.client.get("/ai_energy/sources.json")
    assert before.status_code == after.status_code == 200
    assert before.headers["etag"] != after.headers["etag"]
    stale = await changed_ds.client.get("/ai_energy/sources.json", headers={"if-none-match": before.headers["etag"]})
    assert stale.status_code == 200 and "(changed)" in stale.text
    fresh = await changed_ds.client.get("/ai_energy/sources.json", headers={"if-none-match": after.headers["etag"]})
    assert fresh.status_code == 304


@pytest.mark.asyncio
async def test_errors_and_live_pages_are_not_cached(ds):
    missing = await ds.client.get("/ai_energy/no_such_table.json")
    assert missing.status_code == 404 and "etag" not in missing.headers
    assert "public" not in missing.headers.get("cache-control", "")
    threads = await ds.client.get("/-/threads.json")
    assert threads.status_code == 200 and "etag" not in threads.headers
    assert threads.headers["access-control-allow-origin"] == "*"


@pytest.mark.asyncio
async def test_release_files_are_served_immutable_with_cors(ds, tmp_path, monkeypatch):
    version = tmp_path / "9.9.9"
    (version / "parquet").mkdir(parents=True)
    (version / "SHA256SUMS").write_text("0  parquet/x.parquet\n")
    (version / "parquet" / "x.parquet").write_bytes(b"PAR1 not really")
    monkeypatch.setenv("AI_ENERGY_DIST", str(tmp_path))
    index = await ds.client.get("/-/release/")
    assert index.json()["latest"] == "9.9.9" and "etag" not in index.headers
    r = await ds.client.get("/-/release/9.9.9/parquet/x.parquet")
    assert r.status_code == 200 and r.content == b"PAR1 not really"
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert r.headers["access-control-allow-origin"] == "*" and r.headers["etag"]
    for outside in ("/-/release/9.9.9/../../" + ROOT.name, "/-/release/%2e%2e/serve.py", "/-/release/9.9.9/nope.csv"):
        assert (await ds.client.get(outside)).status_code == 404, outside
