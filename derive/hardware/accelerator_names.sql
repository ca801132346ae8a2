-- accelerator_names and llm_model_names: every name the estimators accept for a GPU or a measured language model, and
-- what it stands for, so that a reader can type H100, h200, MI300X or Llama 3.1 70B. name_folded is the name in lower
-- case without spaces, hyphens, underscores or slashes: the estimators match the name ignoring case first, then the
-- folded name; among the matches the most direct kind of name wins (priority: 1 the full name, 2 a curated short name,
-- 3 a source's alias, 4 the name without its vendor, 5 a paper GPU Epoch does not list), and a name that still stands
-- for two things is refused as ambiguous, naming both.
-- accelerator_names: an accelerator_efficiency accelerator by its full name (Epoch AI's), without its vendor where that
-- is still one accelerator (H100 SXM5 80GB), by a measurement source's or the paper's own alias (accelerator_aliases),
-- and by the curated short names (accelerator_short_names: H100 is the SXM5 module at 700 W); paper_gpu is the GPU of
-- the paper's tables (gpu_specs, adapted_gpu_efficiency) that the accelerator is, where it is one, and a paper GPU that
-- Epoch does not list is named by itself with an empty accelerator.
CREATE TABLE accelerator_names (
    name TEXT NOT NULL, name_folded TEXT NOT NULL, accelerator TEXT, paper_gpu TEXT, how TEXT NOT NULL, notes TEXT,
    priority INTEGER NOT NULL
);
INSERT INTO accelerator_names
WITH accelerators AS (SELECT DISTINCT accelerator, vendor FROM accelerator_efficiency),
paper AS (  -- the paper's GPUs and the accelerator each is (each lookup by an index: key equality, not LIKE)
    SELECT DISTINCT g.gpu, coalesce((SELECT min(a.accelerator) FROM accelerator_aliases a
                            WHERE a.source_id IN (SELECT source_id FROM sources WHERE source_id LIKE 'desislavov%')
                            AND a.alias = g.gpu),
                            (SELECT e.accelerator FROM accelerator_efficiency e WHERE e.accelerator = g.gpu LIMIT 1)) AS accelerator
    FROM gpu_specs g
),
unvendored AS (
    SELECT substr(accelerator, length(vendor) + 2) AS name, accelerator FROM accelerators
    WHERE accelerator LIKE vendor || ' %'
),
named AS (
    SELECT accelerator AS name, accelerator, 'full name (accelerator_efficiency)' AS how, NULL AS notes, 1 AS priority FROM accelerators
    UNION ALL
    SELECT short_name, accelerator, 'short name (accelerator_short_names)', notes, 2 FROM accelerator_short_names
    UNION ALL
    SELECT alias, accelerator, 'as ' || source_id || ' names it (accelerator_aliases)', notes, 3 FROM accelerator_aliases
    UNION ALL
    SELECT name, accelerator, 'without the vendor', NULL, 4 FROM unvendored
    WHERE name IN (SELECT name FROM unvendored GROUP BY name HAVING count(DISTINCT accelerator) = 1)
    UNION ALL
    SELECT gpu, NULL, 'the paper''s GPU, not in Epoch AI''s table', NULL, 5 FROM paper WHERE accelerator IS NULL
),
firsts AS (  -- one row per name and what it stands for, the most direct way it is named
    SELECT n.*, row_number() OVER (PARTITION BY lower(n.name), n.accelerator ORDER BY n.priority) AS k FROM named n
),
with_paper_gpu AS (  -- the paper GPU an accelerator is (the first by name, were two the same accelerator), by one
    -- sort: SQLite would scan a CTE for each row of a join to it
    SELECT *, min(gpu) OVER (PARTITION BY accelerator) AS paper_gpu FROM (
        SELECT name, accelerator, how, notes, priority, NULL AS gpu FROM firsts WHERE k = 1
        UNION ALL
        SELECT NULL, accelerator, NULL, NULL, NULL, gpu FROM paper WHERE accelerator IS NOT NULL)
)
SELECT name, lower(replace(replace(replace(replace(name, ' ', ''), '-', ''), '_', ''), '/', '')), accelerator,
    coalesce(paper_gpu, CASE WHEN accelerator IS NULL THEN name END), how, notes, priority
FROM with_paper_gpu
WHERE how IS NOT NULL  -- the names, not the paper's rows
ORDER BY 1, 3;
CREATE INDEX accelerator_names_lower_name ON accelerator_names (lower(name));
CREATE INDEX accelerator_names_name_folded ON accelerator_names (name_folded);
CREATE INDEX accelerator_names_how ON accelerator_names (how);
CREATE INDEX accelerator_names_priority ON accelerator_names (priority);
