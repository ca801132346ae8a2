#!/usr/bin/env python3
"""Write the release files of a built database: dist/<version>/ holds the database, every relation (base and
derived) as CSV and as Parquet, a Frictionless Data Package describing the CSVs, a README and SHA256SUMS.

    python release.py [--db ai_energy.db] [--out dist]     write dist/<version>/ (make release)
    python release.py --columns                            print the columns manifest (schema/released_columns.json)
    python release.py --column-changes                     print the columns added, renamed and removed since it

Deterministic: the same database gives the same bytes. Rows are sorted by their key (every column, for a relation
without one); CSV numbers are written as Python's shortest round-trip text; Parquet is written with fixed options and
no timestamps; the database is the build's own file, which is byte-deterministic already (built from empty in memory).

Column names are an API. schema/released_columns.json lists every relation's columns as of the last release;
tests/test_release.py fails when a column is added, renamed or removed without CHANGELOG.md naming it
(`relation.column`) above that release's heading. A renamed column is declared in schema/column_aliases.json
({relation: {old_name: new_name}}): for one release its old name stays in the CSV, Parquet and Data Package files, as
a copy of the new column described as deprecated. (A view that renames a column keeps `new AS old` in its SQL for the
same release, so that SQL written against the database goes on working too.)
"""
import argparse
import csv
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from shared_sql import quoted

ROOT = Path(__file__).resolve().parent
DB = ROOT / "ai_energy.db"
DIST = ROOT / "dist"
COLUMNS = ROOT / "schema" / "released_columns.json"
ALIASES = ROOT / "schema" / "column_aliases.json"
DB_NAME = "ai_energy.db"
# Parquet written the same way every time: one row group, zstd at a fixed level, no page index
PARQUET_OPTIONS = {"compression": "zstd", "compression_level": 9, "version": "2.6", "data_page_version": "1.0",
                   "use_dictionary": True, "write_statistics": True, "row_group_size": 1 << 30,
                   "write_page_index": False}
ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
DEPRECATED = "Deprecated alias of {new}, its name before version {version}; removed in the next release."


def relations(db):
    """Every relation of the database, tables and views, by name."""
    return [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') "
                                           "AND name NOT LIKE 'sqlite_%' ORDER BY name")]


def column_info(db, relation):
    """PRAGMA table_xinfo: generated columns included (table_info leaves them out), hidden ones not."""
    return [row for row in db.execute(f"PRAGMA table_xinfo({quoted(relation)})") if row[6] != 1]


def columns(db, relation):
    return [row[1] for row in column_info(db, relation)]


def key_columns(db, relation):
    """The relation's primary key, or every column for a view or a table without one: the order its rows are
    written in."""
    info = column_info(db, relation)
    key = [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]
    return key or [row[1] for row in info]


def select(db, relation):
    """The relation's rows, in key order."""
    order = ", ".join(quoted(c) for c in key_columns(db, relation))
    return db.execute(f"SELECT * FROM {quoted(relation)} ORDER BY {order}").fetchall()


def field_types(db, relation, package):
    """{column: Frictionless type}. A base table's columns have their declared type; a derived relation's take the
    type of the values SQLite holds: integer, number (real, or integers and reals), date (ISO dates in a column named
    *date), string; "any" for a column holding text and numbers both (written as text in Parquet)."""
    from schema.upstream import LINE_COLUMN

    declared = {}
    if relation in {r.name for r in package.resources}:
        declared = {f["name"]: f["type"] for f in package.resource(relation).fields}
        declared[LINE_COLUMN] = "integer"
    out = {}
    for column in columns(db, relation):
        if column in declared:
            out[column] = declared[column]
            continue
        c = quoted(column)
        kinds = {kind for (kind,) in db.execute(f"SELECT DISTINCT typeof({c}) FROM {quoted(relation)}")} - {"null"}
        if kinds == {"integer"}:
            out[column] = "integer"
        elif kinds <= {"integer", "real"} and kinds:
            out[column] = "number"
        elif kinds == {"text"}:
            dates = (column == "date" or column.endswith("_date")) and all(
                ISO_DATE.match(v) for (v,) in db.execute(f"SELECT {c} FROM {quoted(relation)} WHERE {c} IS NOT NULL"))
            out[column] = "date" if dates else "string"
        elif not kinds:  # no values at all: what the relation declares
            decl = next(row[2] for row in column_info(db, relation) if row[1] == column)
            out[column] = {"INTEGER": "integer", "REAL": "number"}.get(decl.upper(), "string")
        else:
            out[column] = "any"
    return out


def documentation():
    """{relation: (title, description, {column: description}, {column: unit})} from the declarations (the same
    generator as metadata.yml: schemas, derive/ declarations, site/)."""
    from schema.metadata import DATABASE, generate

    tables = generate()["databases"][DATABASE]["tables"]
    return {name: (t.get("title", name), t.get("description", ""), t.get("columns", {}), t.get("units", {}))
            for name, t in tables.items()}


def text_cell(value, kind):
    """A value as the CSV writes it: missing as empty, booleans as true/false, numbers as shortest round-trip text."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def arrow_column(values, kind):
    import datetime as dt

    import pyarrow as pa

    if kind == "date":
        return pa.array([None if v is None else dt.date.fromisoformat(v) for v in values], pa.date32())
    if kind == "boolean":
        return pa.array([None if v is None else bool(v) for v in values], pa.bool_())
    if kind == "any":
        return pa.array([text_cell(v, kind) if v is not None else None for v in values], pa.string())
    arrow_type = {"integer": pa.int64(), "year": pa.int64(), "number": pa.float64(), "string": pa.string()}[kind]
    if kind == "number":
        values = [None if v is None else float(v) for v in values]
    return pa.array(values, arrow_type)


def write_relation(db, relation, out, package, docs, version, aliases):
    """csv/RELATION.csv and parquet/RELATION.parquet; returns the CSV's Data Package resource."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    title, description, described, units = docs.get(relation, (relation, "", {}, {}))
    units = dict(units)  # an alias adds its own
    names = columns(db, relation)
    kinds = field_types(db, relation, package)
    rows = select(db, relation)
    data = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    docs_of = {name: described.get(name, "") for name in names}
    for old, new in aliases.get(relation, {}).items():  # a renamed column's old name, for one release
        names.append(old)
        data[old], kinds[old] = data[new], kinds[new]
        docs_of[old] = DEPRECATED.format(new=new, version=version)
        if new in units:
            units[old] = units[new]

    fields = []
    for name in names:
        field = {"name": name, "type": kinds[name]}
        if docs_of[name]:
            field["description"] = docs_of[name]
        if name in units:
            field["unit"] = units[name]
        fields.append(field)

    text = io.StringIO(newline="")
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(zip(*(map(text_cell, data[n], [kinds[n]] * len(rows)) for n in names)) if rows else [])
    csv_bytes = text.getvalue().encode("utf-8")
    csv_path = out / "csv" / f"{relation}.csv"
    csv_path.write_bytes(csv_bytes)

    arrow_fields = [pa.field(f["name"], arrow_column([], f["type"]).type,
                             metadata={k: f[k] for k in ("description", "unit") if k in f} or None) for f in fields]
    schema = pa.schema(arrow_fields, metadata={"relation": relation, "dataset_version": version,
                                               "description": description})
    table = pa.table([arrow_column(data[n], kinds[n]) for n in names], schema=schema)
    pq.write_table(table, out / "parquet" / f"{relation}.parquet", **PARQUET_OPTIONS)

    resource = {"name": relation, "title": title, "path": f"csv/{relation}.csv", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "bytes": len(csv_bytes),
                "hash": "sha256:" + hashlib.sha256(csv_bytes).hexdigest()}
    if description and description != title:
        resource["description"] = description
    resource["dialect"] = {"header": True, "delimiter": ",", "quoteChar": '"', "lineTerminator": "\n"}
    resource["schema"] = {"fields": fields}
    key = key_columns(db, relation)
    if len(key) < len(columns(db, relation)):  # a real primary key, not "every column"
        resource["schema"]["primaryKey"] = key
    return resource


def write_release(db_path, dist=DIST, aliases=None):
    """dist/<version>/, written into a temporary directory beside it and renamed into place. Returns its path."""
    from schema.package import load

    package = load(ROOT)
    version = release_version(package)
    aliases = load_aliases() if aliases is None else aliases
    dist = Path(dist)
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / version
    tmp = Path(tempfile.mkdtemp(prefix=f".{version}.", dir=dist))
    try:
        (tmp / "csv").mkdir()
        (tmp / "parquet").mkdir()
        shutil.copyfile(db_path, tmp / DB_NAME)
        db = sqlite3.connect(f"file:{tmp / DB_NAME}?mode=ro", uri=True)
        try:
            docs = documentation()
            resources = [write_relation(db, name, tmp, package, docs, version, aliases) for name in relations(db)]
            upstream = {r.name: r.descriptor for r in package.resources if r.upstream}
        finally:
            db.close()
        descriptor = {key: package.descriptor[key] for key in ("name", "title", "description", "version", "licenses")}
        descriptor["sources"] = [{"title": "Every cited source, with its licence: the sources relation",
                                  "path": "csv/sources.csv"}]
        descriptor["resources"] = resources
        for resource in resources:
            if resource["name"] in upstream:
                resource["licenses"] = upstream[resource["name"]].get("licenses", [])
                resource["sources"] = upstream[resource["name"]].get("sources", [])
        text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
        (tmp / "datapackage.json").write_text(text, encoding="utf-8")
        (tmp / "README.md").write_text(readme(package, version, upstream), encoding="utf-8")
        (tmp / "SHA256SUMS").write_text(checksums(tmp), encoding="utf-8")
        for path in [tmp, *tmp.rglob("*")]:  # the same permissions whoever writes it (mkdtemp makes 0700)
            path.chmod(0o755 if path.is_dir() else 0o644)
        if target.exists():
            shutil.rmtree(target)
        os.replace(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def release_version(package):
    """The dataset version: datapackage.json's, which CITATION.cff must state too."""
    version = package.version
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    cited = re.search(r'^version:\s*"?([^"\s]+)"?', citation, re.MULTILINE)
    if not version or not cited or cited.group(1) != version:
        sys.exit(f"release.py: datapackage.json's version ({version or 'none'}) and CITATION.cff's "
                 f"({cited.group(1) if cited else 'none'}) must be the same")
    return version


def checksums(directory):
    """sha256sum's format, every file but SHA256SUMS itself, sorted by path: `sha256sum -c SHA256SUMS` checks them."""
    lines = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(directory).as_posix()}\n")
    return "".join(lines)


def readme(package, version, upstream):
    import yaml

    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    paper = citation["references"][0]
    authors = ", ".join(f"{a['family-names']}, {a['given-names']}" for a in paper["authors"])
    licence = package.descriptor["licenses"][0]
    third_party = "".join(f"  - `{name}`: {d['x-upstream']['producer']}, "
                          f"{', '.join(lic['name'] for lic in d.get('licenses', []))} ({d['x-upstream']['url']})\n"
                          for name, d in sorted(upstream.items()))
    return f"""# {citation['title']}, version {version}

- `{DB_NAME}`: the SQLite database, as served by Datasette.
- `csv/RELATION.csv`: every relation, base tables and derived ones, sorted by its key; described, with types and
  units, by `datapackage.json` (a Frictionless Data Package: `frictionless validate datapackage.json`).
- `parquet/RELATION.parquet`: the same relations, typed (dates as dates, booleans as booleans), each column's unit
  and description in its field metadata.
- `SHA256SUMS`: check the files with `sha256sum -c SHA256SUMS`.

Read it without a server, e.g. `pandas.read_parquet("parquet/gpu_specs.parquet")`, or in DuckDB
`SELECT * FROM 'parquet/*.parquet'`; or `sqlite3 {DB_NAME}`.

## Citation

{citation['message'].strip()}

> {', '.join(a['name'] for a in citation['authors'])}. *{citation['title']}*, version {version}.

and the method it follows:

> {authors} ({paper['year']}). {paper['title']}. *{paper['journal']}* {paper['volume']}, {paper['start']}.
> https://doi.org/{paper['doi']}

## Licences

- The curation: {licence['name']} ({licence['path']}).
- Each row's numbers come from the source its `source_id` names; each source's own licence is in
  `csv/sources.csv` (column `licence`).
- Third-party snapshots, kept as their publishers released them:
{third_party}"""


def load_aliases():
    return json.loads(ALIASES.read_text(encoding="utf-8")) if ALIASES.exists() else {}


def manifest(db):
    """{relation: [column, ...]} of a database: what schema/released_columns.json records for a release."""
    return {name: columns(db, name) for name in relations(db)}


def column_changes(released, current, aliases):
    """The changes of column names from the released manifest to the current one: ["added rel.col", ...]."""
    changes = []
    for relation in sorted(set(released) | set(current)):
        before, now = released.get(relation, []), current.get(relation, [])
        renamed = aliases.get(relation, {})
        for old, new in sorted(renamed.items()):
            if old in before and new in now:
                changes.append(f"renamed {relation}.{old} to {relation}.{new}")
        changes += [f"added {relation}.{c}" for c in now if c not in before and c not in renamed.values()]
        changes += [f"removed {relation}.{c}" for c in before if c not in now and c not in renamed]
    return changes


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", default=str(DB), help="the built database (default: ai_energy.db)")
    p.add_argument("--out", default=str(DIST), help="where to write <version>/ (default: dist)")
    p.add_argument("--columns", action="store_true", help="print the columns manifest of --db, for a release")
    p.add_argument("--column-changes", action="store_true", help="print the column changes since the last release")
    a = p.parse_args(argv)
    if not Path(a.db).is_file():
        sys.exit(f"release.py: {a.db} does not exist; build it with `python build.py`")
    if a.columns or a.column_changes:
        from schema.package import load

        with sqlite3.connect(f"file:{a.db}?mode=ro", uri=True) as db:
            current = manifest(db)
        if a.columns:
            sys.stdout.write(json.dumps({"version": load(ROOT).version, "relations": current}, indent=1) + "\n")
        else:
            released = json.loads(COLUMNS.read_text(encoding="utf-8"))["relations"]
            sys.stdout.write("".join(f"- {c}\n" for c in column_changes(released, current, load_aliases())))
        return 0
    target = write_release(a.db, a.out)
    print(f"Wrote {target.relative_to(Path.cwd()) if target.is_relative_to(Path.cwd()) else target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
