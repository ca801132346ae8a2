-- forward_pass_energy: joules of one forward pass = model GFLOPs / fitted GFLOPS-per-watt at the model's release
-- date (Eq. 2; Figs. 9, 10), for every CV and NLP model and every fit of its domain.
CREATE VIEW forward_pass_energy AS
WITH models AS (
    SELECT model_id, model, 'cv' AS domain, release_date, gflops, top1_accuracy AS score, 'top1_accuracy' AS score_metric FROM cv_models
    UNION ALL
    SELECT model_id, model, 'nlp', release_date, gflops, glue_score, 'glue_score' FROM nlp_models
)
SELECT m.model_id, m.model, m.domain, m.release_date, m.gflops, m.score, m.score_metric, f.fit_id,
    pow(10, f.intercept_log10 + f.slope_log10_per_year * (julianday(m.release_date) - julianday(f.reference_date)) / 365.25)
        AS fitted_gflops_per_watt,
    m.gflops / pow(10, f.intercept_log10 + f.slope_log10_per_year * (julianday(m.release_date) - julianday(f.reference_date)) / 365.25)
        AS joules
FROM models m JOIN efficiency_fits f ON f.domain = m.domain;
