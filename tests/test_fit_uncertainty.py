"""Every fit's uncertainty (derive/fragments/least_squares.sql) recomputed with numpy on the same points, with a t
quantile computed here from Student's t density (no scipy); and the home page stating each trend only with its interval
and r², in the words its verdict (trend_verdicts) allows."""
import math
import re

import numpy as np
import pytest

from tests.conftest import rows


def t_quantile(p, df):
    """The p quantile of Student's t with df degrees of freedom: bisection on its CDF, the density integrated by
    Simpson's rule."""
    c = math.exp(math.lgamma((df + 1) / 2) - math.lgamma(df / 2)) / math.sqrt(df * math.pi)

    def cdf(t):
        x = np.linspace(0.0, t, 20001)
        f = c * (1 + x * x / df) ** (-(df + 1) / 2)
        return 0.5 + (x[1] - x[0]) / 3 * (f[0] + f[-1] + 4 * f[1:-1:2].sum() + 2 * f[2:-1:2].sum())
    low, high = 0.0, 50.0
    for _ in range(50):
        mid = (low + high) / 2
        low, high = (mid, high) if cdf(mid) < p else (low, mid)
    return (low + high) / 2


def test_t_quantile_reference():
    """The reference itself, against the two closed forms: df 1 (Cauchy) and df 2."""
    assert t_quantile(0.975, 1) == pytest.approx(math.tan(math.pi * 0.475), rel=1e-5)
    assert t_quantile(0.975, 2) == pytest.approx(0.95 / math.sqrt(2 * 0.975 * 0.025), rel=1e-6)


def fits(db):
    return rows(db, "SELECT * FROM least_squares_fits ORDER BY fit_id")


def test_every_fit_has_its_uncertainty(db):
    assert len(fits(db)) >= 19
    for fit in fits(db):
        assert fit["slope_std_error_log10_per_year"] is not None or fit["n_points"] <= 2, fit["fit_id"]


@pytest.mark.parametrize("relation, key", [("efficiency_fits", "fit_id"), ("model_trends", "trend_id")])
def test_fits_intervals_match_numpy(db, relation, key):
    for fit in rows(db, f"SELECT * FROM {relation}"):
        points = rows(db, "SELECT (julianday(date) - julianday('2000-01-01')) / 365.25 AS x, log10(value) AS y, date "
                          "FROM fit_points WHERE fit_id = ?", fit[key])
        x, y = np.array([p["x"] for p in points]), np.array([p["y"] for p in points])
        n = len(x)
        (slope, intercept), residuals, *_ = np.polyfit(x, y, 1, full=True)
        se = math.sqrt(residuals[0] / (n - 2) / ((x - x.mean()) ** 2).sum())
        t = t_quantile(0.975, n - 2)
        low, high = slope - t * se, slope + t * se
        name = fit[key]
        assert fit["n_points"] == n, name
        assert fit["first_year"] == min(int(p["date"][:4]) for p in points), name
        assert fit["last_year"] == max(int(p["date"][:4]) for p in points), name
        assert fit["r_squared"] == pytest.approx(np.corrcoef(x, y)[0, 1] ** 2, rel=1e-6), name
        assert fit["slope_std_error_log10_per_year"] == pytest.approx(se, rel=1e-6), name
        assert fit["slope_low_log10_per_year"] == pytest.approx(low, rel=1e-5, abs=1e-9), name
        assert fit["slope_high_log10_per_year"] == pytest.approx(high, rel=1e-5, abs=1e-9), name
        if low > 0 or high < 0:
            assert fit["doubling_time_low_years"] == pytest.approx(min(math.log10(2) / low, math.log10(2) / high), rel=1e-5), name
            assert fit["doubling_time_high_years"] == pytest.approx(max(math.log10(2) / low, math.log10(2) / high), rel=1e-5), name
        else:
            assert fit["doubling_time_low_years"] is None and fit["doubling_time_high_years"] is None, name


def test_the_tensor_fit_covers_2017_to_2026_and_overlaps_the_paper(db):
    """The issue's numbers: the 2010–2026 window's tensor points start in 2017, and its interval overlaps the paper's."""
    (tensor,) = rows(db, "SELECT * FROM trend_verdicts WHERE fit_id = 'accelerators-2010-2026-bf16-fp16-tensor'")
    assert (tensor["first_year"], tensor["last_year"]) == (2017, 2026)
    assert "released 2010–2026; its points run from 2017 to 2026" in \
        rows(db, "SELECT description FROM efficiency_fits WHERE fit_id = 'accelerators-2010-2026-bf16-fp16-tensor'")[0]["description"]
    assert tensor["verdict"] == "overlaps the paper"


def expected_verdict(fit):
    """trend_verdicts' rule, written again from its documentation."""
    if fit["r_squared"] < 0.3:
        return "r² too low"
    if fit["doubling_time_low_years"] is None:
        return "slope interval includes zero"
    if fit["compared_fit_id"] is None:
        return "trend"
    if fit["doubling_time_low_years"] <= fit["compared_high_years"] and fit["compared_low_years"] <= fit["doubling_time_high_years"]:
        return "overlaps the paper"
    return "slower than the paper" if fit["doubling_time_low_years"] > fit["compared_high_years"] else "faster than the paper"


def test_every_verdict_follows_its_interval_and_r_squared(db):
    verdicts = rows(db, "SELECT * FROM trend_verdicts")
    assert {v["verdict"] for v in verdicts} >= {"r² too low", "slope interval includes zero", "overlaps the paper", "trend"}
    for v in verdicts:
        assert v["verdict"] == expected_verdict(v), v["fit_id"]


def _text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).replace("&#39;", "'").replace("&amp;", "&")


@pytest.mark.asyncio
async def test_the_home_page_states_each_trend_with_its_interval_and_verdict(ds, db):
    home = _text((await ds.client.get("/")).text)
    stated = {v["fit_id"]: v for v in rows(db, "SELECT * FROM trend_verdicts")}
    for fit_id in ("desislavov2023-cv", "desislavov2023-nlp", "accelerators-2010-2026-fp32",
                   "accelerators-2010-2026-bf16-fp16-tensor", "accelerators-2010-2026-fp8"):
        assert stated[fit_id]["stated"] in home, fit_id
    for fit_id in ("accelerators-2010-2026-fp32", "accelerators-2010-2026-bf16-fp16-tensor", "accelerators-2010-2026-fp8"):
        assert f'{stated[fit_id]["stated"]}: {stated[fit_id]["says"]}' in home, fit_id
    assert "so a different rate is not established" in home  # the tensor interval overlaps the paper's
    assert "r² 0.17 is too low to call a trend" in home  # FP8, 16 points
    for trend_id in ("cv-joules-all:desislavov2023-cv", "nlp-joules-all:desislavov2023-nlp"):
        v = stated[trend_id]
        assert f'r² {v["r_squared"]:.2g}, n {v["n_points"]}, {v["first_year"]}–{v["last_year"]}): {v["says"]}' in home, trend_id
    assert "keeps growing" not in home and "doubled more slowly" not in home
    for number in re.findall(r"doubles every [\d.]+ years|doubled every [\d.]+ years", home):
        rest = home[home.index(number):][:120]
        assert "95% interval" in rest and "r²" in rest, rest


def test_the_declared_t_quantiles_are_student_s_t():
    """derive/fragments/least_squares.sql's table of t quantiles (1 to 30 degrees of freedom), each recomputed here."""
    from tests.helpers import ROOT
    sql = (ROOT / "derive" / "fragments" / "least_squares.sql").read_text(encoding="utf-8")
    declared = {int(df): float(t) for df, t in re.findall(r"\((\d+), (\d+\.\d+)\)", sql)}
    assert sorted(declared) == list(range(1, 31))
    for df, t in declared.items():
        assert t == pytest.approx(t_quantile(0.975, df), abs=2e-6), df
