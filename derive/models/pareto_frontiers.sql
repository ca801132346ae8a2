-- pareto_frontiers: the models on the Pareto frontier of score against cost (Figs. 4, 11, 12): no other model of the
-- domain has a score at least as high at a cost at most as low, with one of the two strictly better. Score is top-1
-- accuracy (cv) or GLUE score (nlp); cost is GFLOPs per forward pass (cost_kind 'gflops'), or joules per forward pass
-- under each efficiency fit (cost_kind 'joules'). Models without a score are left out.
CREATE TABLE pareto_frontiers (
    domain TEXT NOT NULL, cost_kind TEXT NOT NULL, fit_id TEXT, model_id TEXT NOT NULL, model TEXT, release_date TEXT,
    score REAL, cost REAL
);  -- no primary key: fit_id is empty for gflops, and an API page follows rowid, which is never empty
INSERT INTO pareto_frontiers
WITH candidates AS (
    SELECT domain, 'gflops' AS cost_kind, NULL AS fit_id, model_id, model, release_date, score, gflops AS cost
    FROM forward_pass_energy WHERE fit_id = 'all-' || domain AND score IS NOT NULL
    UNION ALL
    SELECT domain, 'joules', fit_id, model_id, model, release_date, score, joules
    FROM forward_pass_energy WHERE score IS NOT NULL
),
ranked AS (
    -- one pass over each frontier sorted by cost: a model is dominated when a cheaper one scores at least as high, or
    -- one of the same cost scores higher (a model without a cost is never compared, as NULL compares with nothing)
    SELECT *,
        max(score) OVER (PARTITION BY domain, cost_kind, fit_id ORDER BY cost GROUPS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
            AS best_cheaper,
        max(score) OVER (PARTITION BY domain, cost_kind, fit_id, cost) AS best_same_cost
    FROM candidates WHERE cost IS NOT NULL
)
SELECT domain, cost_kind, fit_id, model_id, model, release_date, score, cost FROM ranked
WHERE NOT (coalesce(best_cheaper >= score, 0) OR best_same_cost > score)
UNION ALL
SELECT * FROM candidates WHERE cost IS NULL
ORDER BY 1, 2, 3, 8, 4;
CREATE UNIQUE INDEX pareto_frontiers_key ON pareto_frontiers (domain, cost_kind, ifnull(fit_id, ''), model_id);
