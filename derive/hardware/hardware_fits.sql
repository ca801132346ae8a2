-- hardware_fits: the least-squares fits of hardware_fit_points (derive/fragments/least_squares.sql, one row per fit_id,
-- the columns of least_squares_fits). A temporary relation: efficiency_fits states them, and least_squares_fits keeps
-- them with every other fit.
CREATE TEMP TABLE hardware_fits AS
WITH points AS (SELECT * FROM hardware_fit_points),
-- include: least_squares
;
