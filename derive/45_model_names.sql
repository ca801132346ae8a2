-- model_names: every name a model is known by, for look-ups by name (the estimators): its own name in cv_models or
-- nlp_models, and the other spellings sources print (model_aliases). Match with lower(name) = lower(trim(:model)).
CREATE TABLE model_names (
    name TEXT NOT NULL, model_id TEXT NOT NULL, domain TEXT NOT NULL, model TEXT NOT NULL, is_alias INTEGER NOT NULL,
    PRIMARY KEY (name, model_id)
);
INSERT INTO model_names
WITH models AS (
    SELECT model_id, model, 'cv' AS domain FROM cv_models
    UNION ALL
    SELECT model_id, model, 'nlp' FROM nlp_models
)
SELECT model, model_id, domain, model, 0 FROM models
UNION ALL
SELECT a.alias, m.model_id, m.domain, m.model, 1 FROM model_aliases a JOIN models m ON m.model_id = a.model_id;
CREATE INDEX model_names_lower_name ON model_names (lower(name));
