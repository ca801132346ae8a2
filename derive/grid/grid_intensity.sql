-- grid_intensity: carbon intensity of electricity, one row per region, period and basis, from the upstream snapshots
-- as published (no value is recomputed or converted; all are gCO2e/kWh as their publishers state them).
-- basis says what the intensity counts, and is never mixed silently:
--   'lifecycle'  : emissions over the life of the generators and their fuels (OWID/Ember, Ember monthly: both state it);
--   'operational': direct emissions of generation only (no snapshot here has it yet; the word is reserved for one);
--   'not stated' : the publisher does not say (ML CO2 Impact: each cloud region's value has its own source).
-- period is the year (YYYY) or month (YYYY-MM) the value is for; NULL where the publisher gives none (ML CO2 Impact,
-- whose values were read at different dates). region_key: the cloud region code (e.g. us-west-2; ML CO2 Impact's one
-- row without a code: provider-city), or the ISO 3166-1 alpha-3 code of a country (OWID's OWID_WRL for the World),
-- or, for an aggregate without a code, its name as published (e.g. 'ASEAN (Ember)'). OWID's own codes (OWID_WRL, OWID_EUR,
-- ... and Kosovo's OWID_KOS) are counted as aggregates.
-- The locator is the upstream file and the line the row starts on.
-- Not loaded: CodeCarbon's carbon_intensity_per_source.json (lifecycle intensity per fuel, coal ... wind): those are
-- intensities of generation technologies, not of regions, and the build reads CSV snapshots only.
CREATE TABLE grid_intensity (
    region_key TEXT NOT NULL, region_name TEXT, region_kind TEXT NOT NULL, provider TEXT, country TEXT,
    period TEXT, year INTEGER, basis TEXT NOT NULL, gco2e_per_kwh REAL NOT NULL, pue REAL, source_id TEXT NOT NULL,
    locator TEXT NOT NULL,
    UNIQUE (region_key, period, basis, source_id)
);
INSERT INTO grid_intensity
SELECT coalesce(nullif(region, ''), provider || '-' || lower(city)), coalesce(nullif(regionName, ''), city), 'cloud region',
    providerName, country, NULL, NULL, 'not stated', impact, PUE, 'mlco2-impact',
    resource_path('mlco2_impact_regions') || ':' || upstream_line
FROM mlco2_impact_regions WHERE impact IS NOT NULL
UNION ALL
SELECT coalesce(nullif(Code, ''), Entity), Entity, CASE WHEN nullif(Code, '') IS NULL OR Code LIKE 'OWID%' THEN 'aggregate' ELSE 'country' END,
    NULL, CASE WHEN nullif(Code, '') IS NOT NULL AND Code NOT LIKE 'OWID%' THEN Entity END, CAST(Year AS TEXT), Year,
    'lifecycle', "Carbon intensity of electricity - gCO2e/kWh", NULL, 'owid-carbon-intensity-electricity',
    resource_path('owid_carbon_intensity_electricity') || ':' || upstream_line
FROM owid_carbon_intensity_electricity WHERE "Carbon intensity of electricity - gCO2e/kWh" IS NOT NULL
UNION ALL
SELECT coalesce(nullif(entity_code, ''), entity), entity, CASE WHEN is_aggregate_entity THEN 'aggregate' ELSE 'country' END,
    NULL, CASE WHEN NOT is_aggregate_entity THEN entity END, date, CAST(substr(date, 1, 4) AS INTEGER), 'lifecycle',
    emissions_intensity_gco2_per_kwh, NULL, 'ember-monthly-electricity', locator
FROM (
    SELECT *, resource_path('ember_monthly_carbon_intensity_world') || ':' || upstream_line AS locator FROM ember_monthly_carbon_intensity_world
    UNION ALL
    SELECT *, resource_path('ember_monthly_carbon_intensity_europe') || ':' || upstream_line FROM ember_monthly_carbon_intensity_europe
    UNION ALL
    SELECT *, resource_path('ember_monthly_carbon_intensity_us') || ':' || upstream_line FROM ember_monthly_carbon_intensity_us
)
WHERE emissions_intensity_gco2_per_kwh IS NOT NULL;
CREATE INDEX grid_intensity_region_key ON grid_intensity (lower(region_key), year);
