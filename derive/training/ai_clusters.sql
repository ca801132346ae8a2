-- ai_clusters: Epoch AI's GPU Clusters (epoch_gpu_clusters), one row per cluster or phase of a site, with its power
-- capacity in MW as Epoch AI gives it and which of its two figures that is: power_capacity_basis 'reported' where it
-- is the capacity a source reports (Reported Power Capacity), 'calculated' where it is Epoch AI's calculation from the
-- chips (Calculated Power Capacity); the 153 clusters without a capacity keep an empty one. chip_count is Epoch AI's
-- total of AI chips (primary plus secondary). Flags that upstream writes as text True are 0/1 here. Each row's values
-- are located by upstream_line in resource_path('epoch_gpu_clusters').
CREATE TABLE ai_clusters (
    cluster TEXT NOT NULL, first_operational_date TEXT, status TEXT NOT NULL, power_capacity_mw REAL,
    power_capacity_basis TEXT, owner TEXT, country TEXT, chip_count REAL, h100_equivalent_count REAL,
    chip_type_primary TEXT, chip_quantity_primary_count REAL, chip_type_secondary TEXT, chip_quantity_secondary_count REAL,
    reported_power_capacity_mw REAL, calculated_power_capacity_mw REAL, certainty TEXT, sector TEXT, single_cluster TEXT,
    is_possible_duplicate INTEGER NOT NULL, is_in_standard_analysis INTEGER NOT NULL, decommissioned_date TEXT,
    first_operational_year INTEGER, source_id TEXT NOT NULL, locator TEXT NOT NULL, upstream_line INTEGER PRIMARY KEY NOT NULL
);
INSERT INTO ai_clusters
SELECT Name, "First Operational Date", Status, "Power Capacity (MW)",
    CASE WHEN "Power Capacity (MW)" IS NULL THEN NULL
         WHEN "Power Capacity (MW)" = "Reported Power Capacity (MW)" THEN 'reported'
         WHEN "Power Capacity (MW)" = "Calculated Power Capacity (MW)" THEN 'calculated'
         ELSE 'as given (neither the reported nor the calculated figure)' END,
    Owner, Country, "Total number of AI chips", "H100 equivalents",
    "Chip type (primary)", "Chip quantity (primary)", "Chip type (secondary)", "Chip quantity (secondary)",
    "Reported Power Capacity (MW)", "Calculated Power Capacity (MW)", Certainty, Sector, "Single cluster?",
    coalesce("Possible Duplicate" = 'True', 0), coalesce("Include in Standard Analysis" = 'True', 0),
    "Decommissioned Date (if applicable)", CAST(substr("First Operational Date", 1, 4) AS INTEGER),
    'epoch-gpu-clusters', resource_path('epoch_gpu_clusters') || ':' || upstream_line, upstream_line
FROM epoch_gpu_clusters
ORDER BY upstream_line;
