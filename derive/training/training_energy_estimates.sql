-- training_energy_estimates: the training energy of every model of Epoch AI's Notable AI Models (epoch_notable_models)
-- that gives training hardware, hardware quantity and training time, estimated two ways and set beside any reported
-- figure:
--   tdp_energy_kwh = hardware quantity × training time (hours) × the chip's TDP / 1000: chip TDP only, no host, no
--     network, no PUE (energy_basis says so). The TDP is epoch_ml_hardware's "TDP (W)" of the row the hardware names:
--     the same name, else the accelerator that accelerator_aliases maps Epoch's name to (source epoch-notable-models;
--     hardware_match says 'same name', 'same product' or 'nearest variant').
--   epoch_estimated_energy_kwh = Epoch AI's "Training power draw (W)" × training time / 1000: Epoch AI's own estimate
--     of the cluster's power, so marked; epoch_to_tdp_ratio = epoch_estimated_energy_kwh / tdp_energy_kwh.
--   reported_energy_kwh: the energy training_runs reports for the run training_run_epoch_links links to the model,
--     with reported_to_tdp_ratio and reported_to_epoch_ratio; run_energy_kwh and run_energy_method: that run's
--     energy in training_emissions (reported, or the source's own power × hours).
-- A model whose hardware gives no TDP is listed with status 'not estimated' and why_not_estimated: several hardware
-- types (Epoch gives one quantity for all), no row and no alias for the name, or a row without a TDP.
-- Points for the fits: fit_points family 'training_energy' (notable-models-training-energy-tdp,
-- notable-models-training-energy-epoch-power), one per estimated model at its publication date; their lines are in
-- least_squares_fits and training_energy_trends.
CREATE TABLE training_energy_estimates (
    model TEXT NOT NULL, publication_date TEXT NOT NULL, tdp_energy_kwh REAL, epoch_estimated_energy_kwh REAL,
    reported_energy_kwh REAL, status TEXT NOT NULL, why_not_estimated TEXT, organisation TEXT, training_hardware TEXT NOT NULL,
    accelerator TEXT, hardware_match TEXT, hardware_quantity_count REAL NOT NULL, training_time_hours REAL NOT NULL,
    accelerator_hours REAL NOT NULL, tdp_watts REAL, energy_basis TEXT NOT NULL, epoch_estimated_power_draw_watts REAL,
    epoch_estimated_power_per_chip_watts REAL, epoch_to_tdp_ratio REAL, reported_to_tdp_ratio REAL,
    reported_to_epoch_ratio REAL, run_id TEXT, run_energy_kwh REAL, run_energy_method TEXT, training_compute_flop REAL,
    source_id TEXT NOT NULL, locator TEXT NOT NULL, upstream_line INTEGER PRIMARY KEY NOT NULL
);
INSERT INTO training_energy_estimates
WITH m AS (
    SELECT n.upstream_line, trim(n.Model, ' ' || char(10) || char(13)) AS model, n."Publication date" AS publication_date,
        n.Organization AS organisation, n."Training hardware" AS hardware, n."Hardware quantity" AS quantity,
        n."Training time (hours)" AS hours, n."Training power draw (W)" AS draw, n."Training compute (FLOP)" AS flop
    FROM epoch_notable_models n
    WHERE n."Training hardware" IS NOT NULL AND n."Hardware quantity" IS NOT NULL AND n."Training time (hours)" IS NOT NULL
),
matched AS (
    SELECT m.*,
        coalesce(e.name, a.accelerator) AS accelerator,
        CASE WHEN e.name IS NOT NULL THEN 'same name' ELSE a.match END AS hardware_match,
        coalesce(e.tdp, (SELECT h."TDP (W)" FROM epoch_ml_hardware h WHERE h."Hardware name" = a.accelerator)) AS tdp
    FROM m
    LEFT JOIN (SELECT "Hardware name" AS name, "TDP (W)" AS tdp FROM epoch_ml_hardware) e ON e.name = m.hardware
    LEFT JOIN accelerator_aliases a ON a.alias = m.hardware AND a.source_id = 'epoch-notable-models'
),
e AS (
    SELECT matched.*,
        quantity * hours * tdp / 1000.0 AS tdp_kwh,
        draw * hours / 1000.0 AS epoch_kwh,
        l.run_id, t.reported_energy_kwh AS reported_kwh, t.energy_kwh AS run_kwh, t.method AS run_method
    FROM matched
    LEFT JOIN training_run_epoch_links l ON l.epoch_model = matched.model
    LEFT JOIN training_emissions t ON t.run_id = l.run_id
)
SELECT model, publication_date, tdp_kwh, epoch_kwh, reported_kwh,
    CASE WHEN tdp_kwh IS NOT NULL THEN 'estimated' ELSE 'not estimated' END,
    CASE WHEN tdp_kwh IS NOT NULL THEN NULL
         WHEN hardware LIKE '%,%' THEN 'several hardware types: Epoch AI gives one quantity for all of them, not split by type'
         WHEN accelerator IS NULL THEN 'no row of epoch_ml_hardware has this name, and accelerator_aliases maps it to none'
         ELSE 'the row of epoch_ml_hardware for ' || accelerator || ' gives no TDP' END,
    organisation, hardware, accelerator, hardware_match, quantity, hours, quantity * hours, tdp,
    'chip TDP × chips × hours: the accelerators only, no host, no network, no PUE',
    draw, draw / quantity, epoch_kwh / tdp_kwh, reported_kwh / tdp_kwh, reported_kwh / epoch_kwh,
    run_id, run_kwh, run_method, flop,
    'epoch-notable-models', resource_path('epoch_notable_models') || ':' || upstream_line, upstream_line
FROM e
ORDER BY upstream_line;
