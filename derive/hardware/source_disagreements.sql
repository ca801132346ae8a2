-- source_disagreements: every value on which two sources of accelerator_specs disagree for the same accelerator, or
-- for an accelerator and the variant accelerator_aliases names as its nearest in Epoch AI's table (the paper's and
-- Epoch's rows meet through that curated name matching; match says which): release dates more than
-- 30 days apart, and TDPs or same-precision peaks that differ beyond rounding, i.e. by more than half a unit in the
-- last significant digit of the less precise of the two (15.7 vs 15.67 agree; 235 vs 245 do not; a trailing zero is
-- not counted as significant, since tables pad their figures to a fixed number of decimals). source_a is the preferred
-- source (the paper before Epoch, as in accelerator_efficiency), source_b the other; difference = value_b − value_a,
-- in days for release_date.
CREATE TABLE source_disagreements (
    accelerator TEXT NOT NULL,
    match TEXT NOT NULL,
    quantity TEXT NOT NULL,
    precision TEXT,
    source_a TEXT NOT NULL,
    source_name_a TEXT NOT NULL,
    value_a NOT NULL,
    locator_a TEXT NOT NULL,
    source_b TEXT NOT NULL,
    source_name_b TEXT NOT NULL,
    value_b NOT NULL,
    locator_b TEXT NOT NULL,
    difference REAL NOT NULL,
    unit TEXT NOT NULL,
    tolerance REAL NOT NULL,
    relative_difference REAL
);
INSERT INTO source_disagreements
WITH facts AS (  -- one value per accelerator, source and quantity; a date and a TDP are the same on every precision row;
    -- accelerator_efficiency: accelerator_specs' rows with their source_rank
    SELECT accelerator, 'release_date' AS quantity, NULL AS precision, source_id, source_rank, min(source_name) AS source_name,
        min(release_date) AS value, min(locator) AS locator, 'day' AS unit
    FROM accelerator_efficiency WHERE release_date IS NOT NULL GROUP BY accelerator, source_id
    UNION ALL
    SELECT accelerator, 'tdp_watts', NULL, source_id, source_rank, min(source_name), min(tdp_watts), min(locator), 'W'
    FROM accelerator_efficiency WHERE tdp_watts IS NOT NULL GROUP BY accelerator, source_id
    UNION ALL
    SELECT accelerator, 'dense_tflops', precision, source_id, source_rank, source_name, dense_tflops, locator, 'TFLOPS'
    FROM accelerator_efficiency
),
rounded AS (  -- half a unit in the last digit of each number written to 6 decimals without trailing zeros (integers: 0.5),
    -- and what to compare it with:
    -- the same accelerator, or the Epoch variant a 'nearest variant' alias names
    SELECT f.*, coalesce(v.accelerator, f.accelerator) AS compared_as, CASE WHEN unit = 'day' THEN 30
        ELSE 0.5 * pow(10, -max(0, length(digits) - instr(digits || '.', '.'))) END AS half_unit
    FROM (SELECT *, rtrim(rtrim(printf('%.6f', value), '0'), '.') AS digits FROM facts) f
    LEFT JOIN accelerator_aliases v ON v.match = 'nearest variant' AND v.source_id = f.source_id AND v.alias = f.source_name
),
pairs AS (
    SELECT a.accelerator, CASE WHEN a.accelerator = b.accelerator THEN 'same product' ELSE 'nearest variant' END AS match,
        a.quantity, a.precision, a.source_id AS source_a, a.source_name AS source_name_a, a.value AS value_a,
        a.locator AS locator_a, b.source_id AS source_b, b.source_name AS source_name_b, b.value AS value_b, b.locator AS locator_b,
        CASE WHEN a.unit = 'day' THEN julianday(b.value) - julianday(a.value) ELSE b.value - a.value END AS difference,
        a.unit, max(a.half_unit, b.half_unit) AS tolerance,
        CASE WHEN a.unit != 'day' THEN (b.value - a.value) / a.value END AS relative_difference
    FROM rounded a
    JOIN rounded b ON b.compared_as = a.compared_as AND b.quantity = a.quantity AND b.precision IS a.precision
        AND (a.source_rank, a.source_id) < (b.source_rank, b.source_id)
)
SELECT * FROM pairs WHERE abs(difference) > tolerance + 1e-9
ORDER BY accelerator, quantity, precision, source_a, source_b;
CREATE INDEX source_disagreements_quantity ON source_disagreements (quantity);
CREATE INDEX source_disagreements_precision ON source_disagreements (precision);
CREATE INDEX source_disagreements_source_a ON source_disagreements (source_a);
CREATE INDEX source_disagreements_source_b ON source_disagreements (source_b);
CREATE INDEX source_disagreements_match ON source_disagreements (match);
