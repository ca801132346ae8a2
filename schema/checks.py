"""Checks generated from the Frictionless table schemas, plus the plausibility rules the schemas carry as
"x-plausible" (what Frictionless cannot say: plausible ranges, nothing dated after today).

Each check is one test of a whole column, applied to its present values only (a missing value is the business of
"required"); the checks and their messages are what pandera's would be (Check.isin, ge, gt, le, str_matches,
str_length, a non-nullable column, a unique key), without pandera's per-check machinery, which cost more than the
checks themselves (and half a second of import) on a few hundred columns. A column's cells are worked on as a Python
list and its typed values as one array: a pandas Series per step costs more than the step, on columns this short."""
import re
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pandas as pd

from .problems import Problem
from .types import TEXT, parse_column, strip, today


@dataclass(frozen=True)
class Check:
    error: str                                # the message, after the quoted cell: "must be >= 1"
    passes: Callable[[object], object]        # present values (an array) -> True where the value keeps the rule


@dataclass(frozen=True)
class ColumnChecks:
    checks: list
    nullable: bool


@dataclass(frozen=True)
class TableChecks:
    columns: dict  # field name -> ColumnChecks
    unique: list   # the primary key's fields: no two rows may share them


def _each(test):
    """A check of one value at a time, for text: a list comprehension over the column's few hundred cells."""
    return lambda values: np.array([test(x) for x in values], dtype=bool)


def _constraint_checks(field):
    c = field.get("constraints", {})
    checks = []
    if "enum" in c:
        allowed = frozenset(c["enum"])
        checks.append(Check(f"must be one of: {', '.join(c['enum'])}", _each(lambda x, v=allowed: x in v)))
    if "minimum" in c:
        checks.append(Check(f"must be >= {c['minimum']}", lambda s, v=c["minimum"]: s >= v))
    if "exclusiveMinimum" in c:
        checks.append(Check(f"must be > {c['exclusiveMinimum']}", lambda s, v=c["exclusiveMinimum"]: s > v))
    if "maximum" in c:
        checks.append(Check(f"must be <= {c['maximum']}", lambda s, v=c["maximum"]: s <= v))
    if "pattern" in c:  # match, as pandera's str_matches: the pattern's own ^ and $ anchor it
        checks.append(Check(_pattern_message(field), _each(lambda x, v=re.compile(c["pattern"]): v.match(x) is not None)))
    if "maxLength" in c:
        checks.append(Check(f"is longer than {c['maxLength']} characters", _each(lambda x, v=c["maxLength"]: len(x) <= v)))
    return checks


def _pattern_message(field):
    pattern = field["constraints"]["pattern"]
    if pattern.startswith("^[^=+@<>"):
        return "must be plain text: no leading = + - @ (spreadsheet formula), no < or > (markup), no tabs or line breaks"
    if pattern.startswith("^[a-z0-9]"):
        return "must be an identifier: lowercase letters, digits and '-'"
    return f"must match the pattern {pattern}"


PLAUSIBILITY_MESSAGES = ('" is implausibly ', '" is in the future')
EMPTY = "is empty but required"


def _plausibility_checks(field):
    p = field.get("x-plausible", {})
    checks = []
    date_like = field["type"] == "date"
    if "minimum" in p:
        low = pd.Timestamp(p["minimum"]) if date_like else p["minimum"]
        checks.append(Check(f"is implausibly small (expected >= {p['minimum']})", lambda s, v=low: s >= v))
    if "maximum" in p:
        checks.append(Check(f"is implausibly large (expected <= {p['maximum']})", lambda s, v=p["maximum"]: s <= v))
    if p.get("not_after_today"):
        limit = today() if date_like else today().year
        checks.append(Check("is in the future", lambda s, v=limit: s <= v))
    return checks


def table_checks(resource):
    """The checks of a resource, generated from its Frictionless table schema."""
    columns = {}
    for f in resource.fields:
        required = f.get("constraints", {}).get("required", False) or f["name"] in resource.primary_key
        columns[f["name"]] = ColumnChecks(_constraint_checks(f) + _plausibility_checks(f), nullable=not required)
    return TableChecks(columns, list(resource.primary_key))


def check_table(resource, header, rows):
    """Type and constraint problems of one table. Returns (raw text frame, typed frame, problems); both frames are
    indexed by the line each row is on."""
    path = resource.path
    lines = [line for line, _ in rows]
    cells = dict(zip(header, zip(*(cells for _, cells in rows)))) if rows else {h: () for h in header}
    raw = pd.DataFrame({h: pd.Series(cells[h], dtype=TEXT) for h in header}) if not rows else \
        pd.DataFrame({h: pd.array(cells[h], dtype=TEXT) for h in header}, index=lines)
    typed_columns, problems = {}, []
    for f in resource.fields:
        column = cells[f["name"]]
        if resource.upstream and f["type"] == "string":  # a publisher's text is kept exactly as written
            stripped = list(column)
        else:
            stripped = strip(column)
            if not resource.upstream:
                for i in (i for i, (c, s) in enumerate(zip(column, stripped)) if c != s):  # reported once, then checked as if trimmed
                    problems.append(Problem(path, lines[i], f["name"], f'"{shown(column[i])}" has leading or trailing spaces; remove them'))
        typed_columns[f["name"]], errors = parse_column(stripped, f["type"])
        problems += [Problem(path, lines[i], f["name"], f'"{shown(column[i])}" {msg}') for i, msg in errors.items()]
    typed = pd.DataFrame({name: pd.Series(values, index=raw.index, dtype=object) if values.dtype == object else values
                          for name, values in typed_columns.items()}, index=raw.index)  # text stays object, not "str"
    problems += _failures(resource, cells, lines, typed_columns, typed, table_checks(resource))
    return raw, typed, _one_report_per_cause(problems, raw)


def shown(text, limit=60):
    """A cell as a message quotes it: on one line (line breaks and tabs escaped), cut to `limit` characters."""
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _is_plausibility(problem):
    return any(m in problem.message for m in PLAUSIBILITY_MESSAGES)


def _one_report_per_cause(problems, raw):
    """A cell that breaks a hard rule (its type or a constraint) is not also reported as implausible, nor, when its text
    did not parse, as empty: one message per cause."""
    hard = {(p.line, p.column) for p in problems if p.message != EMPTY and not _is_plausibility(p)}

    def echo(p):
        if (p.line, p.column) not in hard:
            return False
        return _is_plausibility(p) or (p.message == EMPTY and raw.at[p.line, p.column].strip() != "")
    return [p for p in problems if not echo(p)]


def _failures(resource, cells, lines, columns, typed, checks):
    """What the checks find: every present value that breaks a check, every missing value of a required column, every
    row whose key another row has too (each row of the group; a key with no value at all is reported as empty only).
    `cells` and `columns` are each column's text and typed values, by position; `lines` the line of each position."""
    path = resource.path
    out = []
    for name, column_checks in checks.columns.items():
        values = columns[name]
        missing = np.asarray(pd.isna(values), dtype=bool)
        if not column_checks.nullable:
            out += [Problem(path, lines[i], name, EMPTY) for i in np.flatnonzero(missing)]
        at = np.flatnonzero(~missing)
        present = values[at]
        for check in column_checks.checks:
            try:
                passes = check.passes(present)
            except (TypeError, ValueError):  # a check that cannot apply to the column's type finds nothing
                continue
            for i in at[~np.asarray(passes, dtype=bool)]:
                text = cells[name][i]
                if text.strip() == "":  # a missing cell that failed a check only because it was parsed as missing
                    continue
                out.append(Problem(path, lines[i], name, f'"{shown(text)}" {check.error}'))
    key = checks.unique
    if key and len(typed):
        duplicated = typed.duplicated(subset=key, keep=False) & typed[key].notna().any(axis=1)
        for i in np.flatnonzero(duplicated.to_numpy()):
            value = "|".join(cells[k][i] for k in key)
            out.append(Problem(path, lines[i], key[0], f'"{value}" duplicates the primary key ({", ".join(key)}) of another row'))
    return out
