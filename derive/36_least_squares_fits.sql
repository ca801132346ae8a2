-- least_squares_fits: the ordinary least-squares line of log10(value) against years since 2000-01-01, for each
-- fit_id in fit_points. x = (julianday(date) − julianday('2000-01-01')) / 365.25, y = log10(value);
-- slope = (nΣxy − ΣxΣy) / (nΣx² − (Σx)²), intercept = (Σy − slope·Σx) / n, r² = the squared correlation of x and y,
-- doubling_time_years = log10(2) / slope (negative: a halving time).
CREATE TEMP VIEW least_squares AS  -- the definition; least_squares_fits holds its rows (55_model_trends.sql adds its own)
WITH xy AS (
    SELECT fit_id, family, domain, (julianday(date) - julianday('2000-01-01')) / 365.25 AS x, log10(value) AS y
    FROM fit_points
),
sums AS (
    SELECT fit_id, family, domain, count(*) AS n, sum(x) AS sx, sum(y) AS sy, sum(x * x) AS sxx, sum(x * y) AS sxy, sum(y * y) AS syy
    FROM xy GROUP BY fit_id, family, domain
),
fit AS (
    SELECT *, (n * sxy - sx * sy) / nullif(n * sxx - sx * sx, 0) AS slope FROM sums
)
SELECT fit_id, family, domain, n AS n_points, slope AS slope_log10_per_year, (sy - slope * sx) / n AS intercept_log10,
    '2000-01-01' AS reference_date,
    (n * sxy - sx * sy) * (n * sxy - sx * sy) / nullif((n * sxx - sx * sx) * (n * syy - sy * sy), 0) AS r_squared,
    log10(2) / nullif(slope, 0) AS doubling_time_years
FROM fit;
CREATE TABLE least_squares_fits (
    fit_id TEXT PRIMARY KEY NOT NULL, family TEXT NOT NULL, domain TEXT NOT NULL, n_points INTEGER NOT NULL, slope_log10_per_year REAL,
    intercept_log10 REAL, reference_date TEXT NOT NULL, r_squared REAL, doubling_time_years REAL
);
INSERT INTO least_squares_fits SELECT * FROM least_squares ORDER BY fit_id;
