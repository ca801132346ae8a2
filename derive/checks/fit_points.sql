-- fit_points: every point of every log-linear fit, so that what each fit is made of can be read and checked.
-- family 'efficiency': (launch date, GFLOPS/W) points of the GPU efficiency fits (Fig. 8) and of the accelerator
-- trends 2010–2026 (hardware_fit_points); family 'model_trend': (release date, GFLOPs or joules) points of the model
-- trends (Figs. 3, 6, 9, 10; model_trend_fit_points); family 'training_energy': (publication date, kWh) points of the
-- training energy trends (training_energy_fit_points). Each stage fits its own points with the one definition of
-- derive/fragments/least_squares.sql; least_squares_fits keeps the fits as this relation keeps the points.
CREATE TABLE fit_points (
    fit_id TEXT NOT NULL,
    family TEXT NOT NULL,
    domain TEXT NOT NULL,
    item TEXT NOT NULL,
    date TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (fit_id, item)
);
INSERT INTO fit_points
SELECT * FROM hardware_fit_points
UNION ALL
SELECT * FROM model_trend_fit_points
UNION ALL
SELECT * FROM training_energy_fit_points;
