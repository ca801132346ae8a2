"""Smoke runs of the benchmarks (bench/) at a tiny scale, so that they keep working: the synthetic data stays valid
and deterministic, bench/build.py times a build, bench/serve.py loads a served database without errors.

Each benchmark runs in a process group of its own (tests.helpers.run_group): on a timeout or a failure the servers it
started are stopped with it. The hostile run's walk through every relation's pages (`--walk`) is left to
tests/test_paging.py, which walks one relation of each key shape with the same function (tests.helpers.walk_pages)."""
import filecmp
import json
import shutil
import sys

import pytest

from tests.helpers import ROOT, run_group

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402


def bench(*args, timeout=300):
    result = run_group([sys.executable, *map(str, args)], cwd=ROOT, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """bench/build.py at ×2, one run, no warm-up build (the measured build proves the synthetic data valid): its copy of
    the project and its database are what bench/serve.py serves."""
    out = tmp_path_factory.mktemp("bench")
    bench(ROOT / "bench" / "build.py", "--scales", "2", "--runs", "1", "--no-warm-up", "--no-results", "--out", out)
    return out


def test_synthetic_data_is_deterministic_and_scales_every_table(tmp_path):
    a = synth.generate(3, tmp_path / "a")
    synth.generate(3, tmp_path / "b")
    for name in (tmp_path / "a" / "data").rglob("*.csv"):
        relative = name.relative_to(tmp_path / "a")
        assert filecmp.cmp(name, tmp_path / "b" / relative, shallow=False), relative
    real = synth.Synth(ROOT, 1)
    assert a == {name: 3 * len(rows) for name, (_, rows) in real.text.items()}


def test_build_benchmark_times_every_phase(out):
    results = json.loads((out / "build.json").read_text())["results"]
    (r,) = results
    assert r["scale"] == 2 and r["rows"] == 2 * sum(len(rows) for _, rows in synth.Synth(ROOT, 1).text.values())
    assert r["wall_s"] > 0 and r["floor_s"] > 0 and r["peak_mb"] > 0
    assert set(r["phases_s"]) == {"start-up", "imports", "validate", "load", "derive", "swap"}
    assert (out / "x2" / "ai_energy.db").exists()


def test_serve_benchmark_with_the_python_client(out):
    bench(ROOT / "bench" / "serve.py", "--scales", "2", "--client", "python", "--requests", "5", "--connections", "2",
          "--warmup", "1", "--limit-urls", "4", "--no-hostile", "--no-results", "--out", out)
    rows = json.loads((out / "serve.json").read_text())["rows"]
    assert len(rows) == 4 and all(r["first"]["status"] == 200 and r["errors"] == 0 and r["loaded"]["requests"] == 5 for r in rows)


def test_serve_benchmark_with_wrk(out):
    if not shutil.which("wrk"):
        pytest.skip("wrk is not installed (apt-get install wrk): the wrk path of bench/serve.py is not smoke-tested")
    bench(ROOT / "bench" / "serve.py", "--scales", "2", "--client", "wrk", "--duration", "1", "--connections", "2",
          "--warmup", "1", "--limit-urls", "1", "--no-hostile", "--no-results", "--out", out)
    rows = json.loads((out / "serve.json").read_text())["rows"]
    assert len(rows) == 1 and rows[0]["client"] == "wrk" and rows[0]["loaded"]["requests"] > 0 and rows[0]["errors"] == 0


def test_serve_benchmark_hostile_run(out):
    """The hostile run at ×2: every hostile request a 4xx, the figures all there (the walk: tests/test_paging.py)."""
    bench(ROOT / "bench" / "serve.py", "--scales", "2", "--hostile-only", "--hostile-seconds", "0.5", "--no-walk",
          "--no-results", "--out", out)
    r = json.loads((out / "serve-hostile.json").read_text())
    assert [run["attack"] for run in r["runs"]] == ["none", "4 clients looping time-limit queries", "4 clients looping 404s"]
    assert all(run["requests"] > 0 and run["errors"] == 0 for run in r["runs"])
    assert all(400 <= s["status"] < 500 for s in r["single"]), r["single"]
    assert r["walk"] == []  # --no-walk
    assert r["rss_mib"] > 0 and r["tracebacks"] == 0


def test_every_column_the_site_sorts_or_facets_on_is_indexed(db):
    """What keeps a served page's cost independent of the data's size: its sort is an index walk and each facet count
    an index scan. The build makes the index of a sort or facet declared in site/site.yml (base tables) or in a derived
    relation's declaration (derive/STAGE/NAME.yml): schema/indexes.py."""
    from schema import site as site_files
    site = site_files.load(ROOT)
    missing = []
    views = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}
    for relation, conf in site.get("relations", {}).items():
        if relation in views:  # a view is not indexed: its facets cost what its definition costs
            continue
        columns = [conf[k] for k in ("sort", "sort_desc") if k in conf] + conf.get("facets", []) + conf.get("facet_dates", [])
        leading = {info[0][2] for idx in db.execute(f"PRAGMA index_list('{relation}')")
                   for info in [list(db.execute(f"PRAGMA index_info('{idx[1]}')"))] if info}
        missing += [f"{relation}.{c}" for c in columns if c not in leading]
    assert not missing, f"schema/indexes.py made no index for: {', '.join(missing)}"
