-- grid_intensity_lookup: one grid intensity for each key an estimator may be given, so that a region resolves to one
-- number, with its basis, period, source and locator, and never to a silent mix.
--   a cloud region (ML CO2 Impact's code, e.g. us-west-2): year NULL; its one value (basis not stated, no date);
--   a country or aggregate (OWID/Ember key: ISO 3166-1 alpha-3 code, e.g. FRA, or the published name of an aggregate
--   without a code, e.g. Europe) and a year: that year's annual lifecycle value;
--   the same key with year NULL: its latest year (period says which).
-- Ember's monthly values are in grid_intensity, not here: a few months of a year are not that year's intensity.
-- Keys: cloud region codes as published (lower case), ISO codes upper case; a case-insensitive match can be ambiguous
-- (OVH's bhs is Beauharnois, BHS the Bahamas), so lookup_key_folded (the key in lower case) is empty where another key
-- differs only in case. The one matching rule, used by every query that takes a region (grid_intensity_for_region and
-- the estimators): lookup_key = region OR lookup_key_folded = lower(region), then year = the year asked for (NULL: the
-- latest), any year for a cloud region.
CREATE TABLE grid_intensity_lookup (
    lookup_key TEXT NOT NULL, lookup_key_folded TEXT, year INTEGER, gco2e_per_kwh REAL NOT NULL, basis TEXT NOT NULL, period TEXT,
    region_name TEXT, region_kind TEXT NOT NULL, resolution TEXT NOT NULL, source_id TEXT NOT NULL, locator TEXT NOT NULL,
    UNIQUE (lookup_key, year)
);
INSERT INTO grid_intensity_lookup
WITH annual AS (
    SELECT * FROM grid_intensity WHERE source_id = 'owid-carbon-intensity-electricity'
),
latest AS (
    SELECT a.* FROM annual a
    WHERE a.year = (SELECT max(b.year) FROM grid_intensity b  -- the table, not the CTE: by its (region_key, ...) index
                    WHERE b.region_key = a.region_key AND +b.source_id = a.source_id)
),
resolved AS (
    SELECT region_key, NULL AS year, gco2e_per_kwh, basis, period, region_name, region_kind,
        'cloud region: ML CO2 Impact''s value (basis not stated, no date)' AS resolution, source_id, locator
    FROM grid_intensity WHERE source_id = 'mlco2-impact'
    UNION ALL
    SELECT region_key, year, gco2e_per_kwh, basis, period, region_name, region_kind, 'country or region and year: annual value',
        source_id, locator
    FROM annual
    UNION ALL
    SELECT region_key, NULL, gco2e_per_kwh, basis, period, region_name, region_kind,
        'country or region, no year given: latest annual value (' || period || ')', source_id, locator
    FROM latest
),
folded AS (   -- a key's lower case, where no other key has the same
    SELECT region_key, CASE WHEN count(*) OVER (PARTITION BY lower(region_key)) = 1 THEN lower(region_key) END AS lookup_key_folded
    FROM (SELECT DISTINCT region_key FROM resolved)
)
SELECT r.region_key, f.lookup_key_folded, r.year, r.gco2e_per_kwh, r.basis, r.period, r.region_name, r.region_kind, r.resolution,
    r.source_id, r.locator
FROM resolved r JOIN folded f ON f.region_key = r.region_key;
CREATE INDEX grid_intensity_lookup_lower_key ON grid_intensity_lookup (lower(lookup_key), year);
CREATE INDEX grid_intensity_lookup_folded_key ON grid_intensity_lookup (lookup_key_folded, year);
