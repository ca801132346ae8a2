-- flops_scaling_checks: the paper's Appendix H GFLOPs estimates recomputed from the stated scaling factors,
-- FLOPs ∝ d · w² · r² (Eq. H.1): base_gflops × (target_depth / base_depth) × (target_width / base_width)²
-- × (target_resolution / base_resolution)², a factor left out where its coefficients are not given; beside the value
-- in cv_models and the value printed in Appendix H.
CREATE VIEW flops_scaling_checks AS
SELECT s.model_id, c.model, s.base_model, s.base_gflops,
    coalesce(s.target_depth / s.base_depth, 1) AS depth_factor,
    coalesce(s.target_width / s.base_width, 1) AS width_factor,
    1.0 * s.target_resolution_px / s.base_resolution_px AS resolution_factor,
    s.base_gflops * coalesce(s.target_depth / s.base_depth, 1) * coalesce(s.target_width / s.base_width, 1) * coalesce(s.target_width / s.base_width, 1)
        * (1.0 * s.target_resolution_px / s.base_resolution_px) * (1.0 * s.target_resolution_px / s.base_resolution_px) AS recomputed_gflops,
    c.gflops AS table_gflops, s.published_gflops, s.source_id
FROM flops_scaling_estimates s JOIN cv_models c ON c.model_id = s.model_id
ORDER BY s.model_id;  -- a view's API pages are offsets into this order: it must be unique
