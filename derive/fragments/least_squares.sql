-- least_squares (a fragment, not a relation: `-- include: least_squares` after `WITH points AS (...),`): the
-- ordinary least-squares line of log10(value) against years since 2000-01-01 for each fit_id of points (fit_id,
-- family, domain, item, date, value), with its uncertainty, as least_squares_fits documents each column; one row per
-- fit, ordered by fit_id. hardware_fits, model_trend_fits and training_energy_fits include it, so that every fit of
-- the project is computed by this one definition.
t_quantile_975 (df, t) AS (
    -- Student's t, 0.975 quantile, 1 to 30 degrees of freedom (tests/test_fit_uncertainty.py recomputes each from the t
    -- density); above 30 its Cornish–Fisher expansion in 1/df (four terms) is within 1e-6 of it.
    VALUES (1, 12.706205), (2, 4.302653), (3, 3.182446), (4, 2.776445), (5, 2.570582),
        (6, 2.446912), (7, 2.364624), (8, 2.306004), (9, 2.262157), (10, 2.228139), (11, 2.200985), (12, 2.178813),
        (13, 2.160369), (14, 2.144787), (15, 2.131450), (16, 2.119905), (17, 2.109816), (18, 2.100922), (19, 2.093024),
        (20, 2.085963), (21, 2.079614), (22, 2.073873), (23, 2.068658), (24, 2.063899), (25, 2.059539), (26, 2.055529),
        (27, 2.051831), (28, 2.048407), (29, 2.045230), (30, 2.042272)
),
xy AS (
    SELECT fit_id, family, domain, (julianday(date) - julianday('2000-01-01')) / 365.25 AS x, log10(value) AS y,
        CAST(substr(date, 1, 4) AS INTEGER) AS year
    FROM points
),
sums AS (
    SELECT fit_id, family, domain, count(*) AS n, sum(x) AS sx, sum(y) AS sy, sum(x * x) AS sxx, sum(x * y) AS sxy, sum(y * y) AS syy,
        min(year) AS first_year, max(year) AS last_year
    FROM xy GROUP BY fit_id, family, domain
),
fit AS (
    SELECT *, (n * sxy - sx * sy) / nullif(n * sxx - sx * sx, 0) AS slope,
        (n * sxx - sx * sx) / n AS cxx, (n * syy - sy * sy) / n AS cyy  -- sums of squares about the means
    FROM sums
),
spread AS (
    SELECT *, sqrt(max(cyy - slope * slope * cxx, 0) / nullif(n - 2, 0) / nullif(cxx, 0)) AS se,
        CASE WHEN n - 2 <= 30 THEN (SELECT t FROM t_quantile_975 WHERE df = n - 2)
             ELSE 1.959963984540054 + (pow(1.959963984540054, 3) + 1.959963984540054) / 4 / (n - 2)  -- Cornish–Fisher
                 + (5 * pow(1.959963984540054, 5) + 16 * pow(1.959963984540054, 3) + 3 * 1.959963984540054) / 96 / pow(n - 2, 2)
                 + (3 * pow(1.959963984540054, 7) + 19 * pow(1.959963984540054, 5) + 17 * pow(1.959963984540054, 3)
                    - 15 * 1.959963984540054) / 384 / pow(n - 2, 3)
                 + (79 * pow(1.959963984540054, 9) + 776 * pow(1.959963984540054, 7) + 1482 * pow(1.959963984540054, 5)
                    - 1920 * pow(1.959963984540054, 3) - 945 * 1.959963984540054) / 92160 / pow(n - 2, 4) END AS t
    FROM fit
),
interval AS (
    SELECT *, slope - t * se AS slope_low, slope + t * se AS slope_high FROM spread
)
SELECT fit_id, family, domain, n AS n_points, slope AS slope_log10_per_year, (sy - slope * sx) / n AS intercept_log10,
    '2000-01-01' AS reference_date,
    (n * sxy - sx * sy) * (n * sxy - sx * sy) / nullif((n * sxx - sx * sx) * (n * syy - sy * sy), 0) AS r_squared,
    log10(2) / nullif(slope, 0) AS doubling_time_years,
    first_year, last_year, se AS slope_std_error_log10_per_year, slope_low AS slope_low_log10_per_year,
    slope_high AS slope_high_log10_per_year,
    CASE WHEN slope_low > 0 OR slope_high < 0 THEN min(log10(2) / slope_low, log10(2) / slope_high) END AS doubling_time_low_years,
    CASE WHEN slope_low > 0 OR slope_high < 0 THEN max(log10(2) / slope_low, log10(2) / slope_high) END AS doubling_time_high_years
FROM interval
ORDER BY fit_id
