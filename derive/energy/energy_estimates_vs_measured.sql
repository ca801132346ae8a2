-- energy_estimates_vs_measured: every measured energy (Tables K.10, K.11, L.13, and this project's own meter,
-- forward_pass_meter_energy: the modern Table K.10) beside the method's estimate.
-- measured_joules: as measured (NVML), or power_watts / throughput_per_s where the source gives those.
-- estimated_joules: the model's GFLOPs / the CV fit's GFLOPS-per-watt at the hardware's date (a GPU's launch_date;
-- for an edge system, 1 July of its launch_year), as the paper's Appendix K does. ratio = measured / estimated.
CREATE TABLE energy_estimates_vs_measured (
    measurement_id TEXT NOT NULL, model TEXT, model_id TEXT, system TEXT, gpu TEXT, precision TEXT, hardware_date TEXT,
    measurement_method TEXT, measured_joules REAL, measured_how TEXT, fit_id TEXT NOT NULL, estimated_joules REAL,
    ratio REAL, published_joules REAL, published_estimated_joules REAL, source_id TEXT,
    PRIMARY KEY (measurement_id, fit_id)
);
INSERT INTO energy_estimates_vs_measured
WITH m AS (
    SELECT e.*, coalesce(e.measured_joules, e.power_watts / e.throughput_per_s) AS measured,
        CASE WHEN e.measured_joules IS NOT NULL THEN 'measured' ELSE 'power_watts / throughput_per_s' END AS measured_how,
        coalesce((SELECT min(g.launch_date) FROM gpu_specs g WHERE g.gpu = e.gpu), e.launch_year || '-07-01') AS hardware_date
    FROM (
        SELECT measurement_id, model_id, system, gpu, precision, launch_year, measured_joules, throughput_per_s, power_watts,
            measurement_method, published_joules, published_estimated_joules, source_id
        FROM energy_measurements
        UNION ALL  -- the harness's runs: whole-board energy per image, as NVML measured K.10's
        SELECT run_id, model_id, gpu_name, gpu, precision, NULL, joules_per_image, NULL, NULL,
            'NVML total-energy counter (measure/)', NULL, NULL, source_id
        FROM forward_pass_meter_energy
    ) e
)
SELECT m.measurement_id, c.model, m.model_id, m.system, m.gpu, m.precision, m.hardware_date, m.measurement_method,
    m.measured AS measured_joules, m.measured_how, f.fit_id,
    c.gflops / fitted_value(f.intercept_log10, f.slope_log10_per_year, f.reference_date, m.hardware_date)
        AS estimated_joules,
    m.measured / (c.gflops / fitted_value(f.intercept_log10, f.slope_log10_per_year, f.reference_date, m.hardware_date))
        AS ratio,
    m.published_joules, m.published_estimated_joules, m.source_id
FROM m
JOIN cv_models c ON c.model_id = m.model_id
JOIN efficiency_fits f ON f.domain = 'cv';
-- a model's rows by model_id, as the canned queries look them up
CREATE INDEX energy_estimates_vs_measured_model_id ON energy_estimates_vs_measured (model_id);
