-- llm_models: one row per language model: every LLM and multimodal LLM that ML.ENERGY (benchmark v3) or MLPerf
-- Inference v4.1 measured, and every language model of Epoch AI's Notable AI Models published 2018-01-01 or later
-- with a parameter count. Parameters of a model ML.ENERGY measured are ML.ENERGY's (total and active,
-- params_basis 'total and active'); of any other model they are Epoch's 'Parameters', which is the TOTAL count
-- (params_basis 'total only': a mixture-of-experts model's active count is not stated there). Organisation and release
-- date are Epoch's ('Organization', 'Publication date'), through the curator's match in llm_model_links; a measured model
-- that Epoch does not list has them empty. Every value names its source and line (params_*, release_date_*).
-- A mixture-of-experts model of Epoch's (llm_active_params, joined on the row's locator) is architecture 'MoE' and takes
-- the active count that Epoch's 'Parameters notes' state in the same row (params_basis 'total and active'); where the
-- notes state none, active_params_billions stays empty and llm_inference_flops gives it no FLOPs per token.
CREATE TABLE llm_models (
    model TEXT NOT NULL PRIMARY KEY, hf_id TEXT, organisation TEXT, release_date TEXT, total_params_billions REAL,
    active_params_billions REAL, params_basis TEXT NOT NULL, architecture TEXT, weight_precision TEXT, measured_in TEXT,
    epoch_model TEXT, params_source_id TEXT NOT NULL, params_locator TEXT NOT NULL, release_date_source_id TEXT,
    release_date_locator TEXT
);
INSERT INTO llm_models
WITH epoch AS (  -- both Epoch tables, names without the line breaks and spaces some end in
    SELECT 'epoch-notable-models' AS source_id, resource_path('epoch_notable_models') || ':' || upstream_line AS locator,
        rtrim("Model", ' ' || char(10)) AS model, "Organization" AS organisation, "Publication date" AS release_date,
        "Parameters" AS params, "Domain" AS domain
    FROM epoch_notable_models
    UNION ALL
    SELECT 'epoch-large-scale-models', resource_path('epoch_large_scale_models') || ':' || upstream_line,
        rtrim("Model", ' ' || char(10)), "Organization", "Publication date", "Parameters", "Domain"
    FROM epoch_large_scale_models
),
mlenergy AS (  -- one row per model: a model whose parameters differed between rows would break the primary key
    SELECT model_id, nickname, architecture, total_params_billions, activated_params_billions, weight_precision,
        min(upstream_line) AS line
    FROM mlenergy_llm_configurations
    GROUP BY model_id, nickname, architecture, total_params_billions, activated_params_billions, weight_precision
),
linked AS (
    SELECT k.measured_model, k.measured_in, e.* FROM llm_model_links k JOIN epoch e ON e.source_id = k.source_id AND e.model = k.epoch_model
)
SELECT m.nickname, m.model_id, l.organisation, l.release_date, m.total_params_billions, m.activated_params_billions,
    'total and active',
    CASE m.architecture WHEN 'Dense Transformer' THEN 'dense' WHEN 'MoE' THEN 'MoE' WHEN 'Mamba-Transformer Hybrid' THEN 'hybrid' END,
    m.weight_precision, 'mlenergy-benchmark-v3', l.model, 'mlenergy-benchmark-v3',
    resource_path('mlenergy_llm_configurations') || ':' || m.line, l.source_id, l.locator
FROM mlenergy m LEFT JOIN linked l ON l.measured_model = m.model_id
UNION ALL
SELECT DISTINCT l.model, NULL, l.organisation, l.release_date, l.params / 1e9, a.active_params_billions,
    CASE WHEN a.active_params_billions IS NULL THEN 'total only' ELSE 'total and active' END, a.architecture, NULL,
    min(l.measured_in) OVER (PARTITION BY l.model), l.model, l.source_id, l.locator, l.source_id, l.locator
FROM linked l LEFT JOIN llm_active_params a ON a.source_id = l.source_id AND a.locator = l.locator
WHERE l.measured_in LIKE 'mlperf-inference-%'
UNION ALL
SELECT e.model, NULL, e.organisation, e.release_date, e.params / 1e9, a.active_params_billions,
    CASE WHEN a.active_params_billions IS NULL THEN 'total only' ELSE 'total and active' END, a.architecture, NULL, NULL,
    e.model, e.source_id, e.locator, e.source_id, e.locator
FROM epoch e LEFT JOIN llm_active_params a ON a.source_id = e.source_id AND a.locator = e.locator
WHERE e.source_id = 'epoch-notable-models' AND e.domain LIKE '%Language%' AND e.release_date >= '2018-01-01'
  AND e.params IS NOT NULL AND e.model NOT IN (SELECT model FROM linked WHERE source_id = 'epoch-notable-models')
ORDER BY 1;
CREATE INDEX llm_models_release_date ON llm_models (release_date, model);
CREATE INDEX llm_models_architecture ON llm_models (architecture);
CREATE INDEX llm_models_lower_model ON llm_models (lower(model));
CREATE INDEX llm_models_hf_id ON llm_models (hf_id);
CREATE INDEX llm_models_params_basis ON llm_models (params_basis);
CREATE INDEX llm_models_measured_in ON llm_models (measured_in);
-- the site's sorts and facets of the tables this file reads
CREATE INDEX epoch_notable_models_publication_date ON epoch_notable_models ("Publication date" DESC, upstream_line);
CREATE INDEX epoch_large_scale_models_publication_date ON epoch_large_scale_models ("Publication date" DESC, upstream_line);
CREATE INDEX llm_model_links_measured_in ON llm_model_links (measured_in);
CREATE INDEX llm_active_params_architecture ON llm_active_params (architecture);
