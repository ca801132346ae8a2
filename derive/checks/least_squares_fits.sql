-- least_squares_fits: the ordinary least-squares line of log10(value) against years since 2000-01-01, for each
-- fit_id in fit_points. x = (julianday(date) − julianday('2000-01-01')) / 365.25, y = log10(value);
-- slope = (nΣxy − ΣxΣy) / (nΣx² − (Σx)²), intercept = (Σy − slope·Σx) / n, r² = the squared correlation of x and y,
-- doubling_time_years = log10(2) / slope (negative: a halving time). With it, how far to trust it: first_year and
-- last_year of its points; the standard error of the slope, se = √(SSR / (n − 2) / Sxx) with SSR = Syy − slope²·Sxx
-- the residual sum of squares (Sxx, Syy: sums of squares about the means); the slope's 95% interval slope ± t·se, t the
-- 0.975 quantile of Student's t with n − 2 degrees of freedom; and the doubling time's 95% interval log10(2) / the
-- interval's ends, empty where the slope's interval includes 0 (then the data cannot tell doubling from halving).
-- The fits are computed stage by stage, each by the one definition in derive/fragments/least_squares.sql
-- (hardware_fits, model_trend_fits, training_energy_fits); this relation keeps them all.
CREATE TABLE least_squares_fits (
    fit_id TEXT PRIMARY KEY NOT NULL, family TEXT NOT NULL, domain TEXT NOT NULL, n_points INTEGER NOT NULL, slope_log10_per_year REAL,
    intercept_log10 REAL, reference_date TEXT NOT NULL, r_squared REAL, doubling_time_years REAL,
    first_year INTEGER NOT NULL, last_year INTEGER NOT NULL, slope_std_error_log10_per_year REAL, slope_low_log10_per_year REAL,
    slope_high_log10_per_year REAL, doubling_time_low_years REAL, doubling_time_high_years REAL
);
INSERT INTO least_squares_fits
SELECT * FROM hardware_fits
UNION ALL
SELECT * FROM model_trend_fits
UNION ALL
SELECT * FROM training_energy_fits;
