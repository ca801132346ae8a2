-- efficiency_fits: least-squares fits of log10(GFLOPS/W) against launch date (Fig. 8), materialised at build time.
-- x = years since reference_date, y = log10(gflops_per_watt). The fitted GFLOPS/W at a date d is
--   10^(intercept_log10 + slope_log10_per_year × (julianday(d) − julianday(reference_date)) / 365.25).
-- desislavov2023-cv/-nlp use exactly the points listed in efficiency_fit_points (the paper's Table J.9), so a new
-- GPU row never moves them; all-cv/all-nlp use every row of adapted_gpu_efficiency for the domain.
CREATE TABLE efficiency_fits (
    fit_id TEXT PRIMARY KEY,
    domain TEXT NOT NULL,
    description TEXT NOT NULL,
    n_points INTEGER NOT NULL,
    slope_log10_per_year REAL,
    intercept_log10 REAL,
    reference_date TEXT NOT NULL,
    r_squared REAL,
    doubling_time_years REAL
);
WITH points AS (
    SELECT p.fit_id, a.domain, a.launch_date, a.gflops_per_watt
    FROM efficiency_fit_points p
    JOIN adapted_gpu_efficiency a ON a.domain = p.domain AND a.gpu = p.gpu AND a.precision = p.precision
    UNION ALL
    SELECT 'all-' || domain, domain, launch_date, gflops_per_watt FROM adapted_gpu_efficiency
),
xy AS (
    SELECT fit_id, domain, (julianday(launch_date) - julianday('2000-01-01')) / 365.25 AS x, log10(gflops_per_watt) AS y
    FROM points
),
sums AS (
    SELECT fit_id, domain, count(*) AS n, sum(x) AS sx, sum(y) AS sy, sum(x * x) AS sxx, sum(x * y) AS sxy, sum(y * y) AS syy
    FROM xy GROUP BY fit_id, domain
),
fit AS (
    SELECT *, (n * sxy - sx * sy) / (n * sxx - sx * sx) AS slope FROM sums
)
INSERT INTO efficiency_fits
SELECT fit_id, domain,
    CASE WHEN fit_id LIKE 'all-%' THEN 'All current FP32 and adapted rows of adapted_gpu_efficiency for the domain'
         ELSE 'The points of ' || fit_id || ' in efficiency_fit_points (the paper''s Table J.9)' END,
    n, slope, (sy - slope * sx) / n, '2000-01-01',
    (n * sxy - sx * sy) * (n * sxy - sx * sy) / ((n * sxx - sx * sx) * (n * syy - sy * sy)),
    log10(2) / slope
FROM fit ORDER BY fit_id;
