-- training_energy_fit_points: the (publication date, training energy) points of the training energy trends (family
-- 'training_energy'): every estimated model's TDP-based energy, and its energy from Epoch AI's power where it has both.
-- A temporary relation: training_energy_fits fits them, fit_points keeps them.
CREATE TEMP TABLE training_energy_fit_points AS
SELECT 'notable-models-training-energy-tdp' AS fit_id, 'training_energy' AS family, 'training' AS domain,
    model || ' (line ' || upstream_line || ')' AS item, publication_date AS date, tdp_energy_kwh AS value
FROM training_energy_estimates WHERE tdp_energy_kwh > 0
UNION ALL
SELECT 'notable-models-training-energy-epoch-power', 'training_energy', 'training', model || ' (line ' || upstream_line || ')',
    publication_date, epoch_estimated_energy_kwh
FROM training_energy_estimates WHERE tdp_energy_kwh > 0 AND epoch_estimated_energy_kwh > 0
ORDER BY 1, 4;
