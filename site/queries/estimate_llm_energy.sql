WITH input AS (
    SELECT trim(coalesce(:model, '')) AS model, trim(coalesce(:gpu, '')) AS gpu,
        trim(coalesce(:output_tokens, '')) AS output_tokens, trim(coalesce(:grid_gco2e_per_kwh, '')) AS grid,
        trim(coalesce(:region, '')) AS region, trim(coalesce(:year, '')) AS year
),
-- a plain number is JSON's number syntax: 1000000, 1e6, 0.5; never 1,000,000, abc or blank (as estimate_inference_energy)
numbers AS (
    SELECT CASE WHEN json_valid(output_tokens) AND json_type(output_tokens) IN ('integer', 'real') THEN CAST(output_tokens AS REAL) END AS output_tokens,
        CASE WHEN json_valid(grid) AND json_type(grid) IN ('integer', 'real') THEN CAST(grid AS REAL) END AS grid,
        CASE WHEN year GLOB '[0-9][0-9][0-9][0-9]' THEN CAST(year AS INTEGER) END AS year
    FROM input
),
model AS (
    SELECT DISTINCT i.model FROM inference_measurements_llm i LEFT JOIN llm_models l ON l.model = i.model, input p
    WHERE lower(i.model) = lower(p.model) OR lower(i.measured_model) = lower(p.model) OR lower(l.hf_id) = lower(p.model)
),
gpu AS (
    SELECT DISTINCT i.gpu FROM inference_measurements_llm i LEFT JOIN accelerator_aliases a ON a.alias = i.gpu, input p
    WHERE lower(i.gpu) = lower(p.gpu) OR lower(a.accelerator) = lower(p.gpu)
),
runs AS (SELECT * FROM inference_measurements_llm WHERE model IN (SELECT model FROM model) AND gpu IN (SELECT gpu FROM gpu)),
-- include: grid_intensity_ctes
blank AS (SELECT 1 FROM input WHERE model || gpu || output_tokens || grid || region || year = ''),
problems AS (
    SELECT 'Fill in model, gpu and output_tokens (and grid_gco2e_per_kwh or region for CO2e), or open the example on the home page.' AS message
    FROM blank
    UNION ALL
    SELECT message FROM checks WHERE NOT EXISTS (SELECT 1 FROM blank)
),
checks AS (
    SELECT 'model: "' || p.model || '" is not a measured model; give its name in llm_models or its Hugging Face id, e.g. Llama 3.1 8B Instruct (every measured model: /ai_energy/inference_measurements_llm?_facet=model).' AS message
    FROM input p WHERE NOT EXISTS (SELECT 1 FROM model)
    UNION ALL
    SELECT 'gpu: "' || p.gpu || '" is not a measured GPU; accepted: ' || (SELECT group_concat(gpu, ', ') FROM (SELECT DISTINCT gpu FROM inference_measurements_llm ORDER BY gpu)) || '.'
    FROM input p WHERE NOT EXISTS (SELECT 1 FROM gpu)
    UNION ALL
    SELECT (SELECT group_concat(model, ', ') FROM model) || ' was never measured on ' || (SELECT group_concat(gpu, ', ') FROM gpu) || '; it was measured on: '
        || (SELECT group_concat(gpu, ', ') FROM (SELECT DISTINCT gpu FROM inference_measurements_llm WHERE model IN (SELECT model FROM model) ORDER BY gpu)) || '.'
    WHERE EXISTS (SELECT 1 FROM model) AND EXISTS (SELECT 1 FROM gpu) AND NOT EXISTS (SELECT 1 FROM runs)
    UNION ALL
    SELECT 'output_tokens: "' || p.output_tokens || '" is not a plain number above 0; write digits only, e.g. 1000000 or 1e6 (no commas, spaces or units).'
    FROM input p, numbers n WHERE n.output_tokens IS NULL OR NOT (n.output_tokens > 0 AND n.output_tokens < 1e308)
    UNION ALL
    SELECT 'grid_gco2e_per_kwh: "' || p.grid || '" is not a plain number of 0 or more; write digits only, e.g. 400, or leave it empty for no CO2e.'
    FROM input p, numbers n WHERE p.grid != '' AND (n.grid IS NULL OR NOT (n.grid >= 0 AND n.grid < 1e308))
    UNION ALL
    -- include: grid_intensity_problems
),
ranked AS (
    SELECT r.*, row_number() OVER (ORDER BY joules_per_token, measurement_key) AS i, count(*) OVER () AS n FROM runs r
    WHERE joules_per_token IS NOT NULL
),
answer AS (
    SELECT lo.model, lo.gpu, lo.n AS n_configurations, lo.joules_per_token AS lowest_joules_per_token,
        coalesce(lo.task || ', ', '') || coalesce(lo.scenario || ', ', '') || lo.num_gpus || ' GPU(s)'
            || coalesce(', max batch ' || lo.max_batch_size, '') || ' (' || lo.measurement_key || ')' AS lowest_configuration,
        (SELECT avg(joules_per_token) FROM ranked WHERE i IN ((n + 1) / 2, (n + 2) / 2)) AS median_joules_per_token,
        (SELECT max(bound_joules_per_token) FROM llm_energy_estimates_vs_measured e WHERE e.measurement_key = lo.measurement_key) AS bound_joules_per_token,
        n.output_tokens, g.gco2e_per_kwh AS grid_gco2e_per_kwh, lo.meter_scope, g.region AS grid_region, g.basis AS grid_basis,
        g.period AS grid_period, g.source_id AS grid_source_id, g.locator AS grid_locator, g.words AS grid_words
    FROM ranked lo, numbers n, grid g WHERE lo.i = 1 AND NOT EXISTS (SELECT 1 FROM problems)
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS model, NULL AS gpu, NULL AS n_configurations,
    NULL AS lowest_joules_per_token, NULL AS lowest_configuration, NULL AS median_joules_per_token, NULL AS bound_joules_per_token,
    NULL AS output_tokens, NULL AS lowest_kwh, NULL AS median_kwh, NULL AS grid_gco2e_per_kwh, NULL AS lowest_co2e_kg,
    NULL AS median_co2e_kg, NULL AS meter_scope, NULL AS grid_region, NULL AS grid_basis, NULL AS grid_period,
    NULL AS grid_source_id, NULL AS grid_locator
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT printf('%s on %s: %.3g J per token at best (%s), median %.3g J over %d configurations; %.3g kWh for %.3g tokens at best',
        model, gpu, lowest_joules_per_token, lowest_configuration, median_joules_per_token, n_configurations,
        lowest_joules_per_token * output_tokens / 3600000.0, output_tokens)
        || CASE WHEN grid_gco2e_per_kwh IS NULL THEN '; no CO2e without grid_gco2e_per_kwh or region.'
                ELSE printf(', %.3g kg CO2e at %g gCO2e/kWh', lowest_joules_per_token * output_tokens / 3600000.0 * grid_gco2e_per_kwh / 1000.0, grid_gco2e_per_kwh)
                    || grid_words || '.' END,
    model, gpu, n_configurations, lowest_joules_per_token, lowest_configuration, median_joules_per_token, bound_joules_per_token,
    output_tokens, lowest_joules_per_token * output_tokens / 3600000.0, median_joules_per_token * output_tokens / 3600000.0,
    grid_gco2e_per_kwh, lowest_joules_per_token * output_tokens / 3600000.0 * grid_gco2e_per_kwh / 1000.0,
    median_joules_per_token * output_tokens / 3600000.0 * grid_gco2e_per_kwh / 1000.0, meter_scope,
    grid_region, grid_basis, grid_period, grid_source_id, grid_locator
FROM answer
