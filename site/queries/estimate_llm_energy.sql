WITH input AS (
    SELECT substr(trim(coalesce(:model, '')), 1, 200) AS model, substr(trim(coalesce(:gpu, '')), 1, 200) AS gpu,
        trim(coalesce(:input_tokens, '')) AS input_tokens, trim(coalesce(:output_tokens, '')) AS output_tokens,
        trim(coalesce(:answers, '')) AS answers, lower(replace(trim(coalesce(:regime, '')), ' ', '')) AS regime,
        trim(coalesce(:grid_gco2e_per_kwh, '')) AS grid, trim(coalesce(:region, '')) AS region, trim(coalesce(:year, '')) AS year
),
folded AS (  -- the names as llm_model_names and accelerator_names fold them
    SELECT lower(replace(replace(replace(replace(model, ' ', ''), '-', ''), '_', ''), '/', '')) AS model,
        lower(replace(replace(replace(replace(gpu, ' ', ''), '-', ''), '_', ''), '/', '')) AS gpu
    FROM input
),
-- a plain number is JSON's number syntax: 1000, 1e6, 0.5; never 1,000, abc, a blank or a sign (-0 is refused too)
numbers AS (
    SELECT CASE WHEN json_valid(input_tokens) AND json_type(input_tokens) IN ('integer', 'real') AND input_tokens NOT LIKE '-%' THEN CAST(input_tokens AS REAL) END AS input_tokens,
        CASE WHEN json_valid(output_tokens) AND json_type(output_tokens) IN ('integer', 'real') AND output_tokens NOT LIKE '-%' THEN CAST(output_tokens AS REAL) END AS output_tokens,
        CASE WHEN answers = '' THEN 1.0 WHEN json_valid(answers) AND json_type(answers) IN ('integer', 'real') AND answers NOT LIKE '-%' THEN CAST(answers AS REAL) END AS answers,
        CASE WHEN json_valid(grid) AND json_type(grid) IN ('integer', 'real') AND grid NOT LIKE '-%' THEN CAST(grid AS REAL) END AS grid,
        CASE WHEN year GLOB '[0-9][0-9][0-9][0-9]' THEN CAST(year AS INTEGER) END AS year,
        CASE WHEN regime IN ('', 'lowest', 'best') THEN 'lowest' WHEN regime = 'median' THEN 'median'
             WHEN regime IN ('batch8', 'batch≤8', 'batch<=8', 'batch1-8', 'batch1–8') THEN 'batch ≤ 8' END AS regime
    FROM input
),
-- a name as written (ignoring case), else folded; the most direct kind of name wins (llm_model_names.priority)
model_hits AS (
    SELECT n.* FROM llm_model_names n, input i WHERE lower(n.name) = lower(i.model)
    UNION ALL
    SELECT n.* FROM llm_model_names n, folded f WHERE n.name_folded = f.model AND f.model != ''
      AND NOT EXISTS (SELECT 1 FROM llm_model_names x, input i WHERE lower(x.name) = lower(i.model))
),
model_best AS (SELECT * FROM model_hits WHERE priority = (SELECT min(priority) FROM model_hits)),
model AS (SELECT DISTINCT model, name, how, notes FROM model_best WHERE (SELECT count(DISTINCT model) FROM model_best) = 1),
gpu_hits AS (
    SELECT n.* FROM accelerator_names n, input i WHERE lower(n.name) = lower(i.gpu)
    UNION ALL
    SELECT n.* FROM accelerator_names n, folded f WHERE n.name_folded = f.gpu AND f.gpu != ''
      AND NOT EXISTS (SELECT 1 FROM accelerator_names x, input i WHERE lower(x.name) = lower(i.gpu))
),
gpu_best AS (SELECT * FROM gpu_hits WHERE priority = (SELECT min(priority) FROM gpu_hits)),
accelerator AS (
    SELECT DISTINCT accelerator, name, how, notes FROM gpu_best
    WHERE accelerator IS NOT NULL AND (SELECT count(DISTINCT coalesce(accelerator, paper_gpu)) FROM gpu_best) = 1
),
measured_gpus AS (  -- every GPU an LLM was measured on, as accelerator_efficiency names it
    SELECT DISTINCT a.accelerator FROM inference_measurements_llm i JOIN accelerator_aliases a ON a.alias = i.gpu AND a.source_id = i.source_id
),
runs AS (  -- the pair's configurations, each measurement once (an MLPerf -99.9 row that repeats a -99 row is left out)
    SELECT i.*, a.accelerator FROM inference_measurements_llm i JOIN accelerator_aliases a ON a.alias = i.gpu AND a.source_id = i.source_id
    WHERE i.model IN (SELECT model FROM model) AND a.accelerator IN (SELECT accelerator FROM accelerator)
      AND i.same_measurement_as IS NULL AND i.joules_per_token IS NOT NULL
),
-- include: grid_intensity_ctes
blank AS (SELECT 1 FROM input WHERE model || gpu || input_tokens || output_tokens || answers || regime || grid || region || year = ''),
problems AS (
    SELECT 'Fill in model, gpu, input_tokens and output_tokens (and grid_gco2e_per_kwh or region for CO2e), or open the example above.' AS message
    FROM blank
    UNION ALL
    SELECT message FROM checks WHERE NOT EXISTS (SELECT 1 FROM blank)
),
checks AS (
    SELECT 'model: "' || i.model || '" is not a measured model'
        || coalesce('; did you mean ' || (SELECT group_concat(name, ', or ') FROM (
            SELECT name FROM (SELECT n.name, min(edit_distance(n.name_folded, f.model)) AS d FROM llm_model_names n, folded f
                WHERE f.model != '' GROUP BY n.name)
            WHERE d <= max(2, length((SELECT model FROM folded)) / 4) ORDER BY d, name LIMIT 3)) || '?', '')
        || ' Give its name, Hugging Face id or short name, e.g. Llama 3.1 8B (every name: /ai_energy/llm_model_names).' AS message
    FROM input i WHERE NOT EXISTS (SELECT 1 FROM model_hits)
    UNION ALL
    SELECT 'model: "' || i.model || '" is ambiguous: it is ' || (SELECT group_concat(m, ' or ') FROM (SELECT DISTINCT model AS m FROM model_best ORDER BY 1)) || '; write one of these.'
    FROM input i WHERE EXISTS (SELECT 1 FROM model_hits) AND NOT EXISTS (SELECT 1 FROM model)
    UNION ALL
    SELECT 'gpu: "' || i.gpu || '" is not a GPU of accelerator_efficiency'
        || coalesce('; did you mean ' || (SELECT group_concat(name, ', or ') FROM (
            SELECT name FROM (SELECT n.name, min(edit_distance(n.name_folded, f.gpu)) AS d FROM accelerator_names n, folded f
                WHERE f.gpu != '' AND n.accelerator IN (SELECT accelerator FROM measured_gpus) GROUP BY n.name)
            WHERE d <= max(2, length((SELECT gpu FROM folded)) / 4) ORDER BY d, name LIMIT 3)) || '?', '')
        || ' LLMs were measured on: ' || (SELECT group_concat(s, ', ') FROM (SELECT DISTINCT short_name AS s FROM accelerator_short_names
            WHERE accelerator IN (SELECT accelerator FROM measured_gpus) ORDER BY 1)) || '.'
    FROM input i WHERE NOT EXISTS (SELECT 1 FROM gpu_hits)
    UNION ALL
    SELECT 'gpu: "' || i.gpu || '" is ambiguous: it is ' || (SELECT group_concat(a, ' or ') FROM (SELECT DISTINCT coalesce(accelerator, paper_gpu) AS a FROM gpu_best ORDER BY 1)) || '; write one of these.'
    FROM input i WHERE EXISTS (SELECT 1 FROM gpu_hits) AND (SELECT count(DISTINCT coalesce(accelerator, paper_gpu)) FROM gpu_best) > 1
    UNION ALL
    SELECT 'gpu: ' || a.accelerator || ' has no LLM measurement; LLMs were measured on: '
        || (SELECT group_concat(s, ', ') FROM (SELECT DISTINCT short_name AS s FROM accelerator_short_names
            WHERE accelerator IN (SELECT accelerator FROM measured_gpus) ORDER BY 1)) || ' (estimate_inference_energy takes any accelerator).'
    FROM accelerator a WHERE a.accelerator NOT IN (SELECT accelerator FROM measured_gpus)
    UNION ALL
    SELECT m.model || ' was never measured on ' || a.accelerator || '; it was measured on: '
        || (SELECT group_concat(x, ', ') FROM (SELECT DISTINCT l.accelerator AS x FROM inference_measurements_llm i
            JOIN accelerator_aliases l ON l.alias = i.gpu AND l.source_id = i.source_id WHERE i.model = m.model ORDER BY 1)) || '.'
    FROM model m, accelerator a WHERE a.accelerator IN (SELECT accelerator FROM measured_gpus) AND NOT EXISTS (SELECT 1 FROM runs)
    UNION ALL
    SELECT 'input_tokens: "' || i.input_tokens || '" is not a plain number of 0 or more; write digits only, e.g. 500 (0 for no prompt; no commas, spaces, signs or units).'
    FROM input i, numbers n WHERE n.input_tokens IS NULL OR NOT (n.input_tokens < 1e12)
    UNION ALL
    SELECT 'output_tokens: "' || i.output_tokens || '" is not a plain number above 0; write digits only, e.g. 400 (no commas, spaces, signs or units).'
    FROM input i, numbers n WHERE n.output_tokens IS NULL OR NOT (n.output_tokens > 0 AND n.output_tokens < 1e12)
    UNION ALL
    SELECT 'answers: "' || i.answers || '" is not a plain number above 0; write digits only, e.g. 1000 or 1e6, or leave it empty for one answer.'
    FROM input i, numbers n WHERE n.answers IS NULL OR NOT (n.answers > 0 AND n.answers < 1e15)
    UNION ALL
    SELECT 'regime: "' || i.regime || '" is not a regime; accepted: lowest (empty), median, batch8.'
    FROM input i, numbers n WHERE n.regime IS NULL
    UNION ALL
    SELECT 'regime: no configuration of ' || (SELECT model FROM model) || ' on ' || (SELECT accelerator FROM accelerator)
        || ' was measured at a maximum batch size of 1 to 8 (MLPerf states no batch size); accepted here: lowest, median.'
    FROM numbers n WHERE n.regime = 'batch ≤ 8' AND EXISTS (SELECT 1 FROM runs) AND NOT EXISTS (SELECT 1 FROM runs WHERE max_batch_size BETWEEN 1 AND 8)
    UNION ALL
    SELECT 'grid_gco2e_per_kwh: "' || i.grid || '" is not a plain number from 0 to 2,000 gCO2e/kWh (the dirtiest grids are about 1,000); write digits only, e.g. 400, or leave it empty for no CO2e.'
    FROM input i, numbers n WHERE i.grid != '' AND (n.grid IS NULL OR NOT (n.grid >= 0 AND n.grid <= 2000))
    UNION ALL
    -- include: grid_intensity_problems
),
ranked AS (
    SELECT r.*, row_number() OVER (PARTITION BY meter_scope ORDER BY joules_per_token, measurement_key) AS i,
        count(*) OVER (PARTITION BY meter_scope) AS n,
        row_number() OVER (PARTITION BY meter_scope, max_batch_size BETWEEN 1 AND 8 ORDER BY joules_per_token, measurement_key) AS small_i
    FROM runs r
),
chosen AS (  -- per meter: the configuration the regime names (median: the figure of the middle, named by its count)
    SELECT r.meter_scope, r.n, r.measurement_key AS lowest_key,
        CASE n.regime
            WHEN 'lowest' THEN r.joules_per_token
            WHEN 'median' THEN (SELECT avg(x.joules_per_token) FROM ranked x WHERE x.meter_scope = r.meter_scope AND x.i IN ((r.n + 1) / 2, (r.n + 2) / 2))
            ELSE (SELECT x.joules_per_token FROM ranked x WHERE x.meter_scope = r.meter_scope AND x.max_batch_size BETWEEN 1 AND 8 AND x.small_i = 1) END AS joules_per_token,
        CASE n.regime
            WHEN 'median' THEN 'median of ' || r.n || ' configuration' || CASE WHEN r.n = 1 THEN '' ELSE 's' END
            ELSE (SELECT coalesce(x.task || ', ', '') || coalesce(x.scenario || ', ', '') || x.num_gpus || ' GPU' || CASE WHEN x.num_gpus = 1 THEN '' ELSE 's' END
                || coalesce(', max batch ' || x.max_batch_size, '') || ' (' || x.measurement_key || ')'
                FROM ranked x WHERE x.meter_scope = r.meter_scope
                  AND ((n.regime = 'lowest' AND x.i = 1) OR (n.regime = 'batch ≤ 8' AND x.max_batch_size BETWEEN 1 AND 8 AND x.small_i = 1))) END AS configuration
    FROM ranked r, numbers n WHERE r.i = 1
),
answer AS (
    SELECT m.model, m.name AS model_given, m.how AS model_how, m.notes AS model_notes, a.accelerator, a.name AS gpu_given,
        a.notes AS gpu_notes, n.regime, c.meter_scope, c.n AS n_configurations, c.configuration, c.joules_per_token,
        n.input_tokens, n.output_tokens, n.answers,
        c.joules_per_token * n.output_tokens / 3600.0 AS wh_per_answer,
        e.bound_joules_per_token * (n.input_tokens + n.output_tokens) / 3600.0 AS bound_wh_per_answer,
        e.bound_joules_per_token * n.output_tokens / 3600.0 AS bound_output_only_wh_per_answer,
        e.estimated_joules_per_token * (n.input_tokens + n.output_tokens) / 3600.0 AS paper_method_wh_per_answer,
        g.gco2e_per_kwh AS grid_gco2e_per_kwh, g.region AS grid_region, g.basis AS grid_basis, g.period AS grid_period,
        g.source_id AS grid_source_id, g.locator AS grid_locator, g.words AS grid_words
    FROM chosen c CROSS JOIN model m CROSS JOIN accelerator a CROSS JOIN numbers n CROSS JOIN grid g
    LEFT JOIN llm_energy_estimates_vs_measured e ON e.measurement_key = c.lowest_key AND e.fit_id = 'desislavov2023-nlp'
    WHERE NOT EXISTS (SELECT 1 FROM problems)
),
shown AS (  -- the sentence's numbers, in the unit that reads without e-notation
    SELECT a.*, a.wh_per_answer * a.answers AS total_wh,
        CASE WHEN a.wh_per_answer * a.answers < 1000 THEN plain_number(a.wh_per_answer * a.answers) || ' Wh'
             WHEN a.wh_per_answer * a.answers < 1e6 THEN plain_number(a.wh_per_answer * a.answers / 1000) || ' kWh'
             ELSE plain_number(a.wh_per_answer * a.answers / 1e6) || ' MWh' END AS total_words,
        a.wh_per_answer * a.answers / 1000 * a.grid_gco2e_per_kwh AS co2e_g,
        CASE WHEN a.answers = 1 THEN 'answer' ELSE 'answers' END AS answer_word,
        CASE WHEN a.input_tokens = round(a.input_tokens) THEN printf('%,d', CAST(a.input_tokens AS INTEGER)) ELSE plain_number(a.input_tokens) END AS input_words,
        CASE WHEN a.output_tokens = round(a.output_tokens) THEN printf('%,d', CAST(a.output_tokens AS INTEGER)) ELSE plain_number(a.output_tokens) END AS output_words
    FROM answer a
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS wh_per_answer, NULL AS total_kwh,
    NULL AS total_co2e_g, NULL AS answers, NULL AS model, NULL AS gpu, NULL AS regime, NULL AS measured_joules_per_token,
    NULL AS configuration, NULL AS n_configurations, NULL AS bound_wh_per_answer, NULL AS bound_output_only_wh_per_answer,
    NULL AS paper_method_wh_per_answer, NULL AS input_tokens, NULL AS output_tokens, NULL AS total_wh, NULL AS grid_gco2e_per_kwh,
    NULL AS meter_scope, NULL AS grid_region, NULL AS grid_basis, NULL AS grid_period, NULL AS grid_source_id, NULL AS grid_locator
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT model || ' on ' || accelerator || ', ' || CASE regime WHEN 'lowest' THEN 'the lowest measured' WHEN 'median' THEN 'the median measured'
            ELSE 'the lowest measured at batch ≤ 8' END || ' (' || configuration || '): '
        || plain_number(wh_per_answer) || ' Wh per answer of ' || input_words || ' token' || CASE WHEN input_tokens = 1 THEN '' ELSE 's' END
        || ' in and ' || output_words || ' out; ' || CASE WHEN answers < 1e15 AND answers = round(answers) THEN printf('%,d', CAST(answers AS INTEGER)) ELSE plain_number(answers) END
        || ' ' || answer_word || ': ' || total_words
        || CASE WHEN grid_gco2e_per_kwh IS NULL THEN ' (no CO2e without grid_gco2e_per_kwh or region)'
                ELSE ', ' || CASE WHEN co2e_g < 1000 THEN plain_number(co2e_g) || ' gCO2e' WHEN co2e_g < 1e6 THEN plain_number(co2e_g / 1000) || ' kgCO2e' ELSE plain_number(co2e_g / 1e6) || ' tCO2e' END
                    || ' at ' || plain_number(grid_gco2e_per_kwh) || ' gCO2e/kWh' || grid_words END
        || '. The bound with the prompt: ' || coalesce(plain_number(bound_wh_per_answer) || ' Wh', 'none (no peak at the weights'' precision)')
        || '; the paper method: ' || coalesce(plain_number(paper_method_wh_per_answer) || ' Wh', 'none') || ' per answer. Meter: ' || meter_scope || '.'
        || CASE WHEN lower(model_given) != lower(model) THEN ' "' || model_given || '" read as ' || model || coalesce(' (' || model_notes || ')', '') || '.' ELSE '' END
        || CASE WHEN gpu_notes IS NOT NULL AND lower(gpu_given) != lower(accelerator) THEN ' "' || gpu_given || '" read as ' || accelerator || ' (' || gpu_notes || ').' ELSE '' END,
    wh_per_answer, CASE WHEN total_wh >= 1 THEN total_wh / 1000 END, co2e_g, answers, model, accelerator, regime, joules_per_token, configuration, n_configurations,
    bound_wh_per_answer, bound_output_only_wh_per_answer, paper_method_wh_per_answer, input_tokens, output_tokens, total_wh,
    grid_gco2e_per_kwh, meter_scope, grid_region, grid_basis, grid_period, grid_source_id, grid_locator
FROM shown
