-- forward_pass_energy: joules of one forward pass = model GFLOPs / fitted GFLOPS-per-watt at the model's release
-- date (Eq. 2; Figs. 9, 10), for every CV and NLP model and every fit of its domain. The answer, joules, comes first
-- after the model, so that it is on a reader's first screen.
CREATE TABLE forward_pass_energy (
    model_id TEXT NOT NULL, model TEXT, joules REAL, gflops REAL, fitted_gflops_per_watt REAL, release_date TEXT,
    domain TEXT NOT NULL, fit_id TEXT NOT NULL, score REAL, score_metric TEXT,
    PRIMARY KEY (domain, model_id, fit_id)
);
INSERT INTO forward_pass_energy
SELECT m.model_id, m.model,
    m.gflops / fitted_value(f.intercept_log10, f.slope_log10_per_year, f.reference_date, m.release_date)
        AS joules,
    m.gflops,
    fitted_value(f.intercept_log10, f.slope_log10_per_year, f.reference_date, m.release_date)
        AS fitted_gflops_per_watt,
    m.release_date, m.domain, f.fit_id, m.score, m.score_metric
FROM cv_and_nlp_models m JOIN efficiency_fits f ON f.domain = m.domain
ORDER BY m.domain, m.model_id, f.fit_id;
CREATE INDEX forward_pass_energy_model_id ON forward_pass_energy (model_id);
CREATE INDEX forward_pass_energy_fit_id ON forward_pass_energy (fit_id);
