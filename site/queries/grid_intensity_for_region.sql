WITH q AS (
    SELECT trim(coalesce(:region, '')) AS region, nullif(trim(coalesce(:year, '')), '') AS year_text,
        CASE WHEN trim(coalesce(:year, '')) GLOB '[0-9][0-9][0-9][0-9]' THEN CAST(trim(:year) AS INTEGER) END AS year
),
-- grid_intensity_lookup's matching rule (the estimators use it too): the key as written, or ignoring case where unambiguous
keyed AS (SELECT l.* FROM grid_intensity_lookup l, q WHERE l.lookup_key = q.region OR l.lookup_key_folded = lower(q.region)),
folded AS (SELECT l.* FROM grid_intensity_lookup l, q WHERE lower(l.lookup_key) = lower(q.region)),   -- to name an ambiguity
hit AS (
    SELECT k.* FROM keyed k, q
    WHERE (q.year_text IS NULL OR q.year IS NOT NULL) AND (k.year IS q.year OR k.region_kind = 'cloud region')
)
SELECT h.lookup_key AS region, h.gco2e_per_kwh, h.basis, h.period, h.region_name, h.region_kind, h.source_id, h.locator,
    h.resolution || CASE WHEN h.region_kind = 'cloud region' AND q.year IS NOT NULL THEN '; the year asked for is not used' ELSE '' END AS message
FROM hit h, q
UNION ALL
SELECT q.region, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
    CASE
        WHEN q.region = '' THEN 'Give a region: a cloud region code such as us-west-2, or an ISO 3166-1 alpha-3 country code such as FRA, with a year or none for the latest.'
        WHEN q.year_text IS NOT NULL AND q.year IS NULL THEN 'year "' || q.year_text || '" is not a year: give four digits, e.g. 2023, or leave it empty for the latest.'
        WHEN NOT EXISTS (SELECT 1 FROM keyed) AND (SELECT count(DISTINCT lookup_key) FROM folded) > 1
            THEN 'Region "' || q.region || '" is ambiguous: ' || (SELECT group_concat(k, '; ') FROM (SELECT DISTINCT lookup_key || ' is ' || region_name || ' (' || region_kind || ')' AS k FROM folded))
                || '. Write it in the case shown.'
        WHEN EXISTS (SELECT 1 FROM keyed) THEN 'No grid intensity for ' || q.region || ' in ' || q.year || ': years '
            || (SELECT min(year) FROM keyed) || ' to ' || (SELECT max(year) FROM keyed) || ' are available.'
        ELSE 'Unknown region "' || q.region || '": give a cloud region code of grid_intensity_lookup (e.g. us-west-2) or an ISO 3166-1 alpha-3 country code (e.g. FRA).'
    END
FROM q
WHERE NOT EXISTS (SELECT 1 FROM hit)
