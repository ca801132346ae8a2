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
),
ranked AS (
    SELECT t.*, coalesce(t.reported_co2e_kg, t.co2e_kg) AS ranked_co2e_kg,
        CASE WHEN t.reported_co2e_kg IS NOT NULL THEN 'reported by the source'
             WHEN t.co2e_kg IS NOT NULL THEN 'computed: energy_kwh × the grid intensity the source states'
             ELSE 'none: the source reports no CO2e and states no grid intensity' END AS co2e_basis
    FROM training_emissions t
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS run, NULL AS model, NULL AS phase,
    NULL AS hardware, NULL AS ranked_co2e_kg, NULL AS co2e_basis, NULL AS reported_co2e_kg, NULL AS co2e_kg,
    NULL AS energy_kwh, NULL AS grid_gco2e_per_kwh, NULL AS method, NULL AS source_id
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT * FROM (SELECT NULL, t.run, t.model, t.phase, t.hardware, t.ranked_co2e_kg, t.co2e_basis, t.reported_co2e_kg,
    t.co2e_kg, t.energy_kwh, t.grid_gco2e_per_kwh, t.method, t.source_id
FROM ranked t, p
WHERE (t.ranked_co2e_kg >= p.min_co2e OR (t.ranked_co2e_kg IS NULL AND p.min_co2e = 0))
    AND (p.source_id IS NULL OR t.source_id = p.source_id) AND NOT EXISTS (SELECT 1 FROM problems)
ORDER BY t.ranked_co2e_kg IS NULL, t.ranked_co2e_kg DESC, t.run)
