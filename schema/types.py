"""Turning text cells into typed columns, by the Frictionless field type; a cell that does not parse is a problem."""
import datetime as dt
import re

import numpy as np
import pandas as pd

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


def parse_column(raw, field_type):
    """Parse a column of strings ('' is missing). Returns (typed Series, {index: message} for cells that do not parse)."""
    present = raw != ""
    if field_type == "string":
        return raw.where(present, None).astype(object), {}
    ok = raw.str.fullmatch(PATTERNS[field_type].pattern)
    bad = present & ~ok
    errors = {}
    for i, value in raw[bad].items():
        errors[i] = FINITE if NON_FINITE.match(value) else ASCII_DIGITS if OTHER_DIGITS.search(value) else EXPECTED[field_type]
    if field_type == "integer":  # beyond int64: pandas cannot hold it, and no count in this dataset is that large
        huge = present & ok & (raw.str.lstrip("-").str.len() > 18)
        for i in raw[huge].index:
            errors[i] = "is too large for a whole number (at most 18 digits)"
        ok = ok & ~huge
    good = raw.where(present & ok)
    if field_type == "number":
        typed = pd.to_numeric(good, errors="coerce").astype("Float64")
        # beyond a double, e.g. 1e999 or 400 digits: pandas gives infinity or nothing, and neither may pass silently
        overflow = present & ok & (typed.isna() | ~np.isfinite(typed.astype(float).fillna(0)))
        for i in typed[overflow].index:
            errors[i] = FINITE
        typed = typed.mask(overflow)
    elif field_type in ("integer", "year"):
        typed = pd.to_numeric(good, errors="coerce").astype("Int64")
    elif field_type == "boolean":
        typed = good.map({"true": True, "false": False}).astype("boolean")
    else:
        typed = pd.to_datetime(good, format="%Y-%m-%d", errors="coerce")
        for i in typed[present & ok & typed.isna()].index:  # well-formed but impossible, e.g. 2021-02-30
            errors[i] = "is not a real calendar date"
    return typed, errors


def today():
    return pd.Timestamp(dt.date.today())
