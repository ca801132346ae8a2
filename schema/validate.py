"""Validate the whole package: every CSV against its schema, then the rules across tables. All problems at once."""
from dataclasses import dataclass, field
from pathlib import Path

from . import checks, csvfile, rules
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
    for res in v.package.resources:
        header, rows, found = csvfile.read(v.package.root, res)
        v.problems += found
        if header is None:
            continue
        v.headers[res.path] = header
        v.text[res.name], v.tables[res.name], found = checks.check_table(res, header, rows)
        v.problems += found
    v.problems += rules.check(v.package, v.tables)
    v.problems += unlisted_csvs(v.package)
    return v


def unlisted_csvs(package):
    """A CSV in data/ that datapackage.json does not list would silently be left out of the database."""
    listed = {Path(r.path) for r in package.resources}
    for path in sorted((package.root / "data").glob("*.csv")):
        rel = path.relative_to(package.root)
        if rel not in listed:
            yield Problem(str(rel), 0, "", "CSV is not listed in datapackage.json; add a resource (and a schema) for it or remove it")
