-- gpu_specs.gflops_per_watt: theoretical efficiency = peak TFLOPS × 1000 / TDP watts, per GPU and precision
-- (paper section 3 and Table J.8). A generated column, so it always follows the raw tflops and tdp_watts; written in
-- SQL, not as shared_sql.gflops_per_watt(), because any SQLite that opens the file must be able to read it.
ALTER TABLE gpu_specs ADD COLUMN gflops_per_watt REAL GENERATED ALWAYS AS (1000.0 * tflops / tdp_watts) VIRTUAL;
