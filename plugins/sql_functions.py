"""SQL functions the canned queries use, registered on every connection through Datasette's public
prepare_connection hook:

- edit_distance(a, b): the Levenshtein distance of two short texts, for the estimators' "did you mean" suggestions;
  NULL for a text over MAX_CHARS, so that a hostile input cannot make a query slow.
- plain_number(x): x as text with 3 significant figures, trailing zeros dropped, never in e-notation (0.00773, 7.7,
  7,730, 12,000,000), for the sentences the estimators answer with.
- and those of shared_sql.py, which derive/ uses too: fitted_value(intercept_log10, slope_log10_per_year,
  reference_date, date), a fit's value at a date, and gflops_per_watt(tflops, tdp_watts[, speedup]).
"""
import math

from datasette import hookimpl

import shared_sql

MAX_CHARS = 100
SIGNIFICANT = 3


@hookimpl
def prepare_connection(conn):
    conn.create_function("edit_distance", 2, edit_distance, deterministic=True)
    conn.create_function("plain_number", 1, plain_number, deterministic=True)
    shared_sql.register(conn)


def edit_distance(a, b):
    if not isinstance(a, str) or not isinstance(b, str) or len(a) > MAX_CHARS or len(b) > MAX_CHARS:
        return None
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def plain_number(x):
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not math.isfinite(x):
        return None
    if x == 0:
        return "0"
    rounded = float(f"{x:.{SIGNIFICANT}g}")
    if abs(rounded) >= 10 ** (SIGNIFICANT - 1):
        return f"{rounded:,.0f}"
    decimals = SIGNIFICANT - 1 - math.floor(math.log10(abs(rounded)))
    return f"{rounded:.{decimals}f}".rstrip("0").rstrip(".")
