#!/usr/bin/env python3
"""Benchmark of `python build.py`: the full validated build at ×1 and at ×10, ×100 and ×1000 the current row counts
(synthetic rows from bench/synth.py), each run as a whole, cold process; the median of RUNS runs of: its wall time and
peak memory, its phases, and the floor (the same CSVs loaded by the bare `sqlite-utils insert --csv`, bench/floor.py).

    .venv/bin/python bench/build.py                       all scales, 5 runs each; updates bench/RESULTS.md
    .venv/bin/python bench/build.py --scales 1,2 --runs 1 --no-warm-up --no-results --out /tmp/b      a smoke run

Each scale's copy of the project is in OUT/xSCALE (bench/out by default, git-ignored), its database OUT/xSCALE/ai_energy.db.
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH, OUT, PYTHON, build_db, machine, machine_line, median, project, publish  # noqa: E402

TARGETS = {"x1_wall_s": 2.0, "x1_floor_ratio": 2.0, "x1000_wall_s": 60.0, "x1000_peak_mb": 2048.0, "per_row_ratio": 1.5}


def measure(scale, runs, out, warm_up=True):
    directory, counts = project(scale, out)
    rows = sum(counts.values())
    if warm_up:
        build_db(directory)  # once, unmeasured: proves the synthetic data valid, and warms the file cache
    db = directory / "ai_energy.db"
    builds, phases, floors = [], [], []
    cpus.clear()
    for _ in range(runs):
        builds.append(run_measured([PYTHON, "build.py", "--db", str(db)], directory))
    for _ in range(runs):
        wall, rss, stdout = run_measured([PYTHON, str(BENCH / "phases.py"), str(directory), str(db)], directory)
        phases.append({**json.loads(stdout.strip().splitlines()[-1])["seconds"], "wall": wall})
        cpus.pop()  # the phases' runs are not builds: only the builds' and the floors' CPU times are kept
    floor_db = directory / "floor.db"
    for _ in range(runs):
        floor_db.unlink(missing_ok=True)
        floors.append(run_measured([PYTHON, str(BENCH / "floor.py"), str(floor_db), str(directory / "data")], directory))
    floor_db.unlink(missing_ok=True)
    wall = median([w for w, _, _ in builds])
    floor = median([w for w, _, _ in floors])
    cpu, floor_cpu = median([c for c, _ in cpus[:runs]]), median([c for c, _ in cpus[runs:]])
    names = ["imports", "validate", "load", "derive", "swap"]
    phase = {n: median([p.get(n, 0.0) for p in phases]) for n in names}
    phase["start-up"] = median([p["wall"] - sum(p.get(n, 0.0) for n in names) for p in phases])
    return {"scale": scale, "rows": rows, "counts": counts, "runs": runs, "wall_s": wall, "cpu_s": cpu,
            "floor_cpu_s": floor_cpu, "cpu_floor_ratio": cpu / floor_cpu,
            "wall_runs_s": [round(w, 3) for w, _, _ in builds], "peak_mb": median([r for _, r, _ in builds]),
            "phases_s": phase, "floor_s": floor, "floor_runs_s": [round(w, 3) for w, _, _ in floors],
            "floor_peak_mb": median([r for _, r, _ in floors]), "floor_ratio": wall / floor, "us_per_row": wall / rows * 1e6}


cpus = []  # (CPU seconds, args) of every run_measured process of the current measure(), in order


def run_measured(args, cwd):
    """Wall time and peak memory of one process, from os.wait4's resource usage of exactly that child (whose user and
    system CPU time is appended to `cpus`: on a shared machine, the figure that other processes' load does not inflate)."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout, stderr = _drain(proc)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code:
        sys.exit(f"bench: {' '.join(map(str, args))} failed (exit {code}) in {cwd}:\n{stderr.decode(errors='replace')[-4000:]}")
    cpus.append((usage.ru_utime + usage.ru_stime, args))
    return wall, usage.ru_maxrss / 1024, stdout.decode()


def _drain(proc):
    """Read stdout and stderr to their end without reaping the process (os.wait4 does that, with its usage)."""
    import selectors
    sel = selectors.DefaultSelector()
    out = {proc.stdout: bytearray(), proc.stderr: bytearray()}
    for f in out:
        sel.register(f, selectors.EVENT_READ)
    while sel.get_map():
        for key, _ in sel.select():
            chunk = os.read(key.fileobj.fileno(), 65536)
            if chunk:
                out[key.fileobj] += chunk
            else:
                sel.unregister(key.fileobj)
                key.fileobj.close()
    return bytes(out[proc.stdout]), bytes(out[proc.stderr])


def verdicts(results):
    """Each target: (text, met) where its scales were measured."""
    by = {r["scale"]: r for r in results}
    out = []
    if 1 in by:
        r = by[1]
        out.append((f"×1 build at most {TARGETS['x1_wall_s']:g} s wall: {r['wall_s']:.2f} s", r["wall_s"] <= TARGETS["x1_wall_s"]))
        out.append((f"×1 build at most {TARGETS['x1_floor_ratio']:g}× the bare load floor: {r['wall_s']:.2f} s / "
                    f"{r['floor_s']:.2f} s = {r['floor_ratio']:.2f}×", r["floor_ratio"] <= TARGETS["x1_floor_ratio"]))
        out.append((f"×1 build CPU time at most {TARGETS['x1_wall_s']:g} s: {r['cpu_s']:.2f} s, {r['cpu_floor_ratio']:.2f}× the "
                    f"floor's {r['floor_cpu_s']:.2f} s (at most {TARGETS['x1_floor_ratio']:g}×)",
                    r["cpu_s"] <= TARGETS["x1_wall_s"] and r["cpu_floor_ratio"] <= TARGETS["x1_floor_ratio"]))
    if 1000 in by:
        r = by[1000]
        out.append((f"×1000 build at most {TARGETS['x1000_wall_s']:g} s: {r['wall_s']:.1f} s", r["wall_s"] <= TARGETS["x1000_wall_s"]))
        out.append((f"×1000 peak memory at most {TARGETS['x1000_peak_mb'] / 1024:g} GB: {r['peak_mb']:.0f} MiB",
                    r["peak_mb"] <= TARGETS["x1000_peak_mb"]))
    large = sorted(scale for scale in by if scale >= 10)[-2:]  # linearity: the two largest scales measured
    if len(large) == 2:
        a, b = by[large[0]], by[large[1]]
        ratio = b["us_per_row"] / a["us_per_row"]
        out.append((f"time per row at ×{b['scale']} within {TARGETS['per_row_ratio']:g}× of ×{a['scale']}: {b['us_per_row']:.1f} µs / "
                    f"{a['us_per_row']:.1f} µs = {ratio:.2f}×", ratio <= TARGETS["per_row_ratio"]))
        if 1 in by:  # the same, with the fixed cost of a run (start-up, imports: the ×1 build) taken out
            base = by[1]["wall_s"]
            marginal = ((b["wall_s"] - base) / (b["rows"] - by[1]["rows"])) / ((a["wall_s"] - base) / (a["rows"] - by[1]["rows"]))
            out.append((f"marginal time per row (the ×1 build's time taken out) at ×{b['scale']} within {TARGETS['per_row_ratio']:g}× "
                        f"of ×{a['scale']}: {marginal:.2f}×", marginal <= TARGETS["per_row_ratio"]))
            cpu_base = by[1]["cpu_s"]
            marginal = ((b["cpu_s"] - cpu_base) / (b["rows"] - by[1]["rows"])) / ((a["cpu_s"] - cpu_base) / (a["rows"] - by[1]["rows"]))
            out.append((f"marginal CPU time per row at ×{b['scale']} within {TARGETS['per_row_ratio']:g}× of ×{a['scale']}: "
                        f"{marginal:.2f}×", marginal <= TARGETS["per_row_ratio"]))
    return out


def markdown(results, m):
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on {machine_line(m)}. Each figure the median of its scale's runs "
             "(the runs column), every run a new process.", "",
             "| scale | runs | rows | build wall | peak memory | µs per row | start-up | imports | validate | load | derive | swap "
             "| floor (bare `sqlite-utils insert --csv`) | build / floor | build CPU | floor CPU | CPU build / floor |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in results:
        p = r["phases_s"]
        lines.append(f"| ×{r['scale']} | {r['runs']} | {r['rows']:,} | {r['wall_s']:.2f} s | {r['peak_mb']:.0f} MiB | {r['us_per_row']:.1f} "
                     f"| {p['start-up']:.2f} | {p['imports']:.2f} | {p['validate']:.2f} | {p['load']:.2f} | {p['derive']:.2f} "
                     f"| {p['swap']:.2f} | {r['floor_s']:.2f} s ({r['floor_peak_mb']:.0f} MiB) | {r['floor_ratio']:.2f}× "
                     f"| {r['cpu_s']:.2f} s | {r['floor_cpu_s']:.2f} s | {r['cpu_floor_ratio']:.2f}× |")
    lines += ["", "Phases in seconds (median over the runs of bench/phases.py, which times build.py's own functions in a "
              "run of its main()): start-up is the interpreter and build.py's import; imports the validation package "
              "with pandas; derive includes the check of every published value. CPU: user + system seconds of the "
              "process (os.wait4), which the other processes of a shared machine do not inflate as they do wall time. "
              "The floor loads every CSV the build loads, data/upstream/ included.", ""]
    for text, met in verdicts(results):
        lines.append(f"- {'met' if met else '**missed**'}: {text}")
    lines += ["", "Every run's wall time (s): " + "; ".join(f"×{r['scale']} build {r['wall_runs_s']}, floor {r['floor_runs_s']}"
                                                         for r in results)]
    return "\n".join(lines)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scales", default="1,10,100,1000", help="comma-separated multiples of the current row counts")
    p.add_argument("--runs", default="5", help="runs of each measurement (the median is reported): one number for every "
                   "scale, or one per scale (--scales 1,10,100 --runs 3,3,1)")
    p.add_argument("--out", default=str(OUT), help="scratch directory for the copies (default: bench/out)")
    p.add_argument("--no-results", action="store_true", help="do not update bench/RESULTS.md")
    p.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                   help="no unmeasured build first (a smoke run: the first build is then measured with a cold cache)")
    a = p.parse_args(argv)
    out = Path(a.out)
    scales = [int(s) for s in a.scales.split(",")]
    runs = [int(n) for n in a.runs.split(",")]
    if len(runs) not in (1, len(scales)):
        p.error(f"--runs: one number, or one per scale ({len(scales)})")
    results = []
    for scale, n in zip(scales, runs * len(scales) if len(runs) == 1 else runs):
        print(f"×{scale}: generating, building, timing ({n} runs)...", file=sys.stderr, flush=True)
        r = measure(scale, n, out, a.warm_up)
        results.append(r)
        print(f"×{scale}: {r['rows']} rows, build {r['wall_s']:.2f} s, peak {r['peak_mb']:.0f} MiB, floor {r['floor_s']:.2f} s, "
              f"phases {', '.join(f'{k} {v:.2f}' for k, v in r['phases_s'].items())}", file=sys.stderr, flush=True)
    m = machine()
    publish("build", out, {"machine": m, "results": results}, markdown(results, m), update=not a.no_results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
