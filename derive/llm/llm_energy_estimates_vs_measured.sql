-- llm_energy_estimates_vs_measured: the paper's method against the meter for LLMs (a modern Table K.10). For every
-- measured LLM configuration of inference_measurements_llm: (a) the bound, gflops_per_token (llm_inference_flops) / the
-- GPU's peak GFLOPS/W at the model's weight precision (accelerator_efficiency, preferred row; bfloat16 and fp16 read as
-- 'BF16/FP16 tensor', fp8 as 'FP8', mxfp4 and fp4 as 'FP4'; empty where the GPU has no peak at that precision, e.g. FP4 on the
-- H100): the energy if the GPU ran at its peak throughput and drew its TDP; (b) the estimate, gflops_per_token / a
-- fit's GFLOPS/W at the GPU's release date (10^(intercept_log10 + slope_log10_per_year × years since reference_date)),
-- one row per fit: the paper's language fits (efficiency_fits of domain nlp, fit_precision empty) and the hardware fit
-- whose points are all at the weights' precision (domain hardware, e.g. accelerators-2010-2026-bf16-fp16-tensor;
-- fit_precision says which); (c) the measured joules per token as published; and ratio_to_bound = measured / bound,
-- ratio_to_estimate = measured / estimate. The GPU's name is read through accelerator_aliases (the source's own alias
-- rows). The bound and estimate are per token whatever the GPU count (energy = work / efficiency); ML.ENERGY's meter
-- covers the GPUs only, MLPerf's the whole system (meter_scope), so MLPerf's ratios also carry the host. The regime
-- columns (parallelism, max and average batch size, same_measurement_as) are inference_measurements_llm's; per request,
-- with the prompt counted, see llm_energy_per_request.
CREATE TABLE llm_energy_estimates_vs_measured (
    measurement_key TEXT NOT NULL, fit_id TEXT NOT NULL, fit_precision TEXT, model TEXT NOT NULL, task TEXT, gpu TEXT NOT NULL,
    accelerator TEXT, num_gpus INTEGER, parallelism TEXT, max_batch_size INTEGER, avg_batch_size REAL, scenario TEXT,
    weight_precision TEXT, same_measurement_as TEXT,
    efficiency_precision TEXT, gflops_per_token REAL, peak_gflops_per_watt REAL, bound_joules_per_token REAL,
    accelerator_release_date TEXT, fitted_gflops_per_watt REAL, estimated_joules_per_token REAL,
    measured_joules_per_token REAL, ratio_to_bound REAL, ratio_to_estimate REAL, meter_scope TEXT NOT NULL,
    source_id TEXT NOT NULL, locator TEXT NOT NULL, efficiency_source_id TEXT, efficiency_locator TEXT,
    PRIMARY KEY (measurement_key, fit_id)
);
INSERT INTO llm_energy_estimates_vs_measured
WITH m AS (
    SELECT i.*, a.accelerator,
        CASE lower(i.weight_precision) WHEN 'bfloat16' THEN 'BF16/FP16 tensor' WHEN 'fp16' THEN 'BF16/FP16 tensor'
             WHEN 'fp8' THEN 'FP8' WHEN 'mxfp4' THEN 'FP4' WHEN 'fp4' THEN 'FP4' END AS efficiency_precision,
        f.gflops_per_token
    FROM inference_measurements_llm i
    LEFT JOIN accelerator_aliases a ON a.alias = i.gpu AND a.source_id = i.source_id
    LEFT JOIN llm_inference_flops f ON f.model = i.model
),
b AS (
    SELECT m.*, e.gflops_per_watt AS peak_gflops_per_watt, e.source_id AS efficiency_source_id, e.locator AS efficiency_locator,
        (SELECT min(x.release_date) FROM accelerator_efficiency x WHERE x.accelerator = m.accelerator) AS release_date
    FROM m LEFT JOIN accelerator_efficiency e  -- +: look rows up by accelerator and precision, not by the flag (half the table)
        ON e.accelerator = m.accelerator AND e.precision = m.efficiency_precision AND +e.is_preferred = 1
),
fit_precision AS (  -- a hardware fit's precision: the one every point of it is at (its items end in ' ' || precision)
    SELECT f.fit_id, v.precision FROM efficiency_fits f, (SELECT DISTINCT precision FROM accelerator_efficiency) v
    WHERE f.domain = 'hardware' AND NOT EXISTS (
        SELECT 1 FROM hardware_fit_points p WHERE p.fit_id = f.fit_id AND substr(p.item, -length(v.precision) - 1) != ' ' || v.precision)
),
fits AS (
    SELECT f.*, p.precision AS fit_precision FROM efficiency_fits f LEFT JOIN fit_precision p USING (fit_id)
    WHERE f.domain = 'nlp' OR p.precision IS NOT NULL
),
fitted AS (
    SELECT b.*, fit.fit_id, fit.fit_precision,
        fitted_value(fit.intercept_log10, fit.slope_log10_per_year, fit.reference_date, b.release_date)
            AS fitted_gflops_per_watt
    FROM b JOIN fits fit ON fit.fit_precision IS NULL OR fit.fit_precision = b.efficiency_precision
)
SELECT measurement_key, fit_id, fit_precision, model, task, gpu, accelerator, num_gpus, parallelism, max_batch_size, avg_batch_size,
    scenario, weight_precision, same_measurement_as,
    efficiency_precision, gflops_per_token, peak_gflops_per_watt, gflops_per_token / peak_gflops_per_watt,
    release_date, fitted_gflops_per_watt, gflops_per_token / fitted_gflops_per_watt, joules_per_token,
    joules_per_token / (gflops_per_token / peak_gflops_per_watt), joules_per_token / (gflops_per_token / fitted_gflops_per_watt),
    meter_scope, source_id, locator, efficiency_source_id, efficiency_locator
FROM fitted
ORDER BY measurement_key, fit_id;
CREATE INDEX llm_energy_estimates_vs_measured_fit_id ON llm_energy_estimates_vs_measured (fit_id);
CREATE INDEX llm_energy_estimates_vs_measured_gpu ON llm_energy_estimates_vs_measured (gpu);
CREATE INDEX llm_energy_estimates_vs_measured_model ON llm_energy_estimates_vs_measured (model);
CREATE INDEX llm_energy_estimates_vs_measured_max_batch_size ON llm_energy_estimates_vs_measured (max_batch_size);
CREATE INDEX llm_energy_estimates_vs_measured_ratio_to_bound ON llm_energy_estimates_vs_measured (ratio_to_bound);
CREATE INDEX llm_energy_estimates_vs_measured_weight_precision ON llm_energy_estimates_vs_measured (weight_precision);
CREATE INDEX llm_energy_estimates_vs_measured_meter_scope ON llm_energy_estimates_vs_measured (meter_scope);
