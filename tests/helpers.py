"""Shared test helpers: a private copy of the project to break, and build.py run as a real process."""
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT_FILES = ["build.py", "review.py", "datapackage.json", "data", "schema", "derive"]


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
