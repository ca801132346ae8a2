WITH input AS (
    SELECT trim(coalesce(:launched_from, '')) AS launched_from, trim(coalesce(:launched_to, '')) AS launched_to,
        lower(nullif(trim(:precision), '')) AS precision, lower(nullif(trim(:gpu_type), '')) AS gpu_type
),
p AS (
    SELECT CASE WHEN launched_from = '' THEN '0000-01-01' WHEN date(launched_from) = launched_from THEN launched_from END AS date_from,
        CASE WHEN launched_to = '' THEN '9999-12-31' WHEN date(launched_to) = launched_to THEN launched_to END AS date_to,
        precision, gpu_type
    FROM input
),
problems AS (
    SELECT 'launched_from: "' || i.launched_from || '" is not a date; write YYYY-MM-DD, e.g. 2016-01-01.' AS message
    FROM input i, p WHERE p.date_from IS NULL
    UNION ALL
    SELECT 'launched_to: "' || i.launched_to || '" is not a date; write YYYY-MM-DD, e.g. 2018-12-31.' FROM input i, p WHERE p.date_to IS NULL
    UNION ALL
    SELECT 'precision: "' || i.precision || '" is not a precision; accepted: '
        || (SELECT group_concat(precision, ', ') FROM (SELECT DISTINCT precision FROM gpu_specs ORDER BY 1)) || '.'
    FROM input i WHERE i.precision NOT IN (SELECT lower(precision) FROM gpu_specs)
    UNION ALL
    SELECT 'gpu_type: "' || i.gpu_type || '" is not a GPU type; accepted: '
        || (SELECT group_concat(gpu_type, ', ') FROM (SELECT DISTINCT gpu_type FROM gpu_specs ORDER BY 1)) || '.'
    FROM input i WHERE i.gpu_type NOT IN (SELECT lower(gpu_type) FROM gpu_specs)
)
SELECT (SELECT group_concat(message, ' ') FROM problems) AS message, NULL AS rank, NULL AS gpu, NULL AS precision,
    NULL AS gpu_type, NULL AS launch_date, NULL AS tflops, NULL AS tdp_watts, NULL AS gflops_per_watt
WHERE EXISTS (SELECT 1 FROM problems)
UNION ALL
SELECT * FROM (SELECT NULL, rank() OVER (ORDER BY g.gflops_per_watt DESC) AS rank, g.gpu, g.precision, g.gpu_type,
    g.launch_date, g.tflops, g.tdp_watts, g.gflops_per_watt
FROM gpu_specs g, p
WHERE g.launch_date BETWEEN p.date_from AND p.date_to
  AND (p.precision IS NULL OR lower(g.precision) = p.precision)
  AND (p.gpu_type IS NULL OR lower(g.gpu_type) = p.gpu_type)
  AND NOT EXISTS (SELECT 1 FROM problems)
ORDER BY g.gflops_per_watt DESC, g.gpu)
