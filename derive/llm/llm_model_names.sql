-- accelerator_names and llm_model_names: every name the estimators accept for a GPU or a measured language model, and
-- what it stands for, so that a reader can type H100, h200, MI300X or Llama 3.1 70B. name_folded is the name in lower
-- case without spaces, hyphens, underscores or slashes: the estimators match the name ignoring case first, then the
-- folded name; among the matches the most direct kind of name wins (priority: 1 the full name, 2 a curated short name,
-- 3 a source's alias, 4 the name without its vendor, 5 a paper GPU Epoch does not list), and a name that still stands
-- for two things is refused as ambiguous, naming both.
-- llm_model_names: a measured model (inference_measurements_llm) by its name, its Hugging Face id, the name its
-- source gives it (MLPerf's benchmark), and the curated short names (llm_model_short_names: Llama 3.1 70B is the
-- Llama 3.1 70B Instruct that ML.ENERGY measured, and the estimator says so).
CREATE TABLE llm_model_names (
    name TEXT NOT NULL, name_folded TEXT NOT NULL, model TEXT NOT NULL, how TEXT NOT NULL, notes TEXT, priority INTEGER NOT NULL
);
INSERT INTO llm_model_names
WITH measured AS (SELECT DISTINCT model, measured_model FROM inference_measurements_llm),
named AS (
    SELECT DISTINCT model AS name, model, 'name (llm_models)' AS how, NULL AS notes, 1 AS priority FROM measured
    UNION ALL
    SELECT short_name, model, 'short name (llm_model_short_names)', notes, 2 FROM llm_model_short_names
    UNION ALL
    SELECT DISTINCT l.hf_id, l.model, 'Hugging Face id', NULL, 3 FROM llm_models l WHERE l.model IN (SELECT model FROM measured) AND l.hf_id IS NOT NULL
    UNION ALL
    SELECT DISTINCT measured_model, model, 'as its source names it', NULL, 4 FROM measured
),
firsts AS (SELECT n.*, row_number() OVER (PARTITION BY lower(n.name), n.model ORDER BY n.priority) AS k FROM named n)
SELECT name, lower(replace(replace(replace(replace(name, ' ', ''), '-', ''), '_', ''), '/', '')), model, how, notes, priority
FROM firsts WHERE k = 1
ORDER BY 1, 3;
CREATE INDEX llm_model_names_lower_name ON llm_model_names (lower(name));
CREATE INDEX llm_model_names_name_folded ON llm_model_names (name_folded);
CREATE INDEX llm_model_names_how ON llm_model_names (how);
