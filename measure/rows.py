"""Writing the harness's rows to data/forward_pass_meter_runs.csv, in the columns and order of its table schema, so
that `python build.py` validates them like any contributed row."""
import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "tables" / "forward_pass_meter_runs.json"
DEFAULT_CSV = ROOT / "data" / "forward_pass_meter_runs.csv"


def fields():
    return [f["name"] for f in json.loads(SCHEMA.read_text(encoding="utf-8"))["fields"]]


def run_id(source_id, model_id, precision, batch_size):
    return f"{source_id}-{model_id}-{precision.lower()}-b{batch_size}"


def cell(value):
    """A value as its CSV cell: empty for None, whole numbers without '.0', other floats with 10 significant digits."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def existing_run_ids(path=DEFAULT_CSV):
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return set()
    with open(path, encoding="utf-8", newline="") as f:
        return {r["run_id"] for r in csv.DictReader(f)}


def append(rows, path=DEFAULT_CSV):
    """Append rows (dicts keyed by the schema's columns; missing keys are empty cells) to the CSV, writing the header
    first if the file is new or empty; a file with another header is refused rather than mixed with."""
    names = fields()
    path = Path(path)
    new = not path.exists() or path.stat().st_size == 0
    if not new:
        with open(path, encoding="utf-8", newline="") as f:
            header = next(csv.reader(f), None)
        if header != names:
            raise ValueError(f"{path}: its header is not the schema's columns ({','.join(names)}); write to another file")
    with open(path, "a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        if new:
            writer.writerow(names)
        for row in rows:
            unknown = set(row) - set(names)
            if unknown:
                raise ValueError(f"not columns of forward_pass_meter_runs: {', '.join(sorted(unknown))}")
            writer.writerow([cell(row.get(n)) for n in names])
