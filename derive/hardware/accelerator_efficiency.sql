-- accelerator_efficiency: every accelerator_specs row with its theoretical efficiency, GFLOPS/W = 1000 × dense TFLOPS
-- / TDP W (empty where the TDP is unknown or the peak is sparse), and is_preferred = 1 on exactly one row per
-- accelerator × precision among the rows with a GFLOPS/W: the lowest source_rank, ties broken by source_id. source_rank
-- is the source preference, written here once (source_disagreements reads it): 0 for a gpu_specs row (the paper's, or a
-- datasheet's a contributor transcribed there), 1 for Epoch AI's, 2 for any other source's.
CREATE TABLE accelerator_efficiency AS
WITH e AS (
    SELECT *, CAST(CASE WHEN sparsity = 'dense' THEN gflops_per_watt(dense_tflops, tdp_watts) END AS REAL) AS gflops_per_watt,
        CASE WHEN source_id IN (SELECT source_id FROM gpu_specs) THEN 0
             WHEN source_id = 'epoch-ml-hardware' THEN 1 ELSE 2 END AS source_rank
    FROM accelerator_specs  -- CAST: a typed column, whose pages Datasette can sort and page by value
)
SELECT *,
    CAST(CASE WHEN gflops_per_watt IS NULL THEN 0
         ELSE row_number() OVER (PARTITION BY accelerator, precision, gflops_per_watt IS NULL
              ORDER BY source_rank, source_id) = 1 END AS INTEGER) AS is_preferred
FROM e
ORDER BY accelerator, precision, source_id;
CREATE INDEX accelerator_efficiency_accelerator ON accelerator_efficiency (accelerator, precision);  -- later relations' look-ups
CREATE INDEX accelerator_efficiency_gflops_per_watt ON accelerator_efficiency (gflops_per_watt DESC);
CREATE INDEX accelerator_efficiency_vendor ON accelerator_efficiency (vendor);
CREATE INDEX accelerator_efficiency_precision ON accelerator_efficiency (precision);
CREATE INDEX accelerator_efficiency_is_preferred ON accelerator_efficiency (is_preferred);
CREATE INDEX accelerator_efficiency_source_id ON accelerator_efficiency (source_id);
CREATE INDEX accelerator_efficiency_accelerator_type ON accelerator_efficiency (accelerator_type);
CREATE INDEX accelerator_efficiency_release_date ON accelerator_efficiency (release_date);
