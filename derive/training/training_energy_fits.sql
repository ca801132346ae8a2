-- training_energy_fits: the least-squares fits of training_energy_fit_points (derive/fragments/least_squares.sql, one
-- row per fit_id, the columns of least_squares_fits). A temporary relation: training_energy_trends states them, and
-- least_squares_fits keeps them with every other fit.
CREATE TEMP TABLE training_energy_fits AS
WITH points AS (SELECT * FROM training_energy_fit_points),
-- include: least_squares
;
