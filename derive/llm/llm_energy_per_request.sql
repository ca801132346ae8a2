-- llm_energy_per_request: what one request (one answer) costs, per measured LLM configuration: input and output tokens
-- per request, the measured joules and watt-hours per request, and the method's bound per request counted two ways:
-- output only, 2 × active parameters × output tokens / peak GFLOPS/W (the per-token bound of llm_energy_estimates_vs_measured
-- times the output tokens), and with the prompt, 2 × active parameters × (input + output tokens) / peak GFLOPS/W, since
-- the prefill of the prompt costs about 2 FLOPs per parameter per input token too (Kaplan et al. 2020, §2.1) and the
-- measured energy includes it. Each ratio is measured / bound; the ratio with the prompt is the smaller, and the gap
-- shows how much the output-only ratio overstates. Output tokens per request: ML.ENERGY's avg_output_len of the
-- configuration; MLPerf v5.1 the row's own TOKENS_PER_SAMPLE (Accuracy cell); else the benchmark's published reference
-- tokens per sample (llm_request_lengths). Input tokens per request from llm_request_lengths, cited, or empty with the
-- reason there (neither benchmark publishes a mean input length), and then the bound with the prompt is empty too.
-- Measured joules per request: ML.ENERGY's own figure; MLPerf's joules per token × output tokens per request.
CREATE TABLE llm_energy_per_request (
    measurement_key TEXT NOT NULL PRIMARY KEY, model TEXT NOT NULL, task TEXT, gpu TEXT NOT NULL, accelerator TEXT,
    num_gpus INTEGER, parallelism TEXT, max_batch_size INTEGER, avg_batch_size REAL, scenario TEXT, weight_precision TEXT,
    meter_scope TEXT NOT NULL, same_measurement_as TEXT, active_params_billions REAL, input_tokens_per_request REAL,
    output_tokens_per_request REAL, output_tokens_how TEXT, measured_joules_per_request REAL, measured_wh_per_request REAL,
    peak_gflops_per_watt REAL, bound_output_only_joules_per_request REAL, bound_with_prompt_joules_per_request REAL,
    ratio_to_bound_output_only REAL, ratio_to_bound_with_prompt REAL, lengths_source_id TEXT, lengths_locator TEXT,
    lengths_notes TEXT, source_id TEXT NOT NULL, locator TEXT NOT NULL
);
INSERT INTO llm_energy_per_request
WITH e AS (SELECT DISTINCT measurement_key, accelerator, gflops_per_token, peak_gflops_per_watt FROM llm_energy_estimates_vs_measured),
m AS (
    SELECT i.*, e.accelerator, e.gflops_per_token, e.peak_gflops_per_watt, l.input_tokens_per_request,
        l.output_tokens_per_request AS documented_output_tokens, l.source_id AS lengths_source_id, l.locator AS lengths_locator,
        l.notes AS lengths_notes
    FROM inference_measurements_llm i
    LEFT JOIN e USING (measurement_key)
    LEFT JOIN llm_request_lengths l ON l.measured_in = i.source_id AND l.task = coalesce(i.task,
        CASE WHEN i.measured_model LIKE '%-99.9' THEN substr(i.measured_model, 1, length(i.measured_model) - 5)
             WHEN i.measured_model LIKE '%-99' THEN substr(i.measured_model, 1, length(i.measured_model) - 3)
             ELSE i.measured_model END)
),
r AS (
    SELECT m.*, coalesce(avg_output_tokens, documented_output_tokens) AS output_tokens,
        CASE WHEN avg_output_tokens IS NOT NULL AND source_id = 'mlenergy-benchmark-v3' THEN 'as measured (ML.ENERGY avg_output_len)'
             WHEN avg_output_tokens IS NOT NULL THEN 'as measured (the row''s TOKENS_PER_SAMPLE, accuracy run)'
             WHEN documented_output_tokens IS NOT NULL THEN 'the benchmark''s reference tokens per sample (llm_request_lengths)' END
            AS output_tokens_how,
        coalesce(joules_per_request, joules_per_token * documented_output_tokens) AS measured_joules
    FROM m
)
SELECT measurement_key, model, task, gpu, accelerator, num_gpus, parallelism, max_batch_size, avg_batch_size, scenario,
    weight_precision, meter_scope, same_measurement_as, gflops_per_token / 2, input_tokens_per_request, output_tokens,
    output_tokens_how, measured_joules, measured_joules / 3600.0, peak_gflops_per_watt,
    gflops_per_token * output_tokens / peak_gflops_per_watt,
    gflops_per_token * (input_tokens_per_request + output_tokens) / peak_gflops_per_watt,
    measured_joules / (gflops_per_token * output_tokens / peak_gflops_per_watt),
    measured_joules / (gflops_per_token * (input_tokens_per_request + output_tokens) / peak_gflops_per_watt),
    lengths_source_id, lengths_locator, lengths_notes, source_id, locator
FROM r
ORDER BY measurement_key;
CREATE INDEX llm_energy_per_request_model ON llm_energy_per_request (model);
CREATE INDEX llm_energy_per_request_gpu ON llm_energy_per_request (gpu);
CREATE INDEX llm_energy_per_request_task ON llm_energy_per_request (task);
CREATE INDEX llm_energy_per_request_measured_wh_per_request ON llm_energy_per_request (measured_wh_per_request, measurement_key);
CREATE INDEX llm_energy_per_request_max_batch_size ON llm_energy_per_request (max_batch_size);
CREATE INDEX llm_energy_per_request_weight_precision ON llm_energy_per_request (weight_precision);
CREATE INDEX llm_energy_per_request_meter_scope ON llm_energy_per_request (meter_scope);
