"""Validate the whole package: every CSV against its schema, then the rules across tables. All problems at once."""
import json
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, csvfile, rules, snapshots, structure, text
from .package import load
from .problems import Problem


@dataclass
class Validated:
    package: object
    tables: dict = field(default_factory=dict)   # name -> typed frame, indexed by CSV line
    text: dict = field(default_factory=dict)     # name -> the same cells as printed in the CSV
    headers: dict = field(default_factory=dict)  # path -> header, for column positions in annotations
    problems: list = field(default_factory=list)


def validate(root=None):
    v = Validated(load(root) if root else load())
    v.problems += descriptor_problems(v.package.root)
    if v.problems:
        return v
    for res in v.package.resources:
        header, rows, found = csvfile.read(v.package.root, res)
        v.problems += found
        if header is None:
            continue
        v.headers[res.path] = header
        lost_rows = any(p.message.startswith(csvfile.ROWS_LOST) for p in found)
        v.text[res.name], v.tables[res.name], found = checks.check_table(res, header, rows)
        v.tables[res.name].attrs["incomplete"] = lost_rows  # rules do not look there for rows that may be lost
        v.problems += found
        if not res.upstream:
            v.problems += text.problems(res, v.text[res.name])
    v.problems += rules.check(v.package, v.tables)
    v.problems += unlisted_csvs(v.package)
    return v


def descriptor_problems(root):
    """datapackage.json and the table schemas it names must be JSON that lists resources, and have the structure
    schema/structure.py asks for, before anything is read."""
    try:
        descriptor = _json(root, "datapackage.json")
        schemas = {}
        for r in descriptor["resources"]:
            r["name"], r["path"]
            if isinstance(r["schema"], str) and not structure.path_problems(root, r["schema"], "schema"):
                schemas[r["schema"]] = _json(root, r["schema"])
    except _Broken as e:
        return [e.problem]
    except (KeyError, TypeError):
        return [Problem("datapackage.json", 1, "resources", "every resource needs a name, a path and a schema")]
    descriptor, found = snapshots.merged(root, descriptor)
    return found or structure.problems(root, descriptor, schemas)


class _Broken(Exception):
    def __init__(self, problem):
        self.problem = problem


def _json(root, path):
    try:
        return json.loads((root / path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        named = "" if path == "datapackage.json" else "; datapackage.json names it as a table schema"
        raise _Broken(Problem(path, 1, "", f"file is missing{named}"))
    except UnicodeDecodeError as e:
        raise _Broken(Problem(path, 1, "", f"invalid UTF-8 (byte 0x{e.object[e.start]:02x}); save the file as UTF-8"))
    except json.JSONDecodeError as e:
        raise _Broken(Problem(path, e.lineno, "", f"invalid JSON: {e.msg} (column {e.colno})"))


def unlisted_csvs(package):
    """A CSV in data/, or any file in data/upstream/, that datapackage.json does not list would silently be left out of
    the database."""
    listed = {Path(r.path) for r in package.resources}
    data = package.root / "data"
    files = sorted(data.glob("*.csv")) + sorted(p for p in (data / "upstream").rglob("*")
                                                if p.is_file() and p.name != snapshots.SIDECAR)
    for path in files:
        rel = path.relative_to(package.root)
        if rel not in listed:
            what = "CSV" if path.suffix == ".csv" else "file"
            listing = (f"run `python -m schema.snapshots record {rel.as_posix()}` once its snapshot.json names its table"
                       if snapshots.is_snapshot_path(rel.as_posix()) else "add a resource (and a schema) for it")
            yield Problem(str(rel), 1, "", f"{what} is not listed in datapackage.json; {listing}, or remove it")
