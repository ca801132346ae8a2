WITH p AS (
    SELECT lower(coalesce(nullif(trim(:domain), ''), 'cv')) AS domain, nullif(trim(:fit_id), '') AS fit_id
),
problems AS (
    SELECT 'domain: "' || p.domain || '" is not a domain; accepted: cv, nlp.' AS message FROM p WHERE p.domain NOT IN ('cv', 'nlp')
    UNION ALL
    SELECT 'fit_id: "' || p.fit_id || '" is not a fit of ' || p.domain || '; accepted: '
        || (SELECT group_concat(fit_id, ', ') FROM (SELECT fit_id FROM efficiency_fits WHERE domain = p.domain ORDER BY 1)) || '.'
    FROM p WHERE p.domain IN ('cv', 'nlp') AND p.fit_id IS NOT NULL
      AND p.fit_id NOT IN (SELECT fit_id FROM efficiency_fits WHERE domain = p.domain)
),
m AS (
    SELECT e.*, substr(e.release_date, 1, 4) AS year FROM forward_pass_energy e, p
    WHERE e.domain = p.domain AND e.fit_id = coalesce(p.fit_id, 'desislavov2023-' || p.domain) AND e.score IS NOT NULL
),
r AS (SELECT *, rank() OVER (PARTITION BY year ORDER BY score DESC) AS place FROM m)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS year, NULL AS model, NULL AS model_id,
    NULL AS domain, NULL AS release_date, NULL AS score, NULL AS score_metric, NULL AS gflops, NULL AS fit_id, NULL AS joules
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT * FROM (SELECT NULL, year, model, model_id, domain, release_date, score, score_metric, gflops, fit_id, joules
FROM r WHERE place = 1 AND NOT EXISTS (SELECT 1 FROM problems)
ORDER BY year, model)
