#!/usr/bin/env python3
"""A review report of what a change does to the data: the new database against a previous one, as Markdown a
reviewer can paste into a pull request.

    python build.py --report BASE_DB     build (or with --check, only validate), then print the report to stdout
    python review.py BASE_DB [NEW_DB]    compare two databases already built (NEW_DB: ai_energy.db)

For the base tables: rows added, removed and changed, by primary key, with every changed cell. For the derived
numbers: each efficiency fit's slope and doubling time, the joules per forward pass that moved (per model and fit),
the errata, and a count for every other derived relation.
"""
import argparse
import math
import re
import sqlite3
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
SHOWN = 25         # rows listed per table before "… and N more"
CELL = 60          # characters of a text cell shown
RELATIVE = 1e-12   # floating-point noise below which a derived number has not moved


# --- reading a database ---------------------------------------------------------------------------------------------

def connect(db):
    """A read-only connection to a database file, or the connection given."""
    if isinstance(db, sqlite3.Connection):
        return db
    path = Path(db)
    if not path.is_file():
        raise SystemExit(f"review: {db}: no such database file")
    conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        raise SystemExit(f"review: {db}: not an SQLite database ({e})")
    return conn


def relations(conn):
    """{name: 'table' or 'view'} of every table and view."""
    return dict(conn.execute("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view') "
                             "AND name NOT LIKE 'sqlite_%'"))


def read(conn, name):
    """(columns, rows as tuples) of a relation, in a stable order."""
    cur = conn.execute(f'SELECT * FROM "{name}"')
    columns = [d[0] for d in cur.description]
    return columns, sorted(cur.fetchall(), key=lambda r: tuple(_sortable(v) for v in r))


def _sortable(v):
    return (0, v) if isinstance(v, (int, float)) else (1, "" if v is None else str(v))


def primary_key(conn, name):
    pk = sorted((r[5], r[1]) for r in conn.execute(f'PRAGMA table_info("{name}")') if r[5])
    return tuple(col for _, col in pk)


# --- comparing ------------------------------------------------------------------------------------------------------

class Diff:
    """The difference between two versions of one relation."""

    def __init__(self, name, old, new, key):
        (self.old_columns, old_rows), (self.columns, new_rows) = old, new
        self.name, self.key = name, key
        self.old_count, self.new_count = len(old_rows), len(new_rows)
        self.added_columns = [c for c in self.columns if c not in self.old_columns]
        self.removed_columns = [c for c in self.old_columns if c not in self.columns]
        self.added, self.removed, self.changed = [], [], []  # changed: (key, old row dict, new row dict, [columns])
        self.before, self.after = {}, {}  # {key: row dict} on each side, when the relation has a key
        if key and _unique(old_rows, self.old_columns, key) and _unique(new_rows, self.columns, key):
            before = self.before = {_key(r, self.old_columns, key): dict(zip(self.old_columns, r)) for r in old_rows}
            after = self.after = {_key(r, self.columns, key): dict(zip(self.columns, r)) for r in new_rows}
            self.added = [after[k] for k in after if k not in before]
            self.removed = [before[k] for k in before if k not in after]
            common = [c for c in self.columns if c in self.old_columns]
            for k in after:
                if k in before:
                    moved = [c for c in common if not same(before[k][c], after[k][c])]
                    if moved:
                        self.changed.append((k, before[k], after[k], moved))
        else:  # no key: rows as a multiset, so only added and removed
            self.key = None
            common = [c for c in self.columns if c in self.old_columns]
            before = Counter(_rounded(r, self.old_columns, common) for r in old_rows)
            after = Counter(_rounded(r, self.columns, common) for r in new_rows)
            self.added = [dict(zip(common, r)) for r in (after - before).elements()]
            self.removed = [dict(zip(common, r)) for r in (before - after).elements()]

    @property
    def moved(self):
        return bool(self.added or self.removed or self.changed or self.added_columns or self.removed_columns)

    def key_text(self, row):
        return "|".join(_text(row[c]) for c in self.key) if self.key else ""


def _key(row, columns, key):
    return "|".join(_text(row[columns.index(c)]) for c in key)


def _unique(rows, columns, key):
    if not all(c in columns for c in key):
        return False
    keys = [_key(r, columns, key) for r in rows]
    return len(keys) == len(set(keys))


def _rounded(row, columns, common):
    return tuple(_round(row[columns.index(c)]) for c in common)


def _round(v):
    return float(f"{v:.12g}") if isinstance(v, float) else v


def same(a, b):
    """Equal, allowing floating-point noise in derived numbers."""
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return abs(a - b) <= RELATIVE * max(abs(a), abs(b))
    return a == b


def declared_keys():
    """{relation: its row key} of the derived relations that declare one (key: in derive/STAGE/NAME.yml), those that
    SQLite has no PRIMARY KEY for (views, CREATE TABLE AS)."""
    from schema import relations
    return {r.name: tuple(r.declaration["key"]) for r in relations.documented(ROOT) if "key" in r.declaration}


def key_of(base, new, name, declared):
    return primary_key(new, name) or primary_key(base, name) or declared.get(name)


def base_table_names():
    """The base tables, in datapackage.json's order (the rest of the database is derived)."""
    try:
        sys.path.insert(0, str(ROOT))
        from schema.package import load
        return [r.name for r in load(ROOT).resources]
    except Exception:  # a review must not fail on a broken package: fall back to the tables with a primary key
        return None
    finally:
        sys.path.remove(str(ROOT))


# --- the report -----------------------------------------------------------------------------------------------------

def report(base_db, new_db, base_label=None, new_label="this build"):
    """The Markdown review of new_db against base_db (paths or sqlite3 connections)."""
    base, new = connect(base_db), connect(new_db)
    base_label = base_label or (f"`{Path(base_db).name}`" if not isinstance(base_db, sqlite3.Connection) else "the base")
    base_rel, new_rel = relations(base), relations(new)
    names = base_table_names() or [n for n in new_rel if new_rel[n] == "table" and primary_key(new, n)]
    base_tables = [n for n in names if n in new_rel or n in base_rel]
    derived = [n for n in sorted(set(new_rel) | set(base_rel)) if n not in base_tables]

    out = [f"## Data review: {new_label} against {base_label}", ""]
    diffs, keys = {}, declared_keys()
    for name in base_tables + derived:
        if name in new_rel and name in base_rel:
            diffs[name] = Diff(name, read(base, name), read(new, name), key_of(base, new, name, keys))
    out += _summary(base_tables, diffs, base_rel, new_rel)
    out += _base_tables_section(base_tables, diffs, base_rel, new_rel)
    out += _fits_section(diffs.get("efficiency_fits"))
    out += _energy_section(diffs.get("forward_pass_energy"))
    out += _errata_section(diffs.get("errata"))
    out += _derived_section([n for n in derived if n not in ("efficiency_fits", "forward_pass_energy", "errata")],
                            diffs, base_rel, new_rel)
    return "\n".join(out).rstrip() + "\n"


def _summary(base_tables, diffs, base_rel, new_rel):
    """Three lines a reviewer reads first: rows, fits, estimates."""
    moved = [diffs[n] for n in base_tables if n in diffs and diffs[n].moved]
    counts = [sum(len(getattr(d, kind)) for d in moved) for kind in ("added", "removed", "changed")]
    tables = [n for n in base_tables if (n in diffs and diffs[n].moved) or (n in new_rel) != (n in base_rel)]
    rows = (f"{counts[0]} added, {counts[1]} removed, {counts[2]} changed, in {', '.join(f'{_code(n)}' for n in tables)}"
            if tables else "none changed")
    fits = diffs.get("efficiency_fits")
    moved_fits = [k for k, o, n, cols in fits.changed if {"slope_log10_per_year", "n_points"} & set(cols)] if fits else []
    moved_fits += [r["fit_id"] for r in fits.added] if fits else []
    energy = diffs.get("forward_pass_energy")
    estimates = sum("joules" in cols for *_, cols in energy.changed) if energy else 0
    return [f"- **Base-table rows:** {rows}.",
            f"- **Efficiency fits that moved:** {', '.join(f'{_code(k)}' for k in moved_fits) or 'none'}.",
            f"- **Joules-per-forward-pass estimates that moved:** {estimates}" + (f" of {energy.new_count}" if energy else "") + ".",
            ""]


def _base_tables_section(names, diffs, base_rel, new_rel):
    out = ["### Base tables", ""]
    moved = [diffs[n] for n in names if n in diffs and diffs[n].moved]
    only = [n for n in names if (n in new_rel) != (n in base_rel)]
    if not moved and not only:
        return out + ["No base table changed.", ""]
    out += ["| table | rows | added | removed | changed |", "| --- | ---: | ---: | ---: | ---: |"]
    for n in only:
        out.append(f"| {_table_code(n)} | {'new table' if n in new_rel else 'table removed'} | | | |")
    for d in moved:
        out.append(f"| {_table_code(d.name)} | {d.old_count} → {d.new_count} | {len(d.added)} | {len(d.removed)} | {len(d.changed)} |")
    unchanged = [n for n in names if n in diffs and not diffs[n].moved]
    if unchanged:
        out += ["", f"Unchanged: {', '.join(f'{_code(n)}' for n in unchanged)}."]
    out.append("")
    for d in moved:
        out += _table_details(d)
    return out


def _table_details(d):
    out = [f"#### {_code(d.name)}", ""]
    if d.added_columns or d.removed_columns:
        out += [f"Columns added: {', '.join(map(_md, d.added_columns)) or 'none'}; "
                f"removed: {', '.join(map(_md, d.removed_columns)) or 'none'}.", ""]
    for title, rows in (("Added", d.added), ("Removed", d.removed)):
        if rows:
            columns = [c for c in (d.columns if title == "Added" else d.old_columns) if c in rows[0]]
            columns = [c for c in columns if any(r[c] not in (None, "") for r in rows)] or columns
            out += [f"{title} ({len(rows)}):", "", "| " + " | ".join(map(_md, columns)) + " |", "|" + " --- |" * len(columns)]
            out += ["| " + " | ".join(_cell(r[c]) for c in columns) + " |" for r in rows[:SHOWN]]
            out += _more(rows) + [""]
    if d.changed:
        out += [f"Changed ({len(d.changed)}):", ""]
        for key, old, new, columns in d.changed[:SHOWN]:
            cells = "; ".join(f"{_md(c)}: {_cell(old[c])} → {_cell(new[c])}" for c in columns)
            out.append(f"- {_code(key)}: {cells}")
        out += _more(d.changed) + [""]
    return out


def _fits_section(d):
    out = ["### Efficiency fits", ""]
    if d is None:
        return out + ["`efficiency_fits` is not in both databases.", ""]
    before, after = d.before, d.after
    moved = [k for k in after if k in before and any(not same(before[k].get(c), after[k].get(c))
                                                     for c in ("n_points", "slope_log10_per_year", "doubling_time_years"))]
    new_fits = [k for k in after if k not in before]
    gone = [k for k in before if k not in after]
    if not (moved or new_fits or gone):
        return out + [f"No fit moved ({', '.join(f'{_code(k)}' for k in after)}).", ""]
    out += ["| fit | points | slope, log10(GFLOPS/W) per year | doubling time, years | r² |", "| --- | ---: | ---: | ---: | ---: |"]
    for k in moved:
        b, a = before[k], after[k]
        out.append(f"| {_table_code(k)} | {b['n_points']} → {a['n_points']} | {_move(b['slope_log10_per_year'], a['slope_log10_per_year'])} | "
                   f"{_move(b['doubling_time_years'], a['doubling_time_years'])} | {_move(b.get('r_squared'), a.get('r_squared'), 3)} |")
    for k in new_fits:
        a = after[k]
        out.append(f"| {_table_code(k)} (new) | {a['n_points']} | {_num(a['slope_log10_per_year'])} | {_num(a['doubling_time_years'])} | "
                   f"{_num(a.get('r_squared'), 3)} |")
    for k in gone:
        out.append(f"| {_table_code(k)} (removed) | | | | |")
    still = [k for k in after if k in before and k not in moved]
    if still:
        out += ["", f"Unchanged: {', '.join(f'{_code(k)}' for k in still)}."]
    return out + [""]


def _energy_section(d):
    out = ["### Joules per forward pass", ""]
    if d is None:
        return out + ["`forward_pass_energy` is not in both databases.", ""]
    if d.key is None:
        return out + [f"{len(d.added)} rows new or changed, {len(d.removed)} gone or changed (no key to match them by).", ""]
    moves = [(k, o, n) for k, o, n, cols in d.changed if "joules" in cols]
    if not (moves or d.added or d.removed):
        return out + [f"No estimate moved ({d.new_count} model × fit estimates).", ""]
    by_fit = Counter(n["fit_id"] for _, _, n in moves)
    summary = ", ".join(f"{_code(fit)} {count}" for fit, count in sorted(by_fit.items()))
    out.append(f"{len(moves)} of {d.new_count} model × fit estimates moved" + (f" ({summary})" if summary else "") + "; "
               f"{len(d.added)} added, {len(d.removed)} removed.")
    if moves:
        changes = sorted(moves, key=lambda m: -abs(_ratio(m[1]["joules"], m[2]["joules"])))
        ranges = []
        for fit in sorted(by_fit):
            pct = sorted(_ratio(o["joules"], n["joules"]) for _, o, n in moves if n["fit_id"] == fit)
            ranges.append(f"{_code(fit)}: {pct[0]:+.2%} to {pct[-1]:+.2%}")
        out += [f"Change per fit: {'; '.join(ranges)}.", "",
                "| model_id | fit | released | GFLOPs | joules before | joules after | change |",
                "| --- | --- | --- | ---: | ---: | ---: | ---: |"]
        for _, o, n in changes[:SHOWN]:
            out.append(f"| {_table_code(n['model_id'])} | {_table_code(n['fit_id'])} | {n['release_date']} | {_num(n['gflops'])} | {_num(o['joules'])} | "
                       f"{_num(n['joules'])} | {_ratio(o['joules'], n['joules']):+.2%} |")
        if len(changes) > SHOWN:
            out.append(f"\n… and {len(changes) - SHOWN} more, each smaller.")
    for title, rows in (("Added", d.added), ("Removed", d.removed)):
        if rows:
            out += ["", f"{title}: " + ", ".join(f"{_code(r['model_id'])} ({_code(r['fit_id'])}, {_num(r['joules'])} J)" for r in rows[:SHOWN])
                    + (f" and {len(rows) - SHOWN} more" if len(rows) > SHOWN else "") + "."]
    return out + [""]


def _errata_section(d):
    out = ["### Errata", ""]
    if d is None:
        return out + ["`errata` is not in both databases.", ""]
    if not d.moved:
        return out + [f"Unchanged ({d.new_count}).", ""]
    for title, rows in (("New erratum", d.added), ("Erratum removed", d.removed)):
        for r in rows:
            out.append(f"- {title} {_code(r.get('erratum_id'))}: {_md(r.get('relation'))} {_code(r.get('row_key'))} {_md(r.get('column_name'))}, "
                       f"printed {_num(r.get('published_value'))}, recomputed {_num(r.get('recomputed_value'))}.")
    for key, old, new, columns in d.changed:
        out.append(f"- Changed {_code(key)}: " + "; ".join(f"{_md(c)}: {_cell(old[c])} → {_cell(new[c])}" for c in columns))
    return out + [""]


def _derived_section(names, diffs, base_rel, new_rel):
    out = ["### Other derived relations", ""]
    rows = []
    for n in names:
        if n not in diffs:
            rows.append(f"| {_table_code(n)} | {'new' if n in new_rel else 'removed'} | | | |")
        elif diffs[n].moved:
            d = diffs[n]
            changed = len(d.changed) if d.key else "–"
            rows.append(f"| {_table_code(n)} | {d.old_count} → {d.new_count} | {len(d.added)} | {len(d.removed)} | {changed} |")
    if not rows:
        return out + ["None changed.", ""]
    out += ["| relation | rows | added | removed | changed |", "| --- | ---: | ---: | ---: | ---: |"] + rows
    unchanged = [n for n in names if n in diffs and not diffs[n].moved]
    if unchanged:
        out += ["", f"Unchanged: {', '.join(f'{_code(n)}' for n in unchanged)}."]
    return out + [""]


# --- formatting -----------------------------------------------------------------------------------------------------

def _num(v, digits=4):
    if v is None:
        return "–"
    if isinstance(v, float):
        return f"{v:,.0f}" if abs(v) >= 10 ** digits else f"{v:.{digits}g}"
    return str(v)


def _move(old, new, digits=4):
    if old is None or new is None:
        return f"{_num(old, digits)} → {_num(new, digits)}"
    if same(old, new):
        return _num(new, digits)
    pct = f" ({_ratio(old, new):+.1%})" if old else ""
    return f"{_num(old, digits)} → {_num(new, digits)}{pct}"


def _ratio(old, new):
    return (new - old) / old if old else math.inf


def _cell(v):
    text = _num(v, 6) if isinstance(v, float) else ("" if v is None else str(v))
    text = text.replace("\n", " ")
    return _md(text if len(text) <= CELL else text[:CELL - 1] + "…")


MARKDOWN = re.compile(r"([\\`*{}\[\]<>()#+!|~&]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")  # an _ inside a word is text


MENTION = re.compile(r"@(?=[A-Za-z0-9])")


def _md(text):
    """Contributors' and publishers' text (cells, keys, column names) as Markdown that shows it as it is: no link,
    image, HTML, emphasis or table cell it could make, on one line, and no @mention that would notify anyone (a
    zero-width space after the @, as Dependabot writes them)."""
    text = " ".join(_text(text).splitlines())
    return MENTION.sub("@&#8203;", MARKDOWN.sub(r"\\\1", text))


def _code(text):
    """Text as an inline code span that nothing in it can end (its fence is longer than any run of backticks in it)."""
    text = _text(text).replace("\n", " ")
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _table_code(text):
    """A code span in a table cell, where GitHub ends the cell at any | not escaped, even in code."""
    return _code(text).replace("|", "\\|")


def _text(v):
    return "" if v is None else str(v)


def _more(rows):
    return [f"\n… and {len(rows) - SHOWN} more."] if len(rows) > SHOWN else []


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("base", help="the previous database (e.g. built from the main branch)")
    p.add_argument("new", nargs="?", default=str(ROOT / "ai_energy.db"), help="the new database (default: ai_energy.db)")
    a = p.parse_args(argv)
    sys.stdout.write(report(a.base, a.new, new_label=f"`{Path(a.new).name}`"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
