SELECT 'Give grid_gco2e_per_kwh or region, not both (given: ' || i.grid || ' and "' || i.region || '").'
FROM input i WHERE i.grid != '' AND i.region != ''
UNION ALL
SELECT 'year: "' || i.year || '" is not a year; give four digits, e.g. 2022, or leave it empty for the region''s latest.'
FROM input i, numbers n WHERE i.year != '' AND n.year IS NULL
UNION ALL
SELECT 'year: ' || i.year || ' is the year of a region''s intensity; give a region too (e.g. FRA), or leave year empty.'
FROM input i, numbers n WHERE n.year IS NOT NULL AND i.region = ''
UNION ALL
SELECT CASE WHEN (SELECT count(DISTINCT lookup_key) FROM grid_intensity_lookup WHERE lower(lookup_key) = lower(i.region)) > 1
        THEN 'region: "' || i.region || '" is ambiguous: ' || (SELECT group_concat(k, '; ') FROM (SELECT DISTINCT lookup_key || ' is '
            || region_name || ' (' || region_kind || ')' AS k FROM grid_intensity_lookup WHERE lower(lookup_key) = lower(i.region)))
            || '; write it in the case shown.'
        ELSE 'region: "' || i.region || '" is not a region; give a cloud region code such as us-west-2 or an ISO 3166-1 alpha-3 country code such as FRA (every key: /ai_energy/grid_intensity_lookup).' END
FROM input i WHERE i.region != '' AND NOT EXISTS (SELECT 1 FROM region)
UNION ALL
SELECT 'region: no grid intensity for ' || (SELECT min(lookup_key) FROM region) || ' in ' || n.year || '; years '
    || (SELECT min(year) FROM region) || ' to ' || (SELECT max(year) FROM region) || ' are available.'
FROM numbers n WHERE n.year IS NOT NULL AND EXISTS (SELECT 1 FROM region) AND NOT EXISTS (SELECT 1 FROM region_year)
