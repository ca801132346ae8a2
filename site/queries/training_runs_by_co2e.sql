WITH input AS (
    SELECT coalesce(nullif(trim(:min_co2e_kg), ''), '0') AS min_co2e_kg, nullif(trim(:source_id), '') AS source_id
),
p AS (
    SELECT CASE WHEN json_valid(min_co2e_kg) AND json_type(min_co2e_kg) IN ('integer', 'real') THEN CAST(min_co2e_kg AS REAL) END AS min_co2e,
        source_id
    FROM input
),
problems AS (
    SELECT 'min_co2e_kg: "' || i.min_co2e_kg || '" is not a plain number; write e.g. 1000 or 1e3 (kg, no commas or units).' AS message
    FROM input i, p WHERE p.min_co2e IS NULL
    UNION ALL
    SELECT 'source_id: "' || i.source_id || '" has no training runs; accepted: '
        || (SELECT group_concat(source_id, ', ') FROM (SELECT DISTINCT source_id FROM training_emissions ORDER BY 1)) || '.'
    FROM input i WHERE i.source_id IS NOT NULL AND i.source_id NOT IN (SELECT source_id FROM training_emissions)
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS run, NULL AS model, NULL AS phase,
    NULL AS hardware, NULL AS energy_kwh, NULL AS grid_gco2e_per_kwh, NULL AS co2e_kg, NULL AS reported_co2e_kg,
    NULL AS method, NULL AS source_id
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT * FROM (SELECT NULL, t.run, t.model, t.phase, t.hardware, t.energy_kwh, t.grid_gco2e_per_kwh, t.co2e_kg,
    t.reported_co2e_kg, t.method, t.source_id
FROM training_emissions t, p
WHERE t.co2e_kg >= p.min_co2e AND (p.source_id IS NULL OR t.source_id = p.source_id) AND NOT EXISTS (SELECT 1 FROM problems)
ORDER BY t.co2e_kg DESC)
