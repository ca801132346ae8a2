WITH input AS (
    SELECT trim(coalesce(:model, '')) AS model, trim(coalesce(:gpu, '')) AS gpu,
        trim(coalesce(:precision, '')) AS precision, trim(coalesce(:inferences, '')) AS inferences,
        trim(coalesce(:grid_gco2e_per_kwh, '')) AS grid, trim(coalesce(:region, '')) AS region, trim(coalesce(:year, '')) AS year
),
-- a plain number is JSON's number syntax: 1000000, 1e6, 0.5; never 1,000,000, abc or blank (CONTRIBUTING.md, section 11)
numbers AS (
    SELECT CASE WHEN json_valid(inferences) AND json_type(inferences) IN ('integer', 'real') THEN CAST(inferences AS REAL) END AS inferences,
        CASE WHEN json_valid(grid) AND json_type(grid) IN ('integer', 'real') THEN CAST(grid AS REAL) END AS grid,
        CASE WHEN year GLOB '[0-9][0-9][0-9][0-9]' THEN CAST(year AS INTEGER) END AS year
    FROM input
),
model AS (SELECT DISTINCT n.model_id, n.model, n.domain FROM model_names n, input i WHERE lower(n.name) = lower(i.model)),
gpu AS (SELECT DISTINCT a.gpu FROM adapted_gpu_efficiency a, input i WHERE lower(a.gpu) = lower(i.gpu)),
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
    SELECT 'gpu: "' || i.gpu || '" is not a GPU; accepted: ' || (SELECT group_concat(gpu, ', ') FROM (SELECT DISTINCT gpu FROM adapted_gpu_efficiency ORDER BY gpu)) || '.'
    FROM input i WHERE NOT EXISTS (SELECT 1 FROM gpu)
    UNION ALL
    SELECT 'precision: "' || i.precision || '" is not a precision of ' || (SELECT gpu FROM gpu) || coalesce(' for ' || (SELECT domain FROM model) || ' models', '') || '; accepted: '
        || (SELECT group_concat(precision, ', ') FROM (SELECT DISTINCT a.precision FROM adapted_gpu_efficiency a
            WHERE a.gpu IN (SELECT gpu FROM gpu)
              AND (a.domain IN (SELECT domain FROM model) OR NOT EXISTS (SELECT 1 FROM model)) ORDER BY a.precision)) || '.'
    FROM input i WHERE EXISTS (SELECT 1 FROM gpu) AND NOT EXISTS (
        SELECT 1 FROM adapted_gpu_efficiency a WHERE a.gpu IN (SELECT gpu FROM gpu) AND lower(a.precision) = lower(i.precision)
          AND (a.domain IN (SELECT domain FROM model) OR NOT EXISTS (SELECT 1 FROM model)))
    UNION ALL
    SELECT 'inferences: "' || i.inferences || '" is not a plain number above 0; write digits only, e.g. 1000000 or 1e6 (no commas, spaces or units).'
    FROM input i, numbers n WHERE n.inferences IS NULL OR NOT (n.inferences > 0 AND n.inferences < 1e308)
    UNION ALL
    SELECT 'grid_gco2e_per_kwh: "' || i.grid || '" is not a plain number of 0 or more; write digits only, e.g. 400, or leave it empty for no CO2e.'
    FROM input i, numbers n WHERE i.grid != '' AND (n.grid IS NULL OR NOT (n.grid >= 0 AND n.grid < 1e308))
    UNION ALL
    -- include: grid_intensity_problems
),
answer AS (
    SELECT m.model, m.model_id, m.domain, g.gpu, g.precision, c.gflops, g.gflops_per_watt,
        c.gflops / g.gflops_per_watt AS joules_per_inference, n.inferences,
        n.inferences * c.gflops / g.gflops_per_watt / 3600000.0 AS total_kwh, e.gco2e_per_kwh AS grid_gco2e_per_kwh,
        n.inferences * c.gflops / g.gflops_per_watt / 3600000.0 * e.gco2e_per_kwh / 1000.0 AS co2e_kg, e.region AS grid_region,
        e.basis AS grid_basis, e.period AS grid_period, e.source_id AS grid_source_id, e.locator AS grid_locator, e.words AS grid_words
    FROM model m
    JOIN (SELECT model_id, gflops FROM cv_models UNION ALL SELECT model_id, gflops FROM nlp_models) c ON c.model_id = m.model_id
    JOIN adapted_gpu_efficiency g ON g.domain = m.domain AND g.gpu IN (SELECT gpu FROM gpu)
    JOIN input i ON lower(g.precision) = lower(i.precision), numbers n, grid e
    WHERE NOT EXISTS (SELECT 1 FROM problems)
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS model, NULL AS model_id, NULL AS domain,
    NULL AS gpu, NULL AS precision, NULL AS gflops, NULL AS gflops_per_watt, NULL AS joules_per_inference,
    NULL AS inferences, NULL AS total_kwh, NULL AS grid_gco2e_per_kwh, NULL AS co2e_kg, NULL AS grid_region, NULL AS grid_basis,
    NULL AS grid_period, NULL AS grid_source_id, NULL AS grid_locator
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT printf('%s on %s (%s): %.3g J per inference; %s inferences: %.3g kWh', model, gpu, precision, joules_per_inference,
        CASE WHEN inferences < 1e15 AND inferences = round(inferences) THEN printf('%,d', CAST(inferences AS INTEGER)) ELSE printf('%.3g', inferences) END, total_kwh)
        || CASE WHEN co2e_kg IS NULL THEN '; no CO2e without grid_gco2e_per_kwh or region.'
                ELSE printf(', %.3g kg CO2e at %g gCO2e/kWh', co2e_kg, grid_gco2e_per_kwh) || grid_words || '.' END,
    model, model_id, domain, gpu, precision, gflops, gflops_per_watt, joules_per_inference, inferences, total_kwh,
    grid_gco2e_per_kwh, co2e_kg, grid_region, grid_basis, grid_period, grid_source_id, grid_locator
FROM answer
