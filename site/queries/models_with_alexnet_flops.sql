WITH input AS (
    SELECT coalesce(nullif(trim(:reference_model), ''), 'AlexNet') AS reference_model,
        coalesce(nullif(trim(:within_factor), ''), '1.5') AS within_factor
),
ref AS (
    SELECT c.model, c.gflops, c.top1_accuracy FROM cv_models c, input i
    WHERE c.model_id IN (SELECT model_id FROM model_names WHERE lower(name) = lower(i.reference_model))
),
f AS (
    SELECT CASE WHEN json_valid(within_factor) AND json_type(within_factor) IN ('integer', 'real') THEN CAST(within_factor AS REAL) END AS k
    FROM input
),
problems AS (
    SELECT 'reference_model: "' || i.reference_model || '" is not a model of cv_models; e.g. AlexNet (every accepted name: /ai_energy/model_names).' AS message
    FROM input i WHERE NOT EXISTS (SELECT 1 FROM ref)
    UNION ALL
    SELECT 'within_factor: "' || i.within_factor || '" is not a plain number of 1 or more; write e.g. 1.5 or 2.'
    FROM input i, f WHERE f.k IS NULL OR NOT (f.k >= 1 AND f.k < 1e308)
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS model, NULL AS model_id,
    NULL AS release_date, NULL AS gflops, NULL AS top1_accuracy, NULL AS params_millions, NULL AS architecture,
    NULL AS extra_training_data, NULL AS gflops_ratio, NULL AS accuracy_gain
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT * FROM (SELECT NULL, c.model, c.model_id, c.release_date, c.gflops, c.top1_accuracy, c.params_millions, c.architecture,
    c.extra_training_data, c.gflops / ref.gflops AS gflops_ratio, c.top1_accuracy - ref.top1_accuracy AS accuracy_gain
FROM cv_models c, ref, f
WHERE c.gflops BETWEEN ref.gflops / f.k AND ref.gflops * f.k AND NOT EXISTS (SELECT 1 FROM problems)
ORDER BY c.release_date, c.model)
