-- ai_data_center_timelines: Epoch AI's dated observations of each frontier data centre (epoch_data_center_timelines),
-- with the date as an ISO date (upstream writes M/D/YYYY), power in MW, H100 equivalents, buildings operational,
-- capital cost (billions of 2025 US dollars) and water use (millions of US gallons a day, where stated).
-- is_projection = 1 for a row dated after the snapshot (sources.date_published of epoch-data-centers, 2025-12-11): Epoch AI's projection of planned capacity.
CREATE TABLE ai_data_center_timelines (
    data_center TEXT NOT NULL, date TEXT NOT NULL, power_mw REAL, h100_equivalent_count REAL, buildings_operational_count REAL,
    construction_status TEXT, is_projection INTEGER NOT NULL, total_capital_cost_gusd REAL, water_use_mgal_per_day REAL,
    performance_8bit_ops REAL, source_id TEXT NOT NULL, locator TEXT NOT NULL, upstream_line INTEGER PRIMARY KEY NOT NULL
);
INSERT INTO ai_data_center_timelines
WITH parts AS (
    SELECT t.*, substr(Date, 1, instr(Date, '/') - 1) AS m, substr(Date, instr(Date, '/') + 1) AS rest FROM epoch_data_center_timelines t
),
iso AS (
    SELECT parts.*, printf('%04d-%02d-%02d', CAST(substr(rest, instr(rest, '/') + 1) AS INTEGER), CAST(m AS INTEGER),
                           CAST(substr(rest, 1, instr(rest, '/') - 1) AS INTEGER)) AS iso_date
    FROM parts
)
SELECT "Data center", iso_date, "Power (MW)", "H100 equivalents", "Buildings operational", "Construction status",
    iso_date > (SELECT s.date_published FROM sources s WHERE s.source_id = 'epoch-data-centers'), "Total capital cost (2025 USD billions)", "Water use (MGD)", "Performance (8-bit OP/s)",
    'epoch-data-centers', resource_path('epoch_data_center_timelines') || ':' || upstream_line, upstream_line
FROM iso
ORDER BY upstream_line;
CREATE INDEX ai_data_center_timelines_data_center ON ai_data_center_timelines (data_center);  -- ai_data_centers reads by it
