#!/usr/bin/env python3
"""Benchmark of the served API: the ×1 and ×100 databases served as `make serve` serves them (serve.py, every setting
of it), and a bounded load on 127.0.0.1 against the JSON of a table, of every derived relation (its first page and a
filtered page) and of the estimator canned query: requests per second, p50/p95/p99 latency, errors. Then the hostile
run (--hostile, on the largest scale): a client's cheap page while 4 clients loop time-limit queries, then 404s; each
hostile request of issue 13 once; the server's memory throughout; and a walk of every relation's pages at ×1 (at
×100, five rows a page would be over 100,000 pages of grid_intensity alone).

    .venv/bin/python bench/serve.py                  ×1 and ×100, wrk when installed; updates bench/RESULTS.md
    .venv/bin/python bench/serve.py --hostile-only --scales 100    only the hostile run
    .venv/bin/python bench/serve.py --scales 1,2 --client python --requests 10 --no-results --out /tmp/b    a smoke run

The databases are OUT/xSCALE/ai_energy.db as bench/build.py builds them (built here first when missing). The load
is bounded: wrk runs DURATION seconds with CONNECTIONS connections (one thread); the Python client (used when wrk is
not installed, or with --client python) sends exactly REQUESTS requests over CONNECTIONS keep-alive connections and
stops at DURATION × 3 seconds whatever happens. Only 127.0.0.1 is ever contacted.
"""
import argparse
import http.client
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH, OUT, PYTHON, ROOT, ensure_db, machine, machine_line, publish  # noqa: E402

sys.path.insert(0, str(ROOT))
from tests.helpers import free_port, stop_group, walk_pages  # noqa: E402  (written once, for tests and benchmarks)

HOST = "127.0.0.1"
DATABASE = "ai_energy"
TABLE = "cv_models"
FILTER_COLUMNS = ["model_id", "measurement_id", "run_id", "trend_id", "fit_id", "gpu", "erratum_id", "relation", "domain"]
ESTIMATOR = "estimate_inference_energy"
ESTIMATOR_PARAMS = {"model": "ResNet-50", "gpu": "Tesla V100", "precision": "Mixed", "inferences": "1000000",
                    "grid_gco2e_per_kwh": "400"}
TARGETS = {"p95_ms": 50.0, "rps": 300.0}
WRK_SCRIPT = BENCH / "wrk_report.lua"


def derived_relations():
    sys.path.insert(0, str(ROOT))
    from schema.metadata import derived_relations as found
    return list(found())


def urls(db, limit=None):
    """(label, kind, path) for every URL the benchmark loads. For a table and every derived relation: its first page
    and a page filtered on its most selective column (the value in its first row) as the JSON API serves them
    (?_shape=array: a list of objects, as the README documents), and its first page as the table page's JSON (the
    default shape, which adds the row count and the facets site/site.yml configures). Then the estimator canned query."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = []
    for rel in [TABLE] + derived_relations():
        kind = "table" if rel == TABLE else "derived"
        out.append((rel, f"{kind}: first page", f"/{DATABASE}/{rel}.json?_shape=array"))
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{rel}")')]
        column = next((c for c in FILTER_COLUMNS if c in columns), None)
        if column:
            row = conn.execute(f'SELECT "{column}" FROM "{rel}" WHERE "{column}" IS NOT NULL LIMIT 1').fetchone()
            if row:
                query = urllib.parse.urlencode({"_shape": "array", column: row[0]})
                out.append((rel, f"{kind}: filtered on {column}", f"/{DATABASE}/{rel}.json?{query}"))
        out.append((rel, f"{kind}: first page with count and facets", f"/{DATABASE}/{rel}.json"))
    estimator = canned_query()
    if estimator:
        query = urllib.parse.urlencode({"_shape": "array", **estimator})
        out.append((ESTIMATOR, "canned query", f"/{DATABASE}/{ESTIMATOR}.json?{query}"))
    else:  # not there yet: forward_pass_energy filtered by model instead
        out.append(("forward_pass_energy", f"{ESTIMATOR} not there yet: filtered by model",
                    f"/{DATABASE}/forward_pass_energy.json?_shape=array&model=ResNet-50"))
    return out[:limit] if limit else out


def canned_query():
    """The estimator's parameters, when the site declares the canned query (None otherwise)."""
    from schema.metadata import generate
    meta = generate()
    query = meta.get("databases", {}).get(DATABASE, {}).get("queries", {}).get(ESTIMATOR)
    if not query:
        return None
    params = query.get("params") or []
    return {p: ESTIMATOR_PARAMS.get(p, "") for p in params}


class Server:
    """serve.py as `make serve` runs it (its settings, the database immutable, its default workers unless told), on a
    free port of 127.0.0.1. Its log (one line per error) goes to a file, read back with log()."""

    def __init__(self, db, workers=None):
        import tempfile
        self.port = free_port()
        self.errors = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([PYTHON, str(ROOT / "serve.py"), "--db", str(db), "--port", str(self.port)]
                                     + (["--workers", str(workers)] if workers else []), cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=self.errors, start_new_session=True)
        try:  # a server that never answers, or a bench stopped while it starts, is stopped with its workers
            self._wait_until_answering()
        except BaseException:
            self.stop()
            raise

    def _wait_until_answering(self):
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"bench: serve.py exited: {self.log()[-2000:]}")
            try:
                status, _ = get(self.port, "/-/versions.json")
                if status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("bench: serve.py did not answer within 120 s")

    def log(self):
        self.errors.seek(0)
        return self.errors.read().decode(errors="replace")

    def rss_mib(self):
        """Resident memory of the server: its process and every worker process it started."""
        pids, total = [self.proc.pid], 0
        while pids:
            pid = pids.pop()
            try:
                total += int(next(line for line in open(f"/proc/{pid}/status") if line.startswith("VmRSS:")).split()[1])
                for task in Path(f"/proc/{pid}/task").iterdir():
                    pids += [int(c) for c in (task / "children").read_text().split()]
            except (OSError, StopIteration, ValueError):
                continue
        return total / 1024

    def stop(self):
        """The server and its workers: its whole process group, killed if it does not end within 10 s."""
        stop_group(self.proc)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def get(port, path, conn=None):
    c = conn or http.client.HTTPConnection(HOST, port, timeout=30)
    c.request("GET", path)
    r = c.getresponse()
    body = r.read()
    if conn is None:
        c.close()
    return r.status, body


def probe(port, path):
    """One request, unloaded: status, size, time, and what Datasette says it left out (facets or count timed out)."""
    start = time.perf_counter()
    status, body = get(port, path)
    ms = (time.perf_counter() - start) * 1000
    notes = []
    if status == 200:
        data = json.loads(body)
        if isinstance(data, dict):
            if data.get("facets_timed_out"):
                notes.append(f"facets timed out: {', '.join(data['facets_timed_out'])}")
            if "filtered_table_rows_count" in data and data["filtered_table_rows_count"] is None:
                notes.append("count timed out")
            if data.get("truncated"):
                notes.append("truncated")
    return {"status": status, "bytes": len(body), "ms": ms, "notes": notes}


def load_wrk(port, path, connections, duration):
    args = [shutil.which("wrk"), "-t1", f"-c{connections}", f"-d{duration}s", "--timeout", "5s", "-s", str(WRK_SCRIPT),
            f"http://{HOST}:{port}{path}"]
    out = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60)
    line = next(line for line in out.stdout.splitlines() if line.startswith("{"))
    r = json.loads(line)
    seconds = r["duration_us"] / 1e6
    return {"requests": r["requests"], "seconds": seconds, "rps": r["requests"] / seconds, "errors": r["errors"],
            "p50_ms": r["p50_us"] / 1000, "p95_ms": r["p95_us"] / 1000, "p99_ms": r["p99_us"] / 1000, "client": "wrk"}


def load_python(port, path, connections, requests, duration):
    """Exactly `requests` GETs over `connections` keep-alive connections (threads), stopped at duration × 3 s."""
    lock = threading.Lock()
    left = [requests]
    latencies, errors = [], [0]
    deadline = time.monotonic() + duration * 3

    def worker():
        conn = http.client.HTTPConnection(HOST, port, timeout=10)
        while time.monotonic() < deadline:
            with lock:
                if left[0] <= 0:
                    break
                left[0] -= 1
            start = time.perf_counter()
            try:
                status, _ = get(port, path, conn)
                ok = status == 200
            except (OSError, http.client.HTTPException):
                ok = False
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=10)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                errors[0] += not ok
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    lat = sorted(latencies)

    def pct(q):
        return lat[min(len(lat) - 1, max(0, int(round(q / 100 * len(lat) + 0.5)) - 1))] * 1000 if lat else float("nan")
    return {"requests": len(lat), "seconds": seconds, "rps": len(lat) / seconds if seconds else 0.0, "errors": errors[0],
            "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99), "client": "python"}


def load(port, path, connections, a):
    if a.client == "wrk":
        return load_wrk(port, path, connections, a.duration)
    return load_python(port, path, connections, a.requests, a.duration)


def bench_scale(scale, a):
    """Every URL twice: one connection at a time (the latency of a request), then CONNECTIONS at once (the
    throughput under load, and the latency that queueing adds)."""
    db = ensure_db(scale, a.out, a.rebuild)
    rows = []
    with Server(db, a.workers) as server:
        for label, kind, path in urls(db, a.limit_urls):
            first = probe(server.port, path)
            for _ in range(a.warmup):
                get(server.port, path)
            single = load(server.port, path, 1, a)
            loaded = load(server.port, path, a.connections, a)
            r = {"scale": scale, "relation": label, "kind": kind, "path": path, "first": first, "single": single,
                 "loaded": loaded, "client": loaded["client"], "errors": single["errors"] + loaded["errors"]}
            rows.append(r)
            print(f"×{scale} {path}: 1 connection p95 {single['p95_ms']:.1f} ms; {a.connections} connections "
                  f"{loaded['rps']:.0f} req/s, p95 {loaded['p95_ms']:.1f} ms; errors {r['errors']}"
                  f"{'; ' + '; '.join(first['notes']) if first['notes'] else ''}", file=sys.stderr, flush=True)
    return rows


def verdicts(rows):
    """The targets, met or missed, at the largest scale served."""
    out = []
    if not rows:
        return out
    scale = max(r["scale"] for r in rows)
    big = [r for r in rows if r["scale"] == scale]
    for label, kind in (("the JSON API (?_shape=array)", "derived: first page"),
                        ("the table page's JSON (count and facets)", "derived: first page with count and facets")):
        pages = [r for r in big if r["kind"] == kind]
        if pages:
            worst = max(pages, key=lambda r: r["single"]["p95_ms"])
            out.append((f"×{scale}, every derived relation's first page, {label}: p95 at most {TARGETS['p95_ms']:g} ms: worst "
                        f"{worst['single']['p95_ms']:.1f} ms ({worst['relation']})", worst["single"]["p95_ms"] <= TARGETS["p95_ms"]))
            slowest = min(pages, key=lambda r: r["loaded"]["rps"])
            out.append((f"×{scale}, every derived relation's first page, {label}: at least {TARGETS['rps']:g} requests/s "
                        f"under load: slowest {slowest['loaded']['rps']:.0f} req/s ({slowest['relation']})",
                        slowest["loaded"]["rps"] >= TARGETS["rps"]))
    errors = sum(r["errors"] for r in big) + sum(r["first"]["status"] != 200 for r in big)
    out.append((f"×{scale}, no errors: {errors}", errors == 0))
    left_out = [f"{r['path']} ({'; '.join(r['first']['notes'])})" for r in big if r["first"]["notes"]]
    out.append((f"×{scale}, nothing left out of a page (facets and counts complete): "
                + ("; ".join(left_out) if left_out else "none left out"), not left_out))
    return out


def markdown(rows, m, a):
    how = (f"wrk (1 thread), {a.duration} s per URL and run" if a.client == "wrk" else
           f"the Python client, {a.requests} requests per URL and run")
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on {machine_line(m)}.", "",
             f"Load: {how}, after {a.warmup} warm-up requests; each URL once over 1 connection (a request's latency) and "
             f"once over {a.connections} connections (throughput under load); server and client share the machine. "
             "Latency in ms; errors are failed connections and non-200 responses.", "",
             f"| scale | relation | page | 1 conn. p50 | p95 | p99 | {a.connections} conn. req/s | p50 | p95 | p99 | errors | notes |",
             "| ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"]
    for r in rows:
        s, l = r["single"], r["loaded"]
        lines.append(f"| ×{r['scale']} | {r['relation']} | {r['kind']} | {s['p50_ms']:.1f} | {s['p95_ms']:.1f} | {s['p99_ms']:.1f} "
                     f"| {l['rps']:.0f} | {l['p50_ms']:.1f} | {l['p95_ms']:.1f} | {l['p99_ms']:.1f} "
                     f"| {r['errors'] + (r['first']['status'] != 200)} | {'; '.join(r['first']['notes'])} |")
    lines.append("")
    for text, met in verdicts(rows):
        lines.append(f"- {'met' if met else '**missed**'}: {text}")
    return "\n".join(lines)


# --- the hostile run (issue 13) ------------------------------------------------------------------------------------

CHEAP = f"/{DATABASE}/gpu_specs.json?_size=5"
RUNAWAY_SQL = "select count(*) from (with recursive c(x) as (select 1 union all select x + 1 from c) select x from c)"
SLOW_WHERE = ("(with recursive c(x) as (select 1 union all select x + 1 from c) select count(*) from "
              "(select x from c limit 3000000)) > 0")
ATTACKS = {"time-limit queries": f"/{DATABASE}.json?" + urllib.parse.urlencode({"sql": RUNAWAY_SQL}),
           "404s": "/a/b/c/d/e"}
HOSTILE_TARGETS = {"p95_ms": 100.0, "rss_mib": 1024.0}


def hostile_requests():
    """(label, path) of each hostile request the issue names, sent once each."""
    facets = lambda n: "&".join(f"_facet={c}" for c in (["architecture", "extra_training_data", "source_id", "model"] * 40)[:n])  # noqa: E731
    where = urllib.parse.quote(SLOW_WHERE)
    return [("select zeroblob(1e8)", f"/{DATABASE}.json?sql=select+zeroblob(1e8)"),
            ("select zeroblob(1e9)", f"/{DATABASE}.json?sql=select+zeroblob(1e9)"),
            ("5,000 rows of two 10 KB blobs", f"/{DATABASE}.json?" + urllib.parse.urlencode({"sql": (
                "select zeroblob(10000), zeroblob(10000) from (with recursive c(x) as "
                "(select 1 union all select x + 1 from c limit 5000) select x from c)")})),
            ("5,000 parameters", f"/{DATABASE}/cv_models.json?" + "&".join(f"a{i}=1" for i in range(5000))),
            ("_where (slow subquery) + 153 _facet", f"/{DATABASE}/cv_models.json?_where={where}&{facets(153)}"),
            ("_where (slow subquery) + 60 _facet", f"/{DATABASE}/cv_models.json?_where={where}&{facets(60)}"),
            ("unrouted /a/b/c/d/e", "/a/b/c/d/e"),
            ("_sort=missing", f"/{DATABASE}/cv_models.json?_sort=missing"),
            ("_next=abc on a view", f"/{DATABASE}/errata.json?_next=abc"),
            ("x__in=[bad", f"/{DATABASE}/cv_models.json?model__in=[bad"),
            ("a write", f"/{DATABASE}.json?sql=DELETE+FROM+sources")]


def requests_until(port, path, done):
    """GET `path` over one keep-alive connection until done() is true: yields (status, ms) per request, status 0 for
    a failed connection."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        while not done():
            start = time.perf_counter()
            try:
                status, _ = get(port, path, conn)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
            yield status, (time.perf_counter() - start) * 1000
    finally:
        conn.close()


def victim(port, seconds):
    """One client's cheap page, over and over on one connection, for `seconds`: latency percentiles and errors."""
    end = time.monotonic() + seconds
    answers = list(requests_until(port, CHEAP, lambda: time.monotonic() >= end))
    lat = sorted(ms for _, ms in answers)
    return {"requests": len(lat), "errors": sum(status != 200 for status, _ in answers), "p50_ms": lat[len(lat) // 2],
            "p95_ms": lat[int(len(lat) * 0.95)], "max_ms": lat[-1]}


def attack(port, path, n, seconds, results):
    """n clients looping `path` for `seconds`, in a process of their own (so that their threads do not hold up the
    victim's client on a lock of Python's); puts {status: count} on results."""
    stop, counts = threading.Event(), {}
    threads = _attackers(port, path, n, stop, counts)
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join()
    results.put(counts)


def _attackers(port, path, n, stop, counts):
    def loop():
        for status, _ in requests_until(port, path, stop.is_set):
            counts[status] = counts.get(status, 0) + 1
    threads = [threading.Thread(target=loop) for _ in range(n)]
    for t in threads:
        t.start()
    return threads


def walk(port, db):
    """Every relation followed through `next` with _size=5 (the walk of tests/test_paging.py, which walks one relation
    of each key shape), against its count(*): (relation, rows, distinct, count)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    out = []
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' ORDER BY name"):
        try:
            seen, _ = walk_pages(f"http://{HOST}:{port}", name, DATABASE)
        except AssertionError as e:  # a page that is not 200: the walk of this relation is lost
            seen = [str(e)]
        out.append((name, len(seen), len(set(seen)), conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]))
    return out


def bench_hostile(scale, a):
    db = ensure_db(scale, a.out, a.rebuild)
    result = {"scale": scale, "workers": a.workers, "runs": [], "single": [], "rss_mib": []}
    with Server(db, a.workers) as server:
        sampling, stop_sampling = [], threading.Event()

        def sample():
            while not stop_sampling.wait(0.2):
                sampling.append(server.rss_mib())
        sampler = threading.Thread(target=sample)
        sampler.start()
        try:
            result["runs"].append({"attack": "none", **victim(server.port, a.hostile_seconds), "attacks": {}})
            lead = min(1.0, a.hostile_seconds)  # the attackers under way before the victim is measured, and after
            for label, path in ATTACKS.items():
                import multiprocessing
                results = multiprocessing.Queue()
                attackers = multiprocessing.Process(target=attack, args=(server.port, path, 4, a.hostile_seconds + 2 * lead, results))
                attackers.start()
                time.sleep(lead)
                measured = victim(server.port, a.hostile_seconds)
                counts = results.get(timeout=120)
                attackers.join()
                result["runs"].append({"attack": f"4 clients looping {label}", **measured, "attacks": counts})
                print(f"hostile: {label}: victim p95 {measured['p95_ms']:.1f} ms, errors {measured['errors']}; attackers {counts}",
                      file=sys.stderr, flush=True)
            for label, path in hostile_requests():
                start = time.perf_counter()
                status, body = get(server.port, path)
                result["single"].append({"request": label, "status": status, "ms": (time.perf_counter() - start) * 1000,
                                         "bytes": len(body)})
        finally:
            stop_sampling.set()
            sampler.join()
        result["rss_mib"] = max(sampling or [server.rss_mib()])
        result["log_lines"] = len(server.log().splitlines())
        result["tracebacks"] = server.log().count("Traceback")
    result["walk"] = []
    if a.walk:
        small = ensure_db(1, a.out, a.rebuild)
        with Server(small, a.workers) as server:
            result["walk"] = walk(server.port, small)
    return result


def hostile_markdown(r, m, a):
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on {machine_line(m)}, ×{r['scale']}, serve.py with "
             f"{r['workers'] or 'its default'} workers; client, attackers and server share the machine. The victim requests "
             f"`{CHEAP}` one after another for {a.hostile_seconds} s.", "",
             "| while | victim requests | p50 ms | p95 ms | max ms | errors | attackers' responses |",
             "| --- | ---: | ---: | ---: | ---: | ---: | --- |"]
    for run in r["runs"]:
        attacks = ", ".join(f"{n} × {s or 'failed'}" for s, n in sorted(run["attacks"].items()))
        lines.append(f"| {run['attack']} | {run['requests']} | {run['p50_ms']:.1f} | {run['p95_ms']:.1f} | {run['max_ms']:.1f} "
                     f"| {run['errors']} | {attacks} |")
    lines += ["", "| hostile request, once | status | ms | bytes |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {s['request']} | {s['status']} | {s['ms']:.0f} | {s['bytes']:,} |" for s in r["single"]]
    lost = [f"{n}: {rows} rows, {distinct} distinct, count(*) {count}" for n, rows, distinct, count in r["walk"]
            if not rows == distinct == count]
    worst = max(run["p95_ms"] for run in r["runs"][1:])
    errors = sum(run["errors"] for run in r["runs"])
    lines += ["", f"- {'met' if worst <= HOSTILE_TARGETS['p95_ms'] and not errors else '**missed**'}: the victim's p95 at "
              f"most {HOSTILE_TARGETS['p95_ms']:g} ms with no errors under either attack: worst p95 {worst:.1f} ms, {errors} errors",
              f"- {'met' if r['rss_mib'] <= HOSTILE_TARGETS['rss_mib'] else '**missed**'}: server memory (every process) under "
              f"1 GiB through the run: at most {r['rss_mib']:.0f} MiB",
              f"- {'met' if all(400 <= s['status'] < 500 for s in r['single']) else '**missed**'}: every hostile request a 4xx",
              (f"- {'met' if not lost else '**missed**'}: following next with _size=5 through all {len(r['walk'])} relations at ×1 "
               f"returns every row once" + (f": {'; '.join(lost)}" if lost else "") if r["walk"] else
               "- the walk through every relation's pages was not run (--no-walk)"),
              f"- the server's log: {r['log_lines']} lines, {r['tracebacks']} tracebacks"]
    return "\n".join(lines)


def main(argv=None):
    # Stopped with SIGTERM (a test's timeout), unwind: every Server's __exit__ then stops its process group.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scales", default="1,100", help="comma-separated scales whose databases are served (default 1,100)")
    p.add_argument("--client", choices=["auto", "wrk", "python"], default="auto", help="auto: wrk when installed")
    p.add_argument("--connections", type=int, default=4, help="concurrent connections (default 4)")
    p.add_argument("--duration", type=int, default=3, help="wrk: seconds per URL and run (default 3)")
    p.add_argument("--requests", type=int, default=300, help="Python client: requests per URL and run (default 300)")
    p.add_argument("--warmup", type=int, default=5, help="unmeasured requests per URL first (default 5)")
    p.add_argument("--limit-urls", type=int, default=None, help="only the first N URLs (smoke runs)")
    p.add_argument("--out", default=str(OUT), help="where bench/build.py put the databases (default: bench/out)")
    p.add_argument("--rebuild", action="store_true", help="generate and build the databases even when present")
    p.add_argument("--no-results", action="store_true", help="do not update bench/RESULTS.md")
    p.add_argument("--workers", type=int, default=None, help="serve.py worker processes (default: serve.py's default)")
    p.add_argument("--hostile", action=argparse.BooleanOptionalAction, default=True,
                   help="the hostile run on the largest scale, after the load (default: on)")
    p.add_argument("--hostile-only", action="store_true", help="only the hostile run")
    p.add_argument("--hostile-seconds", type=float, default=5, help="seconds the victim is measured per attack (default 5)")
    p.add_argument("--walk", action=argparse.BooleanOptionalAction, default=True,
                   help="in the hostile run, follow next through every relation at ×1 (default: on)")
    a = p.parse_args(argv)
    a.out = Path(a.out)
    if a.client == "auto":
        a.client = "wrk" if shutil.which("wrk") else "python"
        if a.client == "python":
            print("bench: wrk is not installed (apt-get install wrk): using the Python client", file=sys.stderr)
    elif a.client == "wrk" and not shutil.which("wrk"):
        sys.exit("bench: wrk is not installed (apt-get install wrk); use --client python")
    scales = [int(s) for s in a.scales.split(",")]
    m = machine()
    if not a.hostile_only:
        rows = []
        for scale in scales:
            rows += bench_scale(scale, a)
        publish("serve", a.out, {"machine": m, "rows": rows}, markdown(rows, m, a), update=not a.no_results)
    if a.hostile or a.hostile_only:
        r = bench_hostile(max(scales), a)
        publish("serve-hostile", a.out, {"machine": m, **r}, hostile_markdown(r, m, a), update=not a.no_results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
