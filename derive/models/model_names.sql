-- model_names: every name a model is known by, for look-ups by name (the estimators): its own name in cv_models or
-- nlp_models, and the other spellings sources print (model_aliases). Match with lower(name) = lower(trim(:model)).
CREATE TABLE model_names (
    name TEXT NOT NULL, model_id TEXT NOT NULL, domain TEXT NOT NULL, model TEXT NOT NULL, is_alias INTEGER NOT NULL,
    PRIMARY KEY (name, model_id)
);
INSERT INTO model_names
SELECT model, model_id, domain, model, 0 FROM cv_and_nlp_models
UNION ALL
SELECT a.alias, m.model_id, m.domain, m.model, 1 FROM model_aliases a JOIN cv_and_nlp_models m ON m.model_id = a.model_id;
CREATE INDEX model_names_lower_name ON model_names (lower(name));
