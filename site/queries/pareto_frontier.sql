WITH p AS (
    SELECT lower(coalesce(nullif(trim(:domain), ''), 'cv')) AS domain,
        lower(coalesce(nullif(trim(:cost_kind), ''), 'gflops')) AS cost_kind, nullif(trim(:fit_id), '') AS fit_id
),
problems AS (
    SELECT 'domain: "' || p.domain || '" is not a domain; accepted: cv, nlp.' AS message FROM p WHERE p.domain NOT IN ('cv', 'nlp')
    UNION ALL
    SELECT 'cost_kind: "' || p.cost_kind || '" is not a cost; accepted: gflops, joules.' FROM p WHERE p.cost_kind NOT IN ('gflops', 'joules')
    UNION ALL
    SELECT 'fit_id: "' || p.fit_id || '" is not a fit of ' || p.domain || '; accepted: '
        || (SELECT group_concat(fit_id, ', ') FROM (SELECT fit_id FROM efficiency_fits WHERE domain = p.domain ORDER BY 1)) || '.'
    FROM p WHERE p.domain IN ('cv', 'nlp') AND p.cost_kind = 'joules' AND p.fit_id IS NOT NULL
      AND p.fit_id NOT IN (SELECT fit_id FROM efficiency_fits WHERE domain = p.domain)
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS domain, NULL AS cost_kind, NULL AS fit_id,
    NULL AS model, NULL AS model_id, NULL AS release_date, NULL AS score, NULL AS cost
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT * FROM (SELECT NULL, f.domain, f.cost_kind, f.fit_id, f.model, f.model_id, f.release_date, f.score, f.cost
FROM pareto_frontiers f, p
WHERE f.domain = p.domain AND f.cost_kind = p.cost_kind
  AND (p.cost_kind = 'gflops' OR f.fit_id = coalesce(p.fit_id, 'desislavov2023-' || p.domain))
  AND NOT EXISTS (SELECT 1 FROM problems)
ORDER BY f.cost)
