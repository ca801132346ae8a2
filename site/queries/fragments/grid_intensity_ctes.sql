-- the intensity of a region: grid_intensity_lookup's matching rule (as grid_intensity_for_region), then the year
region AS (SELECT l.* FROM grid_intensity_lookup l, input i WHERE l.lookup_key = i.region OR l.lookup_key_folded = lower(i.region)),
region_year AS (SELECT r.* FROM region r, numbers n WHERE r.year IS n.year OR r.region_kind = 'cloud region'),
grid AS (   -- the intensity used: the number given, or the region's (never both: that is a problem)
    SELECT n.grid AS gco2e_per_kwh, NULL AS region, NULL AS basis, NULL AS period, NULL AS source_id, NULL AS locator, '' AS words
    FROM numbers n, input i WHERE i.region = ''
    UNION ALL
    SELECT r.gco2e_per_kwh, r.lookup_key, r.basis, r.period, r.source_id, r.locator,
        ' for ' || r.lookup_key || ' (' || r.region_name || ')'
            || CASE WHEN r.period IS NULL THEN ', no year stated' WHEN r.year IS NULL THEN ' in ' || r.period || ' (latest)' ELSE ' in ' || r.period END
            || CASE WHEN r.region_kind = 'cloud region' AND n.year IS NOT NULL THEN ', the year given not used' ELSE '' END
            || '; basis: ' || r.basis || '; source: ' || r.source_id
    FROM region_year r, numbers n
),
