-- llm_energy_bound_summary: how far above the peak-efficiency bound real LLM serving runs, per GPU, batch size and
-- weight precision: over the configurations of llm_energy_estimates_vs_measured that have a bound (each counted once,
-- whatever the fit), the number of configurations and models and the lowest, median and highest ratio_to_bound
-- (measured joules per token / the bound). MLPerf's rows have no batch size (max_batch_size empty) and a meter that
-- covers the whole system. An MLPerf row that repeats another at a second accuracy target (same_measurement_as) is
-- one measurement, counted once.
CREATE TABLE llm_energy_bound_summary (
    gpu TEXT NOT NULL, max_batch_size INTEGER, weight_precision TEXT, meter_scope TEXT NOT NULL, n_configurations INTEGER NOT NULL,
    n_models INTEGER NOT NULL, min_ratio_to_bound REAL, median_ratio_to_bound REAL, max_ratio_to_bound REAL
);
INSERT INTO llm_energy_bound_summary
WITH c AS (
    SELECT DISTINCT measurement_key, model, gpu, max_batch_size, weight_precision, meter_scope, ratio_to_bound
    FROM llm_energy_estimates_vs_measured WHERE ratio_to_bound IS NOT NULL AND same_measurement_as IS NULL
),
r AS (
    SELECT c.*, row_number() OVER w AS i, count(*) OVER (PARTITION BY gpu, max_batch_size, weight_precision) AS n
    FROM c WINDOW w AS (PARTITION BY gpu, max_batch_size, weight_precision ORDER BY ratio_to_bound)
)
SELECT gpu, max_batch_size, weight_precision, meter_scope, count(*), count(DISTINCT model), min(ratio_to_bound),
    avg(CASE WHEN i IN ((n + 1) / 2, (n + 2) / 2) THEN ratio_to_bound END), max(ratio_to_bound)
FROM r
GROUP BY gpu, max_batch_size, weight_precision, meter_scope
ORDER BY gpu, max_batch_size, weight_precision;
CREATE INDEX llm_energy_bound_summary_gpu ON llm_energy_bound_summary (gpu);
CREATE INDEX llm_energy_bound_summary_weight_precision ON llm_energy_bound_summary (weight_precision);
CREATE INDEX llm_energy_bound_summary_max_batch_size ON llm_energy_bound_summary (max_batch_size);
