-- training_emissions: energy and CO2e of every training run, and the arithmetic that checks what the source reports.
-- accelerator_hours = as stated, or accelerator_count × duration_hours, or the sum of the run's stages (rows whose
-- part_of_run_id is this run, where the source prints hours per stage only).
-- estimated_energy_kwh = accelerator_hours × power × PUE / 1000, with power the measured average per chip where the
-- source states it, else the power the source states with its own definition (Meta's model cards: peak power capacity
-- per GPU adjusted for PUE, so no PUE is applied on top), else the TDP (as stated by the source, or from gpu_specs);
-- PUE 1 where none is stated.
-- energy_kwh = the reported energy where there is one, else the estimate; co2e_kg = energy_kwh × grid intensity / 1000.
-- tdp_estimate_kwh and tdp_estimate_ratio: the usual back-of-envelope TDP method beside a reported (metered) energy.
-- implied_grid_gco2e_per_kwh = reported_co2e_kg × 1000 / energy_kwh: the grid intensity the reported CO2e implies,
-- beside the stated one (grid_gco2e_per_kwh) where the source states one.
CREATE TABLE training_emissions (  -- the answers first: a page shows them without scrolling
    run_id TEXT PRIMARY KEY NOT NULL, run TEXT, energy_kwh REAL, co2e_kg REAL, reported_energy_kwh REAL,
    reported_co2e_kg REAL, implied_grid_gco2e_per_kwh REAL, grid_gco2e_per_kwh REAL, method TEXT, organisation TEXT,
    model TEXT, phase TEXT, hardware TEXT, accelerator_count INTEGER, accelerator_hours REAL, power_watts REAL,
    power_basis TEXT, pue REAL, estimated_energy_kwh REAL, tdp_estimate_kwh REAL, tdp_estimate_ratio REAL,
    reported_co2e_basis TEXT, reported_market_co2e_kg REAL, source_id TEXT, part_of_run_id TEXT, card_id TEXT,
    date_published TEXT
);
INSERT INTO training_emissions (run_id, run, model, phase, hardware, accelerator_count, accelerator_hours, power_watts,
    power_basis, pue, energy_kwh, co2e_kg, reported_energy_kwh, reported_co2e_kg, grid_gco2e_per_kwh, method,
    estimated_energy_kwh, tdp_estimate_kwh, tdp_estimate_ratio, source_id, organisation, reported_co2e_basis,
    reported_market_co2e_kg, implied_grid_gco2e_per_kwh, part_of_run_id, card_id, date_published)
WITH r AS (
    SELECT t.*,
        coalesce(t.accelerator_hours, t.accelerator_count * t.duration_hours,
                 (SELECT sum(s.accelerator_hours) FROM training_runs s WHERE s.part_of_run_id = t.run_id)) AS hours,
        coalesce(t.chip_tdp_watts, (SELECT max(g.tdp_watts) FROM gpu_specs g WHERE g.gpu = t.gpu)) AS tdp
    FROM training_runs t
),
e AS (
    SELECT r.*,
        coalesce(avg_power_per_chip_watts, stated_power_watts, tdp) AS power,
        CASE WHEN avg_power_per_chip_watts IS NOT NULL THEN 'measured average power'
             WHEN stated_power_watts IS NOT NULL THEN stated_power_definition
             WHEN tdp IS NOT NULL THEN 'TDP' END AS power_basis,
        hours * coalesce(avg_power_per_chip_watts, stated_power_watts, tdp) * coalesce(pue, 1) / 1000.0 AS estimated_kwh,
        hours * tdp * coalesce(pue, 1) / 1000.0 AS tdp_kwh
    FROM r
),
f AS (
    SELECT e.*, coalesce(reported_energy_kwh, estimated_kwh) AS energy
    FROM e
)
SELECT run_id, run, model, phase, hardware, accelerator_count, hours AS accelerator_hours, power AS power_watts, power_basis,
    pue, energy AS energy_kwh,
    energy * grid_gco2e_per_kwh / 1000.0 AS co2e_kg,
    reported_energy_kwh, reported_co2e_kg, grid_gco2e_per_kwh,
    CASE
        WHEN reported_energy_kwh IS NOT NULL THEN 'reported energy'
        WHEN estimated_kwh IS NOT NULL AND stated_power_definition LIKE '%adjusted for PUE%'
            THEN 'accelerators × hours × ' || power_basis || ' (PUE included by the source)'
        WHEN estimated_kwh IS NOT NULL THEN 'accelerators × hours × ' || power_basis || CASE WHEN pue IS NULL THEN ' (no PUE stated: 1 assumed)' ELSE ' × PUE' END
        ELSE 'no energy: neither reported nor estimable'
    END AS method,
    estimated_kwh AS estimated_energy_kwh,
    tdp_kwh AS tdp_estimate_kwh,
    tdp_kwh / reported_energy_kwh AS tdp_estimate_ratio,
    f.source_id,
    organisation, reported_co2e_basis, reported_market_co2e_kg,
    reported_co2e_kg * 1000.0 / nullif(energy, 0) AS implied_grid_gco2e_per_kwh,
    part_of_run_id, card_id,
    (SELECT s.date_published FROM sources s WHERE s.source_id = f.source_id) AS date_published
FROM f;
