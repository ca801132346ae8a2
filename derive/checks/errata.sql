-- errata: every place a source disagrees with itself or with arithmetic beyond its rounding. The explanation and
-- evidence are curated in data/known_errata.csv; the recomputed value and tolerance come from published_value_checks.
CREATE VIEW errata AS
SELECT e.erratum_id, e.source_id, e.location, e.relation, e.row_key, e.column AS column_name, e.published_value,
    c.recomputed_value, c.tolerance, c.formula, e.explanation
FROM known_errata e
LEFT JOIN published_value_checks c ON c.relation = e.relation AND c.row_key = e.row_key AND c.column_name = e.column
ORDER BY e.erratum_id;  -- a view's API pages are offsets into this order: it must be unique
