-- inference_measurements_llm: every measured LLM serving configuration, as measured. ML.ENERGY benchmark v3 (838 rows,
-- H100 and B200): energy of the GPUs only (NVML counters; CPU, memory, network and cooling not included), over the
-- run's steady-state window; joules_per_token is ML.ENERGY's own figure. MLPerf Inference v4.1 (the Tokens/s results
-- with a power result, 8×H200): mean wall power of the whole system under test through a power analyzer, over the
-- performance phase only (MLPerf Inference Power Measurement Rules: Definitions; Power is measured in performance
-- phase; source mlperf-power-rules), and joules_per_token = Power_Result W / Performance_Result tokens/s. The two
-- meters differ: an MLPerf figure includes the host, an ML.ENERGY figure does not.
CREATE TABLE inference_measurements_llm (
    measurement_key TEXT NOT NULL PRIMARY KEY, source_id TEXT NOT NULL, locator TEXT NOT NULL, task TEXT, model TEXT NOT NULL,
    measured_model TEXT NOT NULL, gpu TEXT NOT NULL, num_gpus INTEGER, tensor_parallel INTEGER, expert_parallel INTEGER,
    data_parallel INTEGER, max_batch_size INTEGER, avg_batch_size REAL, scenario TEXT, weight_precision TEXT,
    avg_output_tokens REAL, power_watts REAL, joules_per_token REAL, joules_per_request REAL, output_tokens_per_s REAL,
    median_itl_ms REAL, p90_itl_ms REAL, p95_itl_ms REAL, p99_itl_ms REAL, meter_scope TEXT NOT NULL, joules_how TEXT NOT NULL
);
INSERT INTO inference_measurements_llm
SELECT 'mlenergy:' || c.upstream_line, 'mlenergy-benchmark-v3', resource_path('mlenergy_llm_configurations') || ':' || c.upstream_line,
    c.task, c.nickname, c.model_id, c.gpu_model, c.num_gpus, c.tensor_parallel, c.expert_parallel, c.data_parallel,
    c.max_num_seqs, c.avg_batch_size, NULL, c.weight_precision, c.avg_output_len, c.avg_power_watts,
    c.energy_per_token_joules, c.energy_per_request_joules, c.output_throughput_tokens_per_sec,
    c.median_itl_ms, c.p90_itl_ms, c.p95_itl_ms, c.p99_itl_ms,
    'GPUs only (NVML), steady-state window', 'as published'
FROM mlenergy_llm_configurations c
UNION ALL
SELECT 'mlperf:' || p.upstream_line, 'mlperf-inference-v4-1', resource_path('mlperf_inference_power') || ':' || p.upstream_line,
    NULL, coalesce((SELECT k.epoch_model FROM llm_model_links k WHERE k.measured_model = p."Model"), p."Model"), p."Model",
    p."Accelerator", CAST(p."a#" AS INTEGER), NULL, NULL, NULL, NULL, NULL, p."Scenario", p.weight_data_types, NULL,
    p."Power_Result", p."Power_Result" / p."Performance_Result", NULL, p."Performance_Result", NULL, NULL, NULL, NULL,
    'whole system at the wall (power analyzer), performance phase', 'Power_Result / Performance_Result'
FROM mlperf_inference_power p
WHERE p."Performance_Units" = 'Tokens/s' AND p."Power_Units" = 'Watts'
ORDER BY 1;
CREATE INDEX inference_measurements_llm_model ON inference_measurements_llm (model);
CREATE INDEX inference_measurements_llm_gpu ON inference_measurements_llm (gpu);
CREATE INDEX inference_measurements_llm_task ON inference_measurements_llm (task);
CREATE INDEX inference_measurements_llm_source_id ON inference_measurements_llm (source_id);
CREATE INDEX inference_measurements_llm_max_batch_size ON inference_measurements_llm (max_batch_size);
CREATE INDEX inference_measurements_llm_joules_per_token ON inference_measurements_llm (joules_per_token);
CREATE INDEX inference_measurements_llm_weight_precision ON inference_measurements_llm (weight_precision);
-- the site's facets of the tables this file reads
CREATE INDEX mlenergy_llm_configurations_task ON mlenergy_llm_configurations (task);
CREATE INDEX mlenergy_llm_configurations_gpu_model ON mlenergy_llm_configurations (gpu_model);
CREATE INDEX mlenergy_llm_configurations_weight_precision ON mlenergy_llm_configurations (weight_precision);
CREATE INDEX mlperf_inference_power_model ON mlperf_inference_power ("Model");
CREATE INDEX mlperf_inference_power_scenario ON mlperf_inference_power ("Scenario");
CREATE INDEX mlperf_inference_power_accelerator ON mlperf_inference_power ("Accelerator");
