"""SQL functions written once for every SQL of the project: the build registers them for derive/, and
plugins/sql_functions.py for the canned queries and dashboards that Datasette runs.

- fitted_value(intercept_log10, slope_log10_per_year, reference_date, date): a log-linear fit's value at a date,
  10^(intercept_log10 + slope_log10_per_year × (date − reference_date) in years of 365.25 days), as every fit of
  least_squares_fits is stated (efficiency_fits, model_trends, training_energy_trends). NULL if an argument is NULL
  or a date is not an ISO date (YYYY-MM-DD). The dates' difference is taken in whole days as SQLite's julianday()
  takes it for a date at midnight.
- gflops_per_watt(tflops, tdp_watts[, speedup]): the theoretical efficiency of a peak of TFLOPS at a TDP, 1000 ×
  tflops (× a measured mixed-precision speed-up) / tdp_watts, the paper's GFLOPS/W (accelerator_efficiency,
  adapted_gpu_efficiency). NULL if an argument is NULL or not a number, or the TDP is 0. gpu_specs.gflops_per_watt
  writes the same formula in SQL, since a generated column must be readable by any SQLite (a test holds the two
  equal on every row).

Each computes in the same order as the SQL it replaced, so that a relation derived with it is the same to the last
bit. And quoted(name), the one way the project's Python writes an identifier into SQL.
"""
import datetime
import math
import re

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def fitted_value(intercept_log10, slope_log10_per_year, reference_date, date):
    days = _days_between(reference_date, date)
    if days is None or not _numbers(intercept_log10, slope_log10_per_year):
        return None
    try:
        return math.pow(10, intercept_log10 + slope_log10_per_year * days / 365.25)
    except OverflowError:  # as SQLite's pow() answers
        return math.inf


def _days_between(start, end):
    try:
        return float(_ordinal(end) - _ordinal(start))
    except (TypeError, ValueError):
        return None


def _ordinal(text):
    if not isinstance(text, str) or not ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return datetime.date.fromisoformat(text).toordinal()


def _numbers(*values):
    return all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)


def gflops_per_watt(tflops, tdp_watts, speedup=1.0):
    if not _numbers(tflops, tdp_watts, speedup) or tdp_watts == 0:
        return None
    return 1000.0 * tflops * speedup / tdp_watts  # × 1.0 is exact: without a speed-up, 1000 × tflops / tdp_watts


# name: (the numbers of arguments it takes, the function)
FUNCTIONS = {"fitted_value": ((4,), fitted_value), "gflops_per_watt": ((2, 3), gflops_per_watt)}


def quoted(name):
    """A name as an SQL identifier, whatever it holds (an upstream file's column names are the publisher's)."""
    return '"' + name.replace('"', '""') + '"'


def register(conn):
    """Every function above on an sqlite3 connection."""
    for name, (arities, function) in FUNCTIONS.items():
        for arity in arities:
            conn.create_function(name, arity, function, deterministic=True)
