WITH input AS (
    SELECT trim(coalesce(:model, '')) AS model, trim(coalesce(:gpu, '')) AS gpu,
        trim(coalesce(:precision, '')) AS precision, trim(coalesce(:inferences, '')) AS inferences,
        trim(coalesce(:grid_gco2e_per_kwh, '')) AS grid, trim(coalesce(:region, '')) AS region, trim(coalesce(:year, '')) AS year
),
-- a plain number is JSON's number syntax: 1000000, 1e6, 0.5; never 1,000,000, abc, blank or a sign: -0 is refused
-- too (CONTRIBUTING.md, section 11)
numbers AS (
    SELECT CASE WHEN json_valid(inferences) AND json_type(inferences) IN ('integer', 'real') AND inferences NOT LIKE '-%' THEN CAST(inferences AS REAL) END AS inferences,
        CASE WHEN json_valid(grid) AND json_type(grid) IN ('integer', 'real') AND grid NOT LIKE '-%' THEN CAST(grid AS REAL) END AS grid,
        CASE WHEN year GLOB '[0-9][0-9][0-9][0-9]' THEN CAST(year AS INTEGER) END AS year
    FROM input
),
model AS (SELECT DISTINCT n.model_id, n.model, n.domain FROM model_names n, input i WHERE lower(n.name) = lower(i.model)),
-- the GPU: by any name of accelerator_names (as written ignoring case, else folded; the most direct kind wins)
gpu_hits AS (
    SELECT n.* FROM accelerator_names n, input i WHERE lower(n.name) = lower(i.gpu)
    UNION ALL
    SELECT n.* FROM accelerator_names n, input i
    WHERE n.name_folded = lower(replace(replace(replace(replace(i.gpu, ' ', ''), '-', ''), '_', ''), '/', '')) AND i.gpu != ''
      AND NOT EXISTS (SELECT 1 FROM accelerator_names x WHERE lower(x.name) = lower(i.gpu))
),
gpu_best AS (SELECT * FROM gpu_hits WHERE priority = (SELECT min(priority) FROM gpu_hits)),
choice AS (
    SELECT DISTINCT accelerator, paper_gpu FROM gpu_best
    WHERE (SELECT count(DISTINCT coalesce(accelerator, paper_gpu)) FROM gpu_best) = 1
),
-- a GPU of the paper: its adapted GFLOPS/W (adapted_gpu_efficiency); any other: its peak at the precision
paper AS (SELECT DISTINCT gpu FROM adapted_gpu_efficiency WHERE gpu IN (SELECT paper_gpu FROM choice)),
peak AS (
    SELECT e.accelerator AS gpu, p.precision_given AS precision, e.precision AS efficiency_precision, e.gflops_per_watt
    FROM accelerator_efficiency e, choice c, (SELECT precision AS precision_given FROM input) p
    WHERE e.accelerator = c.accelerator AND e.is_preferred = 1 AND NOT EXISTS (SELECT 1 FROM paper)
      AND lower(e.precision) = CASE lower(p.precision_given) WHEN 'mixed' THEN 'bf16/fp16 tensor' ELSE lower(p.precision_given) END
),
gpu AS (SELECT gpu FROM paper UNION SELECT accelerator FROM choice WHERE NOT EXISTS (SELECT 1 FROM paper)),
-- include: grid_intensity_ctes
blank AS (SELECT 1 FROM input WHERE model || gpu || precision || inferences || grid || region || year = ''),
problems AS (
    SELECT 'Fill in model, gpu, precision and inferences (and grid_gco2e_per_kwh or region for CO2e), or open the worked example above.' AS message
    FROM blank
    UNION ALL
    SELECT message FROM checks WHERE NOT EXISTS (SELECT 1 FROM blank)
),
checks AS (
    SELECT 'model: "' || i.model || '" is not a model name; give one of cv_models or nlp_models, e.g. ResNet-50 (every accepted name: /ai_energy/model_names).' AS message
    FROM input i WHERE NOT EXISTS (SELECT 1 FROM model)
    UNION ALL
    SELECT 'gpu: "' || i.gpu || '" is not a GPU of the paper or of accelerator_efficiency'
        || coalesce('; did you mean ' || (SELECT group_concat(name, ', or ') FROM (
            SELECT name FROM (SELECT n.name, min(edit_distance(n.name_folded, lower(replace(replace(replace(replace(x.gpu, ' ', ''), '-', ''), '_', ''), '/', '')))) AS d
                FROM accelerator_names n, input x GROUP BY n.name)
            WHERE d <= max(2, length(i.gpu) / 4) ORDER BY d, name LIMIT 3)) || '?', '')
        || ' Give a name of accelerator_names, e.g. A100, H100 or MI300X (every name: /ai_energy/accelerator_names).'
    FROM input i WHERE NOT EXISTS (SELECT 1 FROM gpu_hits)
    UNION ALL
    SELECT 'gpu: "' || i.gpu || '" is ambiguous: it is ' || (SELECT group_concat(a, ' or ') FROM (SELECT DISTINCT coalesce(accelerator, paper_gpu) AS a FROM gpu_best ORDER BY 1)) || '; write one of these.'
    FROM input i WHERE EXISTS (SELECT 1 FROM gpu_hits) AND NOT EXISTS (SELECT 1 FROM choice)
    UNION ALL
    SELECT 'precision: "' || i.precision || '" is not a precision of ' || c.accelerator || '; accepted: FP32, TF32, Mixed (its BF16/FP16 tensor peak) where it has them, or '
        || (SELECT group_concat(precision, ', ') FROM (SELECT precision FROM accelerator_efficiency WHERE accelerator = c.accelerator AND is_preferred = 1 ORDER BY precision)) || '.'
    FROM input i, choice c WHERE NOT EXISTS (SELECT 1 FROM paper) AND NOT EXISTS (SELECT 1 FROM peak)
      AND EXISTS (SELECT 1 FROM accelerator_efficiency WHERE accelerator = c.accelerator AND is_preferred = 1)
    UNION ALL
    SELECT 'gpu: ' || c.accelerator || ' has no GFLOPS/W in accelerator_efficiency (Epoch AI states no TDP for it, or only sparse peaks); no estimate can be made.'
    FROM choice c WHERE NOT EXISTS (SELECT 1 FROM paper)
      AND NOT EXISTS (SELECT 1 FROM accelerator_efficiency WHERE accelerator = c.accelerator AND is_preferred = 1)
    UNION ALL
    SELECT 'precision: "' || i.precision || '" is not a precision of ' || (SELECT gpu FROM gpu) || coalesce(' for ' || (SELECT domain FROM model) || ' models', '') || '; accepted: '
        || (SELECT group_concat(precision, ', ') FROM (SELECT DISTINCT a.precision FROM adapted_gpu_efficiency a
            WHERE a.gpu IN (SELECT gpu FROM gpu)
              AND (a.domain IN (SELECT domain FROM model) OR NOT EXISTS (SELECT 1 FROM model)) ORDER BY a.precision)) || '.'
    FROM input i WHERE EXISTS (SELECT 1 FROM paper) AND NOT EXISTS (
        SELECT 1 FROM adapted_gpu_efficiency a WHERE a.gpu IN (SELECT gpu FROM gpu) AND lower(a.precision) = lower(i.precision)
          AND (a.domain IN (SELECT domain FROM model) OR NOT EXISTS (SELECT 1 FROM model)))
    UNION ALL
    SELECT 'inferences: "' || i.inferences || '" is not a plain number above 0; write digits only, e.g. 1000000 or 1e6 (no commas, spaces or units).'
    FROM input i, numbers n WHERE n.inferences IS NULL OR NOT (n.inferences > 0 AND n.inferences < 1e308)
    UNION ALL
    SELECT 'grid_gco2e_per_kwh: "' || i.grid || '" is not a plain number from 0 to 2,000 gCO2e/kWh (the dirtiest grids are about 1,000); write digits only, e.g. 400, or leave it empty for no CO2e.'
    FROM input i, numbers n WHERE i.grid != '' AND (n.grid IS NULL OR NOT (n.grid >= 0 AND n.grid <= 2000))
    UNION ALL
    -- include: grid_intensity_problems
),
efficiency AS (  -- the GFLOPS/W used, and on what basis
    SELECT a.gpu, a.domain, a.precision, a.gflops_per_watt, 'adapted (adapted_gpu_efficiency: peak FLOPS / TDP, adapted by measured speed-ups)' AS efficiency_basis
    FROM adapted_gpu_efficiency a JOIN input i ON lower(a.precision) = lower(i.precision) WHERE a.gpu IN (SELECT gpu FROM paper)
    UNION ALL
    SELECT p.gpu, m.domain, p.precision, p.gflops_per_watt, 'peak ' || p.efficiency_precision || ' GFLOPS/W (accelerator_efficiency; no measured speed-up for this GPU)'
    FROM peak p, model m
),
answer AS (
    SELECT m.model, m.model_id, m.domain, g.gpu, g.precision, c.gflops, g.gflops_per_watt, g.efficiency_basis,
        c.gflops / g.gflops_per_watt AS joules_per_inference, n.inferences,
        n.inferences * c.gflops / g.gflops_per_watt / 3600000.0 AS total_kwh, e.gco2e_per_kwh AS grid_gco2e_per_kwh,
        n.inferences * c.gflops / g.gflops_per_watt / 3600000.0 * e.gco2e_per_kwh / 1000.0 AS co2e_kg, e.region AS grid_region,
        e.basis AS grid_basis, e.period AS grid_period, e.source_id AS grid_source_id, e.locator AS grid_locator, e.words AS grid_words
    FROM model m
    JOIN cv_and_nlp_models c ON c.model_id = m.model_id AND c.domain = m.domain
    JOIN efficiency g ON g.domain = m.domain, numbers n, grid e
    WHERE NOT EXISTS (SELECT 1 FROM problems)
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS model, NULL AS model_id, NULL AS domain,
    NULL AS gpu, NULL AS precision, NULL AS gflops, NULL AS gflops_per_watt, NULL AS joules_per_inference,
    NULL AS inferences, NULL AS total_kwh, NULL AS grid_gco2e_per_kwh, NULL AS co2e_kg, NULL AS grid_region, NULL AS grid_basis,
    NULL AS grid_period, NULL AS grid_source_id, NULL AS grid_locator, NULL AS efficiency_basis
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT model || ' on ' || gpu || ' (' || precision || '): ' || plain_number(joules_per_inference) || ' J per inference; '
        || CASE WHEN inferences < 1e15 AND inferences = round(inferences) THEN printf('%,d', CAST(inferences AS INTEGER)) ELSE plain_number(inferences) END
        || CASE WHEN inferences = 1 THEN ' inference: ' ELSE ' inferences: ' END
        || CASE WHEN total_kwh < 1 THEN plain_number(total_kwh * 1000) || ' Wh' ELSE plain_number(total_kwh) || ' kWh' END
        || CASE WHEN co2e_kg IS NULL THEN '; no CO2e without grid_gco2e_per_kwh or region.'
                ELSE ', ' || CASE WHEN co2e_kg < 1 THEN plain_number(co2e_kg * 1000) || ' g' ELSE plain_number(co2e_kg) || ' kg' END
                    || ' CO2e at ' || plain_number(grid_gco2e_per_kwh) || ' gCO2e/kWh' || grid_words || '.' END
        || CASE WHEN efficiency_basis LIKE 'peak%' THEN ' Efficiency: ' || efficiency_basis || '.' ELSE '' END,
    model, model_id, domain, gpu, precision, gflops, gflops_per_watt, joules_per_inference, inferences, total_kwh,
    grid_gco2e_per_kwh, co2e_kg, grid_region, grid_basis, grid_period, grid_source_id, grid_locator, efficiency_basis
FROM answer
