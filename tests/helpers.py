"""Shared test helpers: a private copy of the project to break, and build.py run as a real process."""
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["build.py", "review.py", "datapackage.json", "data", "schema", "derive", "site"]


def copy_project(dest):
    """A copy of everything build.py reads, to edit without touching the repository."""
    dest = Path(dest)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def run_build(root, *args, env=None):
    return subprocess.run([sys.executable, str(Path(root) / "build.py"), *args], cwd=root, capture_output=True, text=True,
                          env=env, timeout=300)


def edit_csv(root, name, old, new, count=1):
    """Replace text in data/NAME.csv; fail loudly when the text to replace is not there."""
    path = Path(root) / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def build_copy(tmp_path, edit):
    """A copy of the project, edited by edit(root), built; its database open."""
    root = copy_project(tmp_path)
    edit(root)
    result = run_build(root)
    assert result.returncode == 0, result.stderr
    return sqlite3.connect(root / "ai_energy.db")


def pin_snapshot(root, name):
    """Record the current sha256 and size of resource NAME's file in the copy's snapshot.json, as a contributor
    does after replacing an upstream snapshot."""
    from schema.package import load
    from schema.snapshots import record
    record(root, load(root).resource(name).path)


def upstream_rows(path):
    """{line the row starts on: {column: cell}} of an upstream CSV snapshot, read straight from the file (the
    upstream_line of each row in the database)."""
    import csv
    with open(ROOT / path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        out, line = {}, 2
        for row in reader:
            out[line] = row
            line = reader.line_num + 1
    return out
