-- model_trend_fits: the least-squares fits of model_trend_fit_points (derive/fragments/least_squares.sql, one row per
-- fit_id, the columns of least_squares_fits). A temporary relation: model_trends states them, and least_squares_fits
-- keeps them with every other fit.
CREATE TEMP TABLE model_trend_fits AS
WITH points AS (SELECT * FROM model_trend_fit_points),
-- include: least_squares
;
