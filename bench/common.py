"""What both benchmarks share: the scaled copies of the project, the machine's description, RESULTS.md's sections."""
import os
import platform
import re
import shutil
import sqlite3
import subprocess
import sys
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
RESULTS = BENCH / "RESULTS.md"
PYTHON = sys.executable
# The synthetic ×100 copies hold upstream files of a few hundred MB, past the 100 MB a file of the repository may
# have (schema/structure.py): the builds the benchmarks run, in their processes and in bench/phases.py, allow them.
os.environ.setdefault("AI_ENERGY_MAX_FILE_BYTES", str(2 ** 40))

sys.path.insert(0, str(BENCH))
import synth  # noqa: E402


def project(scale, out=OUT, seed=1):
    """A copy of the project with its data at `scale` times the current row counts (×1: the real files as they are),
    in out/xSCALE. Returns (directory, {table: rows})."""
    dest = Path(out) / f"x{scale}"
    if scale == 1:
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        for name in synth.PROJECT_FILES:
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy2(src, dest / name)
        counts = {path.stem: _data_rows(path) for path in sorted((dest / "data").rglob("*.csv"))}  # upstream too
    else:
        counts = synth.generate(scale, dest, seed=seed)
    return dest, counts


def _data_rows(path):
    import csv
    with open(path, encoding="utf-8", newline="") as f:
        return sum(1 for _ in csv.reader(f)) - 1


def build_db(directory, check=True):
    """Build directory/ai_energy.db with that copy's build.py; stop with its messages if the build fails."""
    result = subprocess.run([PYTHON, "build.py", "--db", "ai_energy.db"], cwd=directory, capture_output=True, text=True)
    if check and result.returncode != 0:
        sys.exit(f"bench: the build of {directory} failed:\n{result.stderr[-4000:]}")
    return Path(directory) / "ai_energy.db"


def ensure_db(scale, out=OUT, rebuild=False):
    """out/xSCALE/ai_energy.db, generated and built unless it is there already."""
    db = Path(out) / f"x{scale}" / "ai_energy.db"
    if rebuild or not db.exists():
        directory, _ = project(scale, out)
        build_db(directory)
    return db


def machine():
    """The machine and software the figures were measured with."""
    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                   if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    mem = ""
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    versions = {"Python": platform.python_version(), "SQLite": sqlite3.sqlite_version}
    for package in ("pandas", "pandera", "numpy", "sqlite-utils", "datasette"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            pass
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run([wrk, "-v"], capture_output=True, text=True)
        versions["wrk"] = (out.stdout + out.stderr).split()[1] if (out.stdout + out.stderr).split()[1:] else "?"
    return {"cores": os.cpu_count(), "cpu": cpu, "memory": mem, "os": f"{platform.system()} {platform.release()}",
            "versions": versions}


def machine_line(m):
    return (f"{m['cores']} cores ({m['cpu']}), {m['memory']} memory, {m['os']}; "
            + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))


def update_results(section, text, path=RESULTS):
    """Replace the text between <!-- SECTION:start --> and <!-- SECTION:end --> in RESULTS.md (added at the end if
    the markers are not there yet)."""
    path = Path(path)
    start, end = f"<!-- {section}:start -->", f"<!-- {section}:end -->"
    block = f"{start}\n{text.rstrip()}\n{end}"
    old = path.read_text(encoding="utf-8") if path.exists() else "# Benchmark results\n"
    if start in old and end in old:
        new = old[:old.index(start)] + block + old[old.index(end) + len(end):]
    else:
        new = old.rstrip() + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")


def publish(section, out, figures, text, update=True):
    """Write a benchmark's figures as OUT/SECTION.json and its Markdown as OUT/SECTION.md, put the Markdown into
    RESULTS.md unless told not to, and print it."""
    import json
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{section}.json").write_text(json.dumps(figures, indent=1), encoding="utf-8")
    (out / f"{section}.md").write_text(text + "\n", encoding="utf-8")
    if update:
        update_results(section, text, RESULTS)
    print(text)


def median(values):
    values = sorted(values)
    n = len(values)
    return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
