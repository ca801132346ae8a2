-- Look-up indexes of the canned queries (no relation is created here): the lower(name) matches of the estimators and
-- a model's rows by model_id. The indexes of what the site sorts and facets on are not written here: the build
-- creates them from site/site.yml's sort, sort_desc, facets and facet_dates (schema/indexes.py).
CREATE INDEX cv_models_lower_model ON cv_models (lower(model));
CREATE INDEX nlp_models_lower_model ON nlp_models (lower(model));
CREATE INDEX adapted_gpu_efficiency_gpu ON adapted_gpu_efficiency (gpu);
CREATE INDEX adapted_gpu_efficiency_lower_gpu ON adapted_gpu_efficiency (lower(gpu));
CREATE INDEX energy_estimates_vs_measured_model_id ON energy_estimates_vs_measured (model_id);
