-- inference_measurements_llm: every measured LLM serving configuration, as measured, with its regime. ML.ENERGY benchmark
-- v3 (838 rows, H100 and B200): energy of the GPUs only (NVML counters; CPU, memory, network and cooling not included),
-- over the run's steady-state window; joules_per_token is ML.ENERGY's own figure. MLPerf Inference v4.1 (8×H200) and
-- v5.1 (8×B200), the Tokens/s results with a power result: mean wall power of the whole system under test through a
-- power analyzer, over the performance phase only (MLPerf Inference Power Measurement Rules: Definitions; Power is
-- measured in performance phase; source mlperf-power-rules), and joules_per_token = Power_Result W / Performance_Result
-- tokens/s. The two meters differ: an MLPerf figure includes the host, an ML.ENERGY figure does not.
-- The regime of every row: batch size (ML.ENERGY's max_num_seqs and the average over the window; MLPerf states none),
-- GPU count, parallelism (tensor × expert × data parallel degrees, as text) and meter_scope. ML.ENERGY's "H100" is read
-- as the H100 SXM5 80GB at 700 W (accelerator_aliases; the PCIe card is 350 W).
-- MLPerf runs one benchmark at two accuracy targets (llama2-70b-99 and -99.9: 99 % and 99.9 % of the reference model's
-- accuracy). Where a submitter reports the same run for both (the same system, scenario, tokens/s and watts), both rows
-- are kept and the -99.9 row names the -99 row in same_measurement_as: summaries and the estimators count it once.
CREATE TABLE inference_measurements_llm (
    measurement_key TEXT NOT NULL PRIMARY KEY, source_id TEXT NOT NULL, locator TEXT NOT NULL, task TEXT, model TEXT NOT NULL,
    measured_model TEXT NOT NULL, gpu TEXT NOT NULL, num_gpus INTEGER, tensor_parallel INTEGER, expert_parallel INTEGER,
    data_parallel INTEGER, parallelism TEXT, max_batch_size INTEGER, avg_batch_size REAL, scenario TEXT, weight_precision TEXT,
    accuracy_target_percent REAL, same_measurement_as TEXT,
    avg_output_tokens REAL, power_watts REAL, joules_per_token REAL, joules_per_request REAL, output_tokens_per_s REAL,
    median_itl_ms REAL, p90_itl_ms REAL, p95_itl_ms REAL, p99_itl_ms REAL, meter_scope TEXT NOT NULL, joules_how TEXT NOT NULL
);
INSERT INTO inference_measurements_llm
WITH mlperf AS (  -- the Tokens/s results of both rounds, in the columns the two files share
    SELECT 'mlperf:' || upstream_line AS measurement_key, 'mlperf-inference-v4-1' AS source_id,
        resource_path('mlperf_inference_power') || ':' || upstream_line AS locator, "System" AS system, "Model" AS measured_model,
        "Scenario" AS scenario, "Accelerator" AS gpu, CAST("a#" AS INTEGER) AS num_gpus, weight_data_types,
        "Power_Result" AS power, "Performance_Result" AS performance, NULL AS output_tokens
    FROM mlperf_inference_power WHERE "Performance_Units" = 'Tokens/s' AND "Power_Units" = 'Watts'
    UNION ALL
    SELECT 'mlperf-v5-1:' || upstream_line, 'mlperf-inference-v5-1',
        resource_path('mlperf_inference_v5_1_power') || ':' || upstream_line, "System", "Model", "Scenario", "Accelerator",
        "a#", weight_data_types, "Power_Result", "Performance_Result",
        -- the accuracy run's mean output tokens per sample, where the Accuracy cell states it
        CASE WHEN instr("Accuracy", 'TOKENS_PER_SAMPLE: ') > 0
             THEN CAST(substr("Accuracy", instr("Accuracy", 'TOKENS_PER_SAMPLE: ') + 19) AS REAL) END
    FROM mlperf_inference_v5_1_power WHERE "Performance_Units" = 'Tokens/s' AND "Power_Units" = 'Watts'
),
targeted AS (
    SELECT m.*,
        CASE WHEN measured_model LIKE '%-99.9' THEN 99.9 WHEN measured_model LIKE '%-99' THEN 99.0 END AS accuracy_target_percent,
        CASE WHEN measured_model LIKE '%-99.9' THEN substr(measured_model, 1, length(measured_model) - 5)
             WHEN measured_model LIKE '%-99' THEN substr(measured_model, 1, length(measured_model) - 3) END AS benchmark
    FROM mlperf m
)
SELECT 'mlenergy:' || c.upstream_line, 'mlenergy-benchmark-v3', resource_path('mlenergy_llm_configurations') || ':' || c.upstream_line,
    c.task, c.nickname, c.model_id, c.gpu_model, c.num_gpus, c.tensor_parallel, c.expert_parallel, c.data_parallel,
    'TP' || c.tensor_parallel || ' EP' || c.expert_parallel || ' DP' || c.data_parallel,
    c.max_num_seqs, c.avg_batch_size, NULL, c.weight_precision, NULL, NULL, c.avg_output_len, c.avg_power_watts,
    c.energy_per_token_joules, c.energy_per_request_joules, c.output_throughput_tokens_per_sec,
    c.median_itl_ms, c.p90_itl_ms, c.p95_itl_ms, c.p99_itl_ms,
    'GPUs only (NVML), steady-state window', 'as published'
FROM mlenergy_llm_configurations c
UNION ALL
SELECT t.measurement_key, t.source_id, t.locator, NULL,
    coalesce((SELECT k.epoch_model FROM llm_model_links k WHERE k.measured_model = t.measured_model), t.measured_model),
    t.measured_model, t.gpu, t.num_gpus, NULL, NULL, NULL, NULL, NULL, NULL, t.scenario, t.weight_data_types,
    t.accuracy_target_percent,
    (SELECT d.measurement_key FROM targeted d
     WHERE t.accuracy_target_percent = 99.9 AND d.accuracy_target_percent = 99.0 AND d.source_id = t.source_id
       AND d.benchmark = t.benchmark AND d.system = t.system AND d.scenario = t.scenario
       AND d.performance = t.performance AND d.power = t.power),
    t.output_tokens, t.power, t.power / t.performance, t.power / t.performance * t.output_tokens, t.performance,
    NULL, NULL, NULL, NULL,
    'whole system at the wall (power analyzer), performance phase', 'Power_Result / Performance_Result'
FROM targeted t
ORDER BY 1;
CREATE INDEX inference_measurements_llm_model ON inference_measurements_llm (model);
CREATE INDEX inference_measurements_llm_gpu ON inference_measurements_llm (gpu);
CREATE INDEX inference_measurements_llm_task ON inference_measurements_llm (task);
CREATE INDEX inference_measurements_llm_source_id ON inference_measurements_llm (source_id);
CREATE INDEX inference_measurements_llm_max_batch_size ON inference_measurements_llm (max_batch_size);
CREATE INDEX inference_measurements_llm_joules_per_token ON inference_measurements_llm (joules_per_token, measurement_key);
CREATE INDEX inference_measurements_llm_weight_precision ON inference_measurements_llm (weight_precision);
CREATE INDEX inference_measurements_llm_same_measurement_as ON inference_measurements_llm (same_measurement_as);
-- the site's facets of the tables this file reads
CREATE INDEX mlenergy_llm_configurations_task ON mlenergy_llm_configurations (task);
CREATE INDEX mlenergy_llm_configurations_gpu_model ON mlenergy_llm_configurations (gpu_model);
CREATE INDEX mlenergy_llm_configurations_weight_precision ON mlenergy_llm_configurations (weight_precision);
CREATE INDEX mlperf_inference_power_model ON mlperf_inference_power ("Model");
CREATE INDEX mlperf_inference_power_scenario ON mlperf_inference_power ("Scenario");
CREATE INDEX mlperf_inference_power_accelerator ON mlperf_inference_power ("Accelerator");
CREATE INDEX mlperf_inference_v5_1_power_model ON mlperf_inference_v5_1_power ("Model");
CREATE INDEX mlperf_inference_v5_1_power_scenario ON mlperf_inference_v5_1_power ("Scenario");
CREATE INDEX mlperf_inference_v5_1_power_accelerator ON mlperf_inference_v5_1_power ("Accelerator");
