#!/usr/bin/env python3
"""Benchmark of the deployment (issue 22): first-page throughput and latency of the same URLs served four ways, on
127.0.0.1, with wrk:

- plain `datasette serve -i` (one process, no settings, no plugins): the yardstick;
- one replica direct: serve.py with one worker process, as deploy/run_local.py starts each replica;
- REPLICAS replicas behind nginx (deploy/nginx.conf) with its cache off: what the replicas serve between them;
- the same with the cache on: what readers of popular pages get.

The proxy's per-client limits are lifted for the run (wrk is one client address; the limits are per address and
would answer it 429 past 20 requests a second, which is what they are for).

    .venv/bin/python bench/deploy.py [--replicas 2] [--duration 5] [--connections 8] [--runs 3]   rewrites its table
    .venv/bin/python bench/deploy.py --duration 1 --runs 1 --no-results --out /tmp/b                a smoke run

The database is OUT/x1/ai_energy.db (built from the repository's data first when missing). Every server is started in
a process group of its own and stopped, the whole group, also on failure.
"""
import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH, OUT, PYTHON, ROOT, ensure_db, machine, machine_line, publish  # noqa: E402

sys.path.insert(0, str(ROOT / "deploy"))
import run_local  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.helpers import stop_group  # noqa: E402  (written once, for tests and benchmarks, as bench/serve.py uses it)

HOST = "127.0.0.1"
SECTION = "deploy"
WRK_SCRIPT = BENCH / "wrk_report.lua"
URLS = [("cv_models", "table: first page, JSON", "/ai_energy/cv_models.json?_shape=array"),
        ("cv_models", "table: first page, HTML", "/ai_energy/cv_models"),
        ("forward_pass_energy", "derived: first page, JSON", "/ai_energy/forward_pass_energy.json?_shape=array")]
UNLIMITED = ["--rate", "1000000", "--burst", "1000000", "--conns", "60000"]


def start(args, ready_line=False):
    process = subprocess.Popen(args, cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    info = {}
    if ready_line:
        line = process.stdout.readline()
        if not line.startswith("ready "):
            stop_group(process)
            sys.exit(f"bench: the stack did not start: {line}")
        info = json.loads(line[len("ready "):])
    return process, info


def wait_for(port, process):
    deadline = time.monotonic() + 60
    while not run_local.answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            sys.exit(f"bench: the server on port {port} did not start")
        time.sleep(0.1)


def wrk(port, path, connections, duration):
    args = [shutil.which("wrk"), "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(WRK_SCRIPT),
            f"http://{HOST}:{port}{path}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60)
    r = json.loads(next(line for line in out.stdout.splitlines() if line.startswith("{")))
    seconds = r["duration_us"] / 1e6
    return {"requests": r["requests"], "rps": r["requests"] / seconds, "errors": r["errors"],
            "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000, "p99_ms": r["p99_us"] / 1000}


def setups(db, a):
    """(label, how to start it) for each way of serving; each returns (process, port)."""
    datasette = str(Path(PYTHON).parent / "datasette")

    def plain():
        port = run_local.free_port()
        process, _ = start([datasette, "serve", "-i", str(db), "-h", HOST, "-p", str(port)])
        wait_for(port, process)
        return process, port

    def replica():
        port = run_local.free_port()
        process, _ = start([PYTHON, str(ROOT / "serve.py"), "--port", str(port), "--workers", "1", "--db", str(db)])
        wait_for(port, process)
        return process, port

    def proxy(*extra):
        def run():
            process, info = start([PYTHON, str(ROOT / "deploy" / "run_local.py"), "--port", "0", "--replicas",
                                   str(a.replicas), "--workers", "1", "--db", str(db), *UNLIMITED, *extra],
                                  ready_line=True)
            return process, int(info["url"].rsplit(":", 1)[1])
        return run

    return [("plain `datasette serve -i`, 1 process", plain),
            ("serve.py, 1 replica (1 worker), direct", replica),
            (f"{a.replicas} replicas behind nginx, cache off", proxy("--no-cache")),
            (f"{a.replicas} replicas behind nginx, cache on", proxy())]


def bench(a):
    """Every setup RUNS times, the setups taking turns (so that the other load on the machine falls on each alike);
    per setup and URL, the run of median throughput, with the range of the runs' throughput."""
    db = ensure_db(1, Path(a.out))
    runs = {}
    for n in range(a.runs):
        for label, run in setups(db, a):
            process, port = run()
            try:
                for relation, page, path in URLS:
                    for _ in range(3):  # warm: the first request of a page, and the cache's first fill
                        run_local.answers(port, path)
                    r = wrk(port, path, a.connections, a.duration)
                    runs.setdefault((label, relation, page), []).append(r)
                    print(f"run {n + 1}: {label} | {page}: {r['rps']:.0f} req/s, p95 {r['p95_ms']:.1f} ms, "
                          f"{r['errors']} errors", file=sys.stderr)
            finally:
                stop_group(process)
    rows = []
    for (label, relation, page), results in runs.items():
        results = sorted(results, key=lambda r: r["rps"])
        rows.append({"setup": label, "relation": relation, "page": page, **results[len(results) // 2],
                     "rps_min": results[0]["rps"], "rps_max": results[-1]["rps"],
                     "errors": sum(r["errors"] for r in results)})
    return rows


def markdown(rows, m, a, load):
    plain = {r["page"]: r["rps"] for r in rows if r["setup"].startswith("plain")}
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on {machine_line(m)}; nginx {nginx_version()}.", "",
             f"Load: wrk (1 thread), {a.connections} connections, {a.duration} s per URL and setup, after 3 warm-up "
             f"requests; {a.runs} runs, the setups taking turns: the run of median req/s is shown, with the range of "
             "all runs; errors are those of all runs. Server, proxy and client share the machine. "
             f"`uptime` before the run: {load[0]}; after: "
             f"{load[1]}. **The machine was shared**: five other engineers' builds and tests ran on the same 2 cores "
             "meanwhile, so the figures are lower and noisier than on an idle machine; read the ratios, not the "
             "absolute numbers.", "",
             "| setup | page | req/s | range | × plain datasette | p50 ms | p95 ms | p99 ms | errors |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['setup']} | {r['relation']} {r['page']} | {r['rps']:.0f} "
                     f"| {r['rps_min']:.0f}–{r['rps_max']:.0f} "
                     f"| {r['rps'] / plain[r['page']]:.2f} "
                     f"| {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} |")
    return "\n".join(lines)


def nginx_version():
    out = subprocess.run([run_local.nginx_binary(), "-v"], capture_output=True, text=True)
    return (out.stderr or out.stdout).strip().rsplit("/", 1)[-1]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--replicas", type=int, default=2)
    p.add_argument("--duration", type=int, default=5, help="wrk: seconds per URL and setup (default 5)")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--runs", type=int, default=3, help="runs of every setup (default 3)")
    p.add_argument("--out", default=str(OUT))
    p.add_argument("--no-results", action="store_true", help="leave bench/RESULTS.md alone")
    a = p.parse_args(argv)
    for tool, package in (("wrk", "wrk"), ("nginx", "nginx-light")):
        if not (shutil.which(tool) or (tool == "nginx" and run_local.nginx_binary())):
            sys.exit(f"bench: {tool} is not installed (apt-get install {package})")
    load = [_uptime()]
    rows = bench(a)
    load.append(_uptime())
    publish(SECTION, a.out, {"machine": machine(), "load": load, "rows": rows}, markdown(rows, machine(), a, load),
            update=not a.no_results)


def _uptime():
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip().split("load average:")[-1].strip()


if __name__ == "__main__":
    main()
