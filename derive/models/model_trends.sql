-- model_trends: log-linear trends of model compute and energy against release date (Figs. 3, 6, 9, 10), with
-- doubling (or, when negative, halving) times. For each domain and quantity:
--   subset 'all': every model; subset 'best_per_year': for CV the models with the highest top-1 accuracy of their
--   release year, for NLP the models with the most GFLOPs of their year (the paper's dashed lines).
-- quantity 'gflops' fits log10(gflops); quantity 'joules' fits log10(joules) of forward_pass_energy, once per
-- efficiency fit (efficiency_fit_id; trend_id DOMAIN-joules-SUBSET:FIT_ID). The points are in model_trend_fit_points
-- (kept in fit_points, family 'model_trend'), the fits in model_trend_fits, the line in the same form as
-- efficiency_fits: 10^(intercept_log10 + slope_log10_per_year × years since reference_date), with the same measures
-- of uncertainty (n_points, r_squared, standard error and 95% intervals: derive/fragments/least_squares.sql).
CREATE TABLE model_trends (
    trend_id TEXT PRIMARY KEY NOT NULL,
    domain TEXT NOT NULL,
    quantity TEXT NOT NULL,
    subset TEXT NOT NULL,
    efficiency_fit_id TEXT REFERENCES efficiency_fits(fit_id),
    n_points INTEGER NOT NULL,
    slope_log10_per_year REAL,
    intercept_log10 REAL,
    reference_date TEXT NOT NULL,
    r_squared REAL,
    doubling_time_years REAL,
    first_year INTEGER NOT NULL,
    last_year INTEGER NOT NULL,
    slope_std_error_log10_per_year REAL,
    slope_low_log10_per_year REAL,
    slope_high_log10_per_year REAL,
    doubling_time_low_years REAL,
    doubling_time_high_years REAL
);
INSERT INTO model_trends
SELECT f.fit_id, f.domain,
    CASE WHEN f.fit_id LIKE '%-joules-%' THEN 'joules' ELSE 'gflops' END,
    CASE WHEN f.fit_id LIKE '%-best_per_year%' THEN 'best_per_year' ELSE 'all' END,
    (SELECT e.fit_id FROM efficiency_fits e WHERE f.fit_id LIKE '%:' || e.fit_id),
    f.n_points, f.slope_log10_per_year, f.intercept_log10, f.reference_date, f.r_squared, f.doubling_time_years,
    f.first_year, f.last_year, f.slope_std_error_log10_per_year, f.slope_low_log10_per_year, f.slope_high_log10_per_year,
    f.doubling_time_low_years, f.doubling_time_high_years
FROM model_trend_fits f ORDER BY f.fit_id;
