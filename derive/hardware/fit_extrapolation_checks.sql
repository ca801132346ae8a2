-- fit_extrapolation_checks: an out-of-sample test of the paper's forecast. For every accelerator released after the
-- last point of the paper's fits (the newest date in fit_points of desislavov2023-cv/-nlp) with a GFLOPS/W at FP32,
-- BF16/FP16 tensor or FP8 in accelerator_efficiency (its preferred rows), and for each of the paper's two fits: the
-- fit's GFLOPS/W at the accelerator's release date, 10^(intercept_log10 + slope_log10_per_year × years since
-- reference_date), beside the accelerator's actual FP32, tensor and FP8 GFLOPS/W, and actual / fitted for each
-- (1: on the paper's line; above 1: more efficient than the paper forecast).
CREATE TABLE fit_extrapolation_checks (
    accelerator TEXT NOT NULL,
    vendor TEXT,
    accelerator_type TEXT,
    release_date TEXT NOT NULL,
    fit_id TEXT NOT NULL,
    years_after_last_point REAL NOT NULL,
    fitted_gflops_per_watt REAL NOT NULL,
    fp32_gflops_per_watt REAL,
    tensor_gflops_per_watt REAL,
    fp8_gflops_per_watt REAL,
    fp32_ratio REAL,
    tensor_ratio REAL,
    fp8_ratio REAL,
    PRIMARY KEY (accelerator, fit_id)
);
INSERT INTO fit_extrapolation_checks
WITH paper AS (
    SELECT f.*, (SELECT max(date) FROM hardware_fit_points p WHERE p.fit_id LIKE 'desislavov2023-%') AS last_point
    FROM efficiency_fits f WHERE f.fit_id LIKE 'desislavov2023-%'
),
actual AS (
    SELECT accelerator, min(vendor) AS vendor, min(accelerator_type) AS accelerator_type, min(release_date) AS release_date,
        max(CASE precision WHEN 'FP32' THEN gflops_per_watt END) AS fp32,
        max(CASE precision WHEN 'BF16/FP16 tensor' THEN gflops_per_watt END) AS tensor,
        max(CASE precision WHEN 'FP8' THEN gflops_per_watt END) AS fp8
    FROM accelerator_efficiency
    WHERE is_preferred = 1 AND precision IN ('FP32', 'BF16/FP16 tensor', 'FP8') AND release_date IS NOT NULL
    GROUP BY accelerator
),
fitted AS (
    SELECT a.*, p.fit_id, (julianday(a.release_date) - julianday(p.last_point)) / 365.25 AS years_after,
        fitted_value(p.intercept_log10, p.slope_log10_per_year, p.reference_date, a.release_date) AS fitted
    FROM actual a JOIN paper p ON a.release_date > p.last_point
)
SELECT accelerator, vendor, accelerator_type, release_date, fit_id, years_after, fitted, fp32, tensor, fp8,
    fp32 / fitted, tensor / fitted, fp8 / fitted
FROM fitted
ORDER BY release_date, accelerator, fit_id;
CREATE INDEX fit_extrapolation_checks_release_date ON fit_extrapolation_checks (release_date, accelerator, fit_id);
CREATE INDEX fit_extrapolation_checks_fit_id ON fit_extrapolation_checks (fit_id);
CREATE INDEX fit_extrapolation_checks_vendor ON fit_extrapolation_checks (vendor);
CREATE INDEX fit_extrapolation_checks_accelerator_type ON fit_extrapolation_checks (accelerator_type);
