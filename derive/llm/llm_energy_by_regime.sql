-- llm_energy_by_regime: one row per model, GPU and meter: the measured joules per output token and per request, and
-- their ratio to the method's bound, in three regimes side by side, never averaged together: at small batches (the
-- configuration with the lowest joules per token among those with a maximum batch size of 1 to 8, ML.ENERGY's smallest;
-- empty where none was measured, as for MLPerf, which states no batch size), at the median over every configuration of
-- the pair (tasks, GPU counts and batch sizes alike), and at the best (the lowest joules per token of any configuration).
-- Each regime names its configuration (measurement_key) and its maximum batch size. Every configuration is counted once:
-- an MLPerf row that repeats another at a second accuracy target (same_measurement_as) is left out. epoch_model, Epoch
-- AI's name of the model (llm_models), puts a model that two sources name differently side by side (ML.ENERGY's
-- Llama 3.1 8B Instruct on B200 and MLPerf v5.1's Llama 3.1-8B on 8×B200 are both Llama 3.1-8B).
CREATE TABLE llm_energy_by_regime (
    model TEXT NOT NULL, gpu TEXT NOT NULL, meter_scope TEXT NOT NULL, source_id TEXT NOT NULL, epoch_model TEXT,
    n_configurations INTEGER NOT NULL, bound_joules_per_token REAL,
    batch_1_8_joules_per_token REAL, batch_1_8_wh_per_request REAL, batch_1_8_ratio_to_bound REAL, batch_1_8_max_batch_size INTEGER,
    batch_1_8_measurement_key TEXT,
    median_joules_per_token REAL, median_ratio_to_bound REAL,
    best_joules_per_token REAL, best_wh_per_request REAL, best_ratio_to_bound REAL, best_max_batch_size INTEGER,
    best_measurement_key TEXT, batch_1_8_over_best_ratio REAL,
    PRIMARY KEY (model, gpu, meter_scope)
);
INSERT INTO llm_energy_by_regime
WITH c AS (
    SELECT r.measurement_key, r.model, r.gpu, r.meter_scope, r.source_id, r.max_batch_size, i.joules_per_token,
        r.measured_wh_per_request, r.bound_output_only_joules_per_request / r.output_tokens_per_request AS bound_per_token,
        e.bound_joules_per_token, e.ratio_to_bound
    FROM llm_energy_per_request r
    JOIN inference_measurements_llm i USING (measurement_key)
    JOIN (SELECT DISTINCT measurement_key, bound_joules_per_token, ratio_to_bound FROM llm_energy_estimates_vs_measured) e USING (measurement_key)
    WHERE r.same_measurement_as IS NULL AND i.joules_per_token IS NOT NULL
),
ranked AS (
    SELECT c.*, row_number() OVER (PARTITION BY model, gpu, meter_scope ORDER BY joules_per_token, measurement_key) AS i,
        count(*) OVER (PARTITION BY model, gpu, meter_scope) AS n,
        row_number() OVER (PARTITION BY model, gpu, meter_scope, max_batch_size BETWEEN 1 AND 8 ORDER BY joules_per_token, measurement_key) AS small_i
    FROM c
),
pair AS (
    SELECT model, gpu, meter_scope, min(source_id) AS source_id, count(*) AS n, max(bound_joules_per_token) AS bound,
        avg(CASE WHEN i IN ((n + 1) / 2, (n + 2) / 2) THEN joules_per_token END) AS median_joules
    FROM ranked GROUP BY model, gpu, meter_scope
)
SELECT p.model, p.gpu, p.meter_scope, p.source_id, l.epoch_model, p.n, p.bound,
    s.joules_per_token, s.measured_wh_per_request, s.ratio_to_bound, s.max_batch_size, s.measurement_key,
    p.median_joules, p.median_joules / p.bound,
    b.joules_per_token, b.measured_wh_per_request, b.ratio_to_bound, b.max_batch_size, b.measurement_key,
    s.joules_per_token / b.joules_per_token
FROM pair p
JOIN ranked b ON b.model = p.model AND b.gpu = p.gpu AND b.meter_scope = p.meter_scope AND b.i = 1
LEFT JOIN ranked s ON s.model = p.model AND s.gpu = p.gpu AND s.meter_scope = p.meter_scope AND s.small_i = 1
    AND s.max_batch_size BETWEEN 1 AND 8
LEFT JOIN llm_models l ON l.model = p.model
ORDER BY p.model, p.gpu;
CREATE INDEX llm_energy_by_regime_gpu ON llm_energy_by_regime (gpu);
CREATE INDEX llm_energy_by_regime_epoch_model ON llm_energy_by_regime (epoch_model);
CREATE INDEX llm_energy_by_regime_best_ratio_to_bound ON llm_energy_by_regime (best_ratio_to_bound);
CREATE INDEX llm_energy_by_regime_meter_scope ON llm_energy_by_regime (meter_scope);
CREATE INDEX llm_energy_by_regime_source_id ON llm_energy_by_regime (source_id);
-- the site's facets of the curated table of disclosed figures, shown beside these relations
CREATE INDEX disclosed_query_energy_provider ON disclosed_query_energy (provider);
CREATE INDEX disclosed_query_energy_boundary ON disclosed_query_energy (boundary);
