"""Turning text cells into typed columns, by the Frictionless field type; a cell that does not parse is a problem.

A column is parsed as a Python list of its cells (the per-cell tests are plain `re` matches, a fraction of a
microsecond each); pandas is called once per column, on the cells that parse, for the conversion itself, so that the
typed values are exactly pandas' (to_numeric, to_datetime) and its fixed cost of a few hundred microseconds per
operation is paid once rather than a dozen times on each of several hundred columns."""
import datetime as dt
import re

import numpy as np
import pandas as pd

# pandas' text columns held as Python strings rather than in Arrow: the same values, which validation reads back
# cell by cell and the build hands to SQLite as Python strings anyway, without a conversion each way (about 0.4 s
# of a 2.3 s build: bench/RESULTS.md)
pd.set_option("mode.string_storage", "python")
FIELD_TYPES = ("string", "number", "integer", "year", "date", "boolean")
NUMBER = r"-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?"  # [0-9], not \d: \d is any script's digits
PATTERNS = {
    "number": re.compile(f"^{NUMBER}$"),
    "integer": re.compile(r"^-?[0-9]+$"),
    "year": re.compile(r"^[0-9]{4}$"),
    "date": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    "boolean": re.compile(r"^(true|false)$"),
}
OTHER_DIGITS = re.compile(r"(?![0-9])\d")  # e.g. Arabic-Indic or full-width digits
ASCII_DIGITS = "has digits other than 0-9; write numbers and dates with the digits 0-9"
EXPECTED = {
    "number": "is not a number (write digits with '.' for decimals, no thousands separators, no units)",
    "integer": "is not a whole number",
    "year": "is not a four-digit year",
    "date": "is not an ISO date (YYYY-MM-DD)",
    "boolean": "is not a boolean (write true or false)",
}
NON_FINITE = re.compile(r"^[-+]?(nan|inf|infinity)$", re.IGNORECASE)
FINITE = "must be a finite number (NaN and infinity are not allowed)"
TOO_LARGE = "is too large for a whole number (at most 18 digits)"
TEXT = "str"  # the dtype of a column of cells as printed: pandas' default for text


def parse_column(cells, field_type):
    """Parse a column of strings ('' is missing). Returns (typed column: an array pandas puts in a frame as is,
    {position: message} for cells that do not parse)."""
    if field_type == "string":
        return np.array([c if c != "" else np.nan for c in cells], dtype=object), {}
    match = PATTERNS[field_type].fullmatch
    ok = [c != "" and match(c) is not None for c in cells]
    errors = {i: (FINITE if NON_FINITE.match(c) else ASCII_DIGITS if OTHER_DIGITS.search(c) else EXPECTED[field_type])
              for i, c in enumerate(cells) if c != "" and not ok[i]}
    if field_type == "integer":  # beyond int64: pandas cannot hold it, and no count in this dataset is that large
        for i, c in enumerate(cells):
            if ok[i] and len(c.lstrip("-")) > 18:
                errors[i], ok[i] = TOO_LARGE, False
    good = np.array([c if k else np.nan for c, k in zip(cells, ok)], dtype=object)
    if field_type == "number":
        values = pd.to_numeric(good, errors="coerce").astype(float)
        # beyond a double, e.g. 1e999 or 400 digits: pandas gives infinity or nothing, and neither may pass silently
        overflow = np.array(ok, dtype=bool) & ~np.isfinite(values)
        for i in np.flatnonzero(overflow):
            errors[int(i)] = FINITE
        values[overflow] = np.nan
        return pd.array(values, dtype="Float64"), errors
    if field_type in ("integer", "year"):
        return pd.array(pd.to_numeric(good, errors="coerce"), dtype="Int64"), errors
    if field_type == "boolean":
        return pd.array([{"true": True, "false": False}.get(c) if k else None for c, k in zip(cells, ok)],
                        dtype="boolean"), errors
    typed = pd.to_datetime(pd.Series(good, dtype=TEXT), format="%Y-%m-%d", errors="coerce").array
    for i in np.flatnonzero(np.array(ok, dtype=bool) & typed.isna()):  # well-formed but impossible, e.g. 2021-02-30
        errors[int(i)] = "is not a real calendar date"
    return typed, errors


def strip(cells):
    """Each cell without leading and trailing whitespace, Python's idea of it (pandas' too, with its text held as
    Python strings)."""
    return [c.strip() for c in cells]


def today():
    return pd.Timestamp(dt.date.today())
