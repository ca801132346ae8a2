"""shared_sql.py: the SQL functions written once, equal to the SQL they replaced, and the only place their formula is
(but for gpu_specs' generated column)."""
import json
import re
import sqlite3

import shared_sql
from tests.helpers import ROOT

FITTED_BY_HAND = ("pow(10, f.intercept_log10 + f.slope_log10_per_year * (julianday(d.date) - julianday(f.reference_date)) "
                  "/ 365.25)")


def test_fitted_value_is_the_sql_formula_to_the_last_bit(built_db):
    """Every fit at every date a derived relation or chart reads it at: the function and the SQL it replaced agree
    exactly, so that the derived relations did not change by a bit."""
    db = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    shared_sql.register(db)
    dates = [r[0] for r in db.execute(
        "SELECT DISTINCT release_date FROM accelerator_efficiency WHERE release_date IS NOT NULL "
        "UNION SELECT DISTINCT publication_date FROM training_energy_estimates WHERE publication_date IS NOT NULL "
        "UNION SELECT '1970-01-01' UNION SELECT '2040-02-29'")]
    rows = db.execute(f"""SELECT f.fit_id, d.date, fitted_value(f.intercept_log10, f.slope_log10_per_year, f.reference_date, d.date),
            {FITTED_BY_HAND}
        FROM least_squares_fits f, (SELECT value AS date FROM json_each(?)) d""", (json.dumps(dates),)).fetchall()
    assert len(rows) > 1000
    assert [r for r in rows if r[2] != r[3]] == []


def test_fitted_value_is_empty_for_what_it_cannot_read():
    fitted = shared_sql.fitted_value
    assert fitted(1.0, 0.1, "2000-01-01", "2010-01-01") == 10 ** (1.0 + 0.1 * 3653 / 365.25)
    for args in [(None, 0.1, "2000-01-01", "2010-01-01"), (1.0, None, "2000-01-01", "2010-01-01"),
                 (1.0, 0.1, None, "2010-01-01"), (1.0, 0.1, "2000-01-01", None), (1.0, 0.1, "2000-01-01", "2010"),
                 (1.0, 0.1, "2000-01-01", "2010-01-01 12:00"), (1.0, 0.1, "2000-01-01", "2010-02-30"),
                 (1.0, 0.1, "2000-01-01", 2010), ("1", 0.1, "2000-01-01", "2010-01-01")]:
        assert fitted(*args) is None, args
    assert fitted(1e308, 1.0, "2000-01-01", "2010-01-01") == float("inf")


def test_no_sql_writes_the_fitted_value_by_hand():
    """derive/, the canned queries and the dashboards call fitted_value(); a hand-written copy of its formula is a copy
    that can drift."""
    by_hand = re.compile(r"pow\(10,\s*[\w.]*intercept_log10\s*\+")
    files = [*ROOT.glob("derive/**/*.sql"), *ROOT.glob("site/**/*.sql"), *ROOT.glob("site/**/*.yml")]
    assert len(files) > 40
    assert [str(p.relative_to(ROOT)) for p in files if by_hand.search(p.read_text(encoding="utf-8"))] == []


def test_gflops_per_watt_is_gpu_specs_generated_column_on_every_row(built_db):
    """The one copy of the formula left in SQL (a generated column, which any SQLite must read) and the function agree
    exactly on every row; with a speed-up, the adapted rows of adapted_gpu_efficiency are the function's own."""
    db = sqlite3.connect(f"file:{built_db}?mode=ro", uri=True)
    shared_sql.register(db)
    rows = db.execute("SELECT gpu, precision, gflops_per_watt, gflops_per_watt(tflops, tdp_watts) FROM gpu_specs").fetchall()
    assert len(rows) > 40
    assert [r for r in rows if r[2] != r[3]] == []
    adapted = db.execute("""SELECT a.gpu, a.gflops_per_watt, gflops_per_watt(b.tflops, a.tdp_watts, a.speedup)
        FROM adapted_gpu_efficiency a JOIN mixed_precision_speedups s USING (domain, gpu, precision, baseline)
        JOIN gpu_specs b ON b.gpu = s.baseline_gpu AND b.precision = 'FP32' WHERE a.adapted = 1""").fetchall()
    assert len(adapted) > 4
    assert [r for r in adapted if r[1] != r[2]] == []


def test_gflops_per_watt_is_empty_for_what_it_cannot_read():
    per_watt = shared_sql.gflops_per_watt
    assert per_watt(15.7, 250) == 1000.0 * 15.7 / 250
    assert per_watt(15.7, 250, 2.0) == 1000.0 * 15.7 * 2.0 / 250
    for args in [(None, 250), (15.7, None), (15.7, 0), ("15.7", 250), (15.7, 250, None), (True, 250)]:
        assert per_watt(*args) is None, args


def test_no_sql_writes_gflops_per_watt_by_hand():
    """derive/, the canned queries and the dashboards call gflops_per_watt(); gpu_specs' generated column is the one
    copy in SQL (its file says why)."""
    by_hand = re.compile(r"1000(\.0)?\s*\*\s*[\w.]*tflops[\w.\s*]*/\s*[\w.]*tdp_watts")
    generated = ROOT / "derive/hardware/gpu_specs_gflops_per_watt.sql"
    files = [*ROOT.glob("derive/**/*.sql"), *ROOT.glob("site/**/*.sql"), *ROOT.glob("site/**/*.yml")]
    assert by_hand.search(generated.read_text(encoding="utf-8"))
    assert [str(p.relative_to(ROOT)) for p in files if p != generated and by_hand.search(p.read_text(encoding="utf-8"))] == []
