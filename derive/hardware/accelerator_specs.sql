-- accelerator_specs: one row per accelerator × precision × source: the paper's gpu_specs rows beside every peak of
-- Epoch AI's hardware table, in one precision vocabulary (FP64, FP32, TF32, FP16, BF16/FP16 tensor, FP8, INT8, FP4).
-- Reading of each source (source_precision says which label or column a row comes from):
--   gpu_specs.precision: 'FP16/FP32 Tensor' and 'BF16' -> 'BF16/FP16 tensor'; the others are the same word.
--   Epoch's columns: "FP64 (double precision) ..." -> FP64, "FP32 (single precision) ..." -> FP32,
--   "TF32 (TensorFloat-32) ..." -> TF32, "FP16 (half precision) ..." (non-tensor) -> FP16,
--   "Tensor-FP16/BF16 ..." -> BF16/FP16 tensor, "FP8 ..." -> FP8, "INT8 ... (OP/s)" -> INT8, "FP4 ..." -> FP4;
--   INT16 and INT4 are not read. A cell its column misfiles is read as accelerator_spec_readings says (another
--   precision, or not at all), with that table's notes in reading_notes.
-- accelerator: Epoch's 'Hardware name' where accelerator_aliases maps the row's name, as the row's source writes it,
-- to it as the same product; else the source's own name (a 'nearest variant' keeps its own name). vendor of a gpu_specs row: the aliased Epoch row's, else NVIDIA (gpu_specs holds
-- NVIDIA GPUs).
-- tdp_basis: 'estimated by source' where Epoch's Notes say the maker states no official TDP (Epoch's estimates for
-- TPU v4, v5e, v5p, v6e and v7), else 'stated'. sparsity: 'sparse' where Epoch's Notes mention sparsity without saying
-- the figures are dense (without sparsity, or converted to dense) for a tensor-unit precision, else 'dense'.
CREATE TABLE accelerator_specs (
    accelerator TEXT NOT NULL,
    source_name TEXT NOT NULL,
    vendor TEXT,
    accelerator_type TEXT,
    release_date TEXT,
    precision TEXT NOT NULL,
    source_precision TEXT NOT NULL,
    dense_tflops REAL NOT NULL,
    tdp_watts REAL,
    tdp_basis TEXT,
    sparsity TEXT NOT NULL,
    source_id TEXT NOT NULL,
    locator TEXT NOT NULL,
    notes TEXT,
    reading_notes TEXT,
    PRIMARY KEY (accelerator, precision, source_id)
);
INSERT INTO accelerator_specs
WITH hardware AS MATERIALIZED (  -- once per Epoch row: what its Notes say
    SELECT *,
        CASE WHEN "TDP (W)" IS NULL THEN NULL
             WHEN Notes LIKE '%not officially state%TDP%' OR Notes LIKE '%no official TDP%' THEN 'estimated by source'
             ELSE 'stated' END AS tdp_basis,
        coalesce(Notes LIKE '%spars%' AND NOT (Notes LIKE '%without sparsity%' OR Notes LIKE '%to performance over dense%'), 0)
            AS notes_say_sparse
    FROM epoch_ml_hardware
),
columns (source_column, precision) AS (VALUES  -- Epoch's peak columns and the precision each is read as
    ('FP64 (double precision) performance (FLOP/s)', 'FP64'),
    ('FP32 (single precision) performance (FLOP/s)', 'FP32'),
    ('TF32 (TensorFloat-32) performance (FLOP/s)', 'TF32'),
    ('FP16 (half precision) performance (FLOP/s)', 'FP16'),
    ('Tensor-FP16/BF16 performance (FLOP/s)', 'BF16/FP16 tensor'),
    ('FP8 performance (FLOP/s)', 'FP8'),
    ('INT8 performance (OP/s)', 'INT8'),
    ('FP4 performance (FLOP/s)', 'FP4')
),
cells AS (
    SELECT h.upstream_line, h."Hardware name" AS name, h.Manufacturer, h."Type", h."Release date", h."TDP (W)", h.Notes,
        h.tdp_basis, h.notes_say_sparse, c.source_column, c.precision,
        CASE c.precision WHEN 'FP64' THEN h."FP64 (double precision) performance (FLOP/s)"
                         WHEN 'FP32' THEN h."FP32 (single precision) performance (FLOP/s)"
                         WHEN 'TF32' THEN h."TF32 (TensorFloat-32) performance (FLOP/s)"
                         WHEN 'FP16' THEN h."FP16 (half precision) performance (FLOP/s)"
                         WHEN 'BF16/FP16 tensor' THEN h."Tensor-FP16/BF16 performance (FLOP/s)"
                         WHEN 'FP8' THEN h."FP8 performance (FLOP/s)"
                         WHEN 'INT8' THEN h."INT8 performance (OP/s)"
                         WHEN 'FP4' THEN h."FP4 performance (FLOP/s)" END AS flops
    FROM hardware h CROSS JOIN columns c
),
epoch_peaks AS (  -- one row per Epoch row × peak column read, with its reading
    SELECT c.*, coalesce(r.precision, c.precision) AS read_as, r.notes AS reading_notes
    FROM cells c
    LEFT JOIN accelerator_spec_readings r
        ON r.source_id = 'epoch-ml-hardware' AND r.accelerator = c.name AND r.source_column = c.source_column
    WHERE c.flops > 0 AND NOT (r.source_id IS NOT NULL AND r.precision IS NULL)
)
SELECT coalesce(a.accelerator, g.gpu), g.gpu, coalesce(e.Manufacturer, 'NVIDIA'), 'GPU', g.launch_date,
    CASE g.precision WHEN 'FP16/FP32 Tensor' THEN 'BF16/FP16 tensor' WHEN 'BF16' THEN 'BF16/FP16 tensor' ELSE g.precision END,
    g.precision, g.tflops, g.tdp_watts, 'stated', 'dense', g.source_id, g.locator, g.notes, NULL
FROM gpu_specs g
LEFT JOIN accelerator_aliases a ON a.alias = g.gpu AND a.source_id = g.source_id AND a.match = 'same product'
LEFT JOIN epoch_ml_hardware e ON e."Hardware name" = a.accelerator
UNION ALL
SELECT name, name, Manufacturer, "Type", "Release date", read_as, source_column, flops / 1e12, "TDP (W)", tdp_basis,
    CASE WHEN notes_say_sparse AND read_as IN ('TF32', 'BF16/FP16 tensor', 'FP8', 'INT8', 'FP4') THEN 'sparse' ELSE 'dense' END,
    'epoch-ml-hardware', (SELECT resource_path('epoch_ml_hardware')) || ':' || upstream_line, Notes, reading_notes
FROM epoch_peaks
ORDER BY 1, 6, 12;
CREATE INDEX accelerator_aliases_match ON accelerator_aliases (match);
CREATE INDEX accelerator_spec_readings_source_column ON accelerator_spec_readings (source_column);
CREATE INDEX accelerator_specs_release_date ON accelerator_specs (release_date, accelerator, precision, source_id);
CREATE INDEX accelerator_specs_vendor ON accelerator_specs (vendor);
CREATE INDEX accelerator_specs_precision ON accelerator_specs (precision);
CREATE INDEX accelerator_specs_source_id ON accelerator_specs (source_id);
CREATE INDEX accelerator_specs_accelerator_type ON accelerator_specs (accelerator_type);
CREATE INDEX accelerator_specs_tdp_basis ON accelerator_specs (tdp_basis);
