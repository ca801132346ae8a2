-- training_energy_trends: how fast the training energy of notable models grows, from training_energy_fits (family
-- 'training_energy', kept in least_squares_fits: log10(kWh) against publication date, the project's one least-squares
-- definition): per estimate basis, n points, slope, r², the doubling time in years and growth_per_year = 10^slope. The
-- points are in training_energy_fit_points (fit_id notable-models-training-energy-tdp: chip TDP × chips × hours;
-- ...-epoch-power: Epoch AI's power draw × hours, over the same models that have both).
CREATE TABLE training_energy_trends (
    fit_id TEXT PRIMARY KEY NOT NULL, basis TEXT NOT NULL, n_points INTEGER NOT NULL, doubling_time_years REAL,
    growth_per_year REAL, r_squared REAL, slope_log10_per_year REAL, intercept_log10 REAL, reference_date TEXT NOT NULL,
    first_date TEXT, last_date TEXT
);
INSERT INTO training_energy_trends
SELECT f.fit_id,
    CASE f.fit_id WHEN 'notable-models-training-energy-tdp' THEN 'chip TDP × chips × hours (no host, no PUE)'
                  ELSE 'Epoch AI''s estimated power draw × hours' END,
    f.n_points, f.doubling_time_years, pow(10, f.slope_log10_per_year), f.r_squared, f.slope_log10_per_year,
    f.intercept_log10, f.reference_date,
    (SELECT min(p.date) FROM training_energy_fit_points p WHERE p.fit_id = f.fit_id), (SELECT max(p.date) FROM training_energy_fit_points p WHERE p.fit_id = f.fit_id)
FROM training_energy_fits f ORDER BY f.fit_id;
