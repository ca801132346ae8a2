-- llm_inference_flops: forward FLOPs per generated token of every model in llm_models, ≈ 2 × active parameters
-- (Kaplan et al. 2020, "Scaling Laws for Neural Language Models", §2.1 and Table 1: C_forward ≈ 2N + 2·n_layer·n_ctx·d_attn,
-- N the non-embedding parameters). The context term 2·n_layer·n_ctx·d_attn is left out, so the figure does not grow with
-- the prompt; and the parameter counts are the sources' own, embeddings included, a slight overstatement of N. Where only
-- the total count is known (params_basis 'total only'), the total is used: for a mixture-of-experts model that overstates
-- the FLOPs by total / active, so a mixture-of-experts model (architecture 'MoE') without an active count has no row:
-- no figure rather than a wrong one.
CREATE TABLE llm_inference_flops (
    model TEXT NOT NULL PRIMARY KEY, params_billions REAL NOT NULL, params_basis TEXT NOT NULL, gflops_per_token REAL NOT NULL,
    method TEXT NOT NULL, source_id TEXT NOT NULL, params_source_id TEXT NOT NULL, params_locator TEXT NOT NULL
);
INSERT INTO llm_inference_flops
SELECT model, coalesce(active_params_billions, total_params_billions),
    CASE WHEN active_params_billions IS NOT NULL THEN 'active' ELSE 'total (active not stated)' END,
    2.0 * coalesce(active_params_billions, total_params_billions),  -- 2 FLOP per parameter; billions of parameters give GFLOP
    '2 × parameters (Kaplan et al. 2020, §2.1); context term left out', 'kaplan2020', params_source_id, params_locator
FROM llm_models
WHERE coalesce(active_params_billions, total_params_billions) > 0
  AND NOT (architecture IS 'MoE' AND active_params_billions IS NULL)
ORDER BY model;
CREATE INDEX llm_inference_flops_gflops_per_token ON llm_inference_flops (gflops_per_token, model);
CREATE INDEX llm_inference_flops_params_basis ON llm_inference_flops (params_basis);
