-- efficiency_fits: the least-squares fits of log10(GFLOPS/W) against launch date per domain (Fig. 8), from the
-- 'efficiency' points of fit_points, materialised at build time; domain 'hardware': the accelerator trends 2010–2026
-- by precision basis (derive/hardware/hardware_fit_points.sql). Each with its uncertainty: n_points, r_squared, the
-- years its points span, the slope's standard error and 95% intervals of slope and doubling time
-- (derive/fragments/least_squares.sql). The fitted GFLOPS/W at a date d is
--   10^(intercept_log10 + slope_log10_per_year × (julianday(d) − julianday(reference_date)) / 365.25).
CREATE TABLE efficiency_fits (
    fit_id TEXT PRIMARY KEY NOT NULL,
    domain TEXT NOT NULL,
    description TEXT NOT NULL,
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
INSERT INTO efficiency_fits
SELECT fit_id, domain,
    CASE WHEN fit_id LIKE 'all-%' THEN 'Every FP32 and adapted row of adapted_gpu_efficiency for the domain'
         WHEN fit_id IN (SELECT fit_id FROM accelerator_fit_bases)
         THEN (SELECT 'Every accelerator''s ' || basis || ' GFLOPS/W (its preferred row of accelerator_efficiency: the paper''s '
                      || 'GPUs and Epoch AI''s table) released 2010–2026; its points run from ' || f.first_year || ' to ' || f.last_year FROM accelerator_fit_bases b WHERE b.fit_id = f.fit_id)
         ELSE 'Exactly the points of ' || fit_id || ' in efficiency_fit_points (the paper''s Table J.9)' END,
    n_points, slope_log10_per_year, intercept_log10, reference_date, r_squared, doubling_time_years,
    first_year, last_year, slope_std_error_log10_per_year, slope_low_log10_per_year, slope_high_log10_per_year,
    doubling_time_low_years, doubling_time_high_years
FROM hardware_fits f WHERE family = 'efficiency' ORDER BY fit_id;
