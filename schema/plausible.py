"""Plausibility of derived values: the ranges a table schema declares, as "x-plausible-derived", for a value the
build derives from the table's rows (GFLOPS/W from TFLOPS and TDP, joules per forward pass from a model's GFLOPs,
training energy per accelerator-hour). A value outside its range is reported at the line of the row it comes from,
naming the input that most likely slipped: a GFLOPS-for-TFLOPS slip passes every per-cell check (91,600 TFLOPS is
below the 100,000 TFLOPS ceiling) but not the GFLOPS/W it makes.

Each declaration in a schema's "x-plausible-derived" list:
    relation, column   the derived relation (a table of derive/) and its column holding the value
    per                optional column of the derived relation the value is divided by (energy per accelerator-hour)
    unit               the column's unit, as messages print it
    formula            how the value follows from the row, as messages print it
    blame              the column of this table a message points at (the input most likely mistyped)
    key                {this table's primary-key column: the derived relation's column holding it}
    where              optional {column: value} of the derived relation: which of its rows come from this table
    by                 optional column of the derived relation whose value selects a range (e.g. precision)
    year               optional column of the derived relation holding a date; a range may hold only for some years
    ranges             [{"minimum", "maximum", optional "values" (of `by`), optional "from_year", "to_year"}]
A derived value that no range covers is reported too: a new precision or year needs its range declared.
"""
from .problems import Problem
from .rules import row_keys

KEY = "x-plausible-derived"


def declarations(package):
    """(resource, declaration) for every declaration of every curated table."""
    return [(res, d) for res in package.resources if not res.upstream for d in res.schema.get(KEY, [])]


def problems(db, package, tables):
    """Every derived value outside its declared range, at the line of its row."""
    out = []
    for res, d in declarations(package):
        if res.name not in tables:
            continue
        lines = dict(zip(row_keys(tables[res.name], res.primary_key), tables[res.name].index))
        seen = set()
        for key, value, group, year in db.execute(_sql(d), list(d.get("where", {}).values())):
            if value is None or key in seen or key not in lines:
                continue
            problem = _judge(d, value, group, year)
            if problem:
                seen.add(key)  # one message per row, as a model's joules repeat once per efficiency fit
                out.append(Problem(res.path, int(lines[key]), d["blame"], problem))
    return out


def _sql(d):
    key = " || '|' || ".join(f'"{d["key"][k]}"' for k in d["key"])
    group = f'"{d["by"]}"' if "by" in d else "NULL"
    year = f'CAST(substr("{d["year"]}", 1, 4) AS INTEGER)' if "year" in d else "NULL"
    where = " AND ".join(f'"{c}" = ?' for c in d.get("where", {})) or "1"
    value = f'"{d["column"]}" / nullif("{d["per"]}", 0)' if "per" in d else f'"{d["column"]}"'
    return f'SELECT {key}, {value}, {group}, {year} FROM "{d["relation"]}" WHERE {where} ORDER BY 1'


def _judge(d, value, group, year):
    """The message for VALUE, or None when it lies in the range that covers it."""
    for r in d["ranges"]:
        if "values" in r and group not in r["values"]:
            continue
        if year is not None and not r.get("from_year", year) <= year <= r.get("to_year", year):
            continue
        if r["minimum"] <= value <= r["maximum"]:
            return None
        side = "large" if value > r["maximum"] else "small"
        return (f'gives {_name(d)} {_n(value)} {d["unit"]} ({d["formula"]}), implausibly {side} for '
                f'{_what(d, group, year)} (expected {_n(r["minimum"])} to {_n(r["maximum"])} {d["unit"]}, declared in '
                f'the schema\'s {KEY}); check the unit of {d["blame"]}')
    return f'gives {_name(d)} {_n(value)} {d["unit"]}, but no range in the schema\'s {KEY} covers {_what(d, group, year)}; declare one'


def _name(d):
    return f'{d["column"]} per {d["per"]}' if "per" in d else d["column"]


def _what(d, group, year):
    parts = [f'{d["by"]} {group}' if "by" in d else "", f"year {year}" if year is not None else ""]
    return ", ".join(p for p in parts if p) or "this row"


def _n(x):
    """A number as a message prints it: 4 significant figures, thousands separated (261,700), no e-notation for
    ordinary sizes (0.0003623)."""
    rounded = float(f"{x:.4g}")
    return f"{rounded:,.0f}" if 1e4 <= abs(rounded) < 1e15 else f"{rounded:.4g}"
