-- pareto_frontiers: the models on the Pareto frontier of score against cost (Figs. 4, 11, 12): no other model of the
-- domain has a score at least as high at a cost at most as low, with one of the two strictly better. Score is top-1
-- accuracy (cv) or GLUE score (nlp); cost is GFLOPs per forward pass (cost_kind 'gflops'), or joules per forward pass
-- under each efficiency fit (cost_kind 'joules'). Models without a score are left out.
CREATE VIEW pareto_frontiers AS
WITH candidates AS (
    SELECT domain, 'gflops' AS cost_kind, NULL AS fit_id, model_id, model, release_date, score, gflops AS cost
    FROM forward_pass_energy WHERE fit_id = 'all-' || domain AND score IS NOT NULL
    UNION ALL
    SELECT domain, 'joules', fit_id, model_id, model, release_date, score, joules
    FROM forward_pass_energy WHERE score IS NOT NULL
)
SELECT c.* FROM candidates c
WHERE NOT EXISTS (
    SELECT 1 FROM candidates o
    WHERE o.domain = c.domain AND o.cost_kind = c.cost_kind AND o.fit_id IS c.fit_id
      AND o.score >= c.score AND o.cost <= c.cost AND (o.score > c.score OR o.cost < c.cost)
)
ORDER BY c.domain, c.cost_kind, c.fit_id, c.cost;
