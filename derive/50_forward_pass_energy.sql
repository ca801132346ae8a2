-- forward_pass_energy: joules of one forward pass = model GFLOPs / fitted GFLOPS-per-watt at the model's release
-- date (Eq. 2; Figs. 9, 10), for every CV and NLP model and every fit of its domain.
CREATE TABLE forward_pass_energy (
    model_id TEXT NOT NULL, model TEXT, domain TEXT NOT NULL, release_date TEXT, gflops REAL, score REAL, score_metric TEXT,
    fit_id TEXT NOT NULL, fitted_gflops_per_watt REAL, joules REAL,
    PRIMARY KEY (domain, model_id, fit_id)
);
INSERT INTO forward_pass_energy
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
FROM models m JOIN efficiency_fits f ON f.domain = m.domain
ORDER BY 3, 1, 8;
CREATE INDEX forward_pass_energy_model_id ON forward_pass_energy (model_id);
CREATE INDEX forward_pass_energy_fit_id ON forward_pass_energy (fit_id);
