-- cv_and_nlp_models: the paper's two model tables as one, cv_models (ImageNet vision models, scored by top-1 accuracy)
-- then nlp_models (language models, scored by GLUE), with the domain each comes from; what model_names,
-- forward_pass_energy, model_trends and the inference estimator read, so that the union is written once.
CREATE VIEW cv_and_nlp_models AS
SELECT model_id, model, 'cv' AS domain, release_date, gflops, top1_accuracy AS score, 'top1_accuracy' AS score_metric
FROM cv_models
UNION ALL
SELECT model_id, model, 'nlp', release_date, gflops, glue_score, 'glue_score' FROM nlp_models;
