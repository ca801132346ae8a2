-- model_trend_fit_points: the (release date, GFLOPs or joules) points of the model trends (family 'model_trend'):
-- per domain, every model ('all') and the best of each release year ('best_per_year'), their GFLOPs and, once per
-- efficiency fit, their joules per forward pass. A temporary relation: model_trend_fits fits them, fit_points keeps them.
CREATE TEMP TABLE model_trend_fit_points AS
WITH models AS (  -- the best of a year: CV by top-1 accuracy, NLP by GFLOPs
    SELECT model_id, domain, release_date, gflops, CASE domain WHEN 'cv' THEN score ELSE gflops END AS rank_value
    FROM cv_and_nlp_models
),
ranked AS (
    SELECT *, rank_value = max(rank_value) OVER (PARTITION BY domain, substr(release_date, 1, 4)) AS best FROM models
),
subsets AS (
    SELECT model_id, domain, release_date, gflops, 'all' AS subset FROM ranked
    UNION ALL
    SELECT model_id, domain, release_date, gflops, 'best_per_year' FROM ranked WHERE best
)
SELECT s.domain || '-gflops-' || s.subset AS fit_id, 'model_trend' AS family, s.domain, s.model_id AS item,
    s.release_date AS date, s.gflops AS value
FROM subsets s
UNION ALL
SELECT s.domain || '-joules-' || s.subset || ':' || e.fit_id, 'model_trend', s.domain, s.model_id, s.release_date, e.joules
FROM subsets s JOIN forward_pass_energy e ON e.model_id = s.model_id AND e.domain = s.domain
ORDER BY 1, 4;
