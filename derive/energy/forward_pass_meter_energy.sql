-- forward_pass_meter_energy: every run of this project's measurement harness (forward_pass_meter_runs), computed from
-- its NVML energy-counter readings. images = forward_passes × batch_size; joules_per_image = window energy / images;
-- joules_per_image_above_idle subtracts idle_power_watts × window_s first (the energy the forward passes add to an idle
-- GPU); images_per_s = images / window_s. measure/arithmetic.py computes the same for the harness's own summary.
CREATE TABLE forward_pass_meter_energy (
    run_id TEXT NOT NULL PRIMARY KEY, model_id TEXT NOT NULL, model TEXT, gpu_name TEXT, gpu TEXT, precision TEXT, batch_size INTEGER,
    input_resolution_px INTEGER, images INTEGER, window_s REAL, mean_power_watts REAL, idle_power_watts REAL,
    images_per_s REAL, joules_per_image REAL, joules_per_image_above_idle REAL, counted_gflops REAL, gflops REAL,
    counted_over_listed_gflops REAL, measured_on TEXT, source_id TEXT
);
INSERT INTO forward_pass_meter_energy
SELECT r.run_id, r.model_id, c.model, r.gpu_name, r.gpu, r.precision, r.batch_size, r.input_resolution_px,
    r.forward_passes * r.batch_size AS images, r.window_s,
    r.window_energy_mj / 1000.0 / r.window_s AS mean_power_watts,
    r.idle_energy_mj / 1000.0 / r.idle_window_s AS idle_power_watts,
    r.forward_passes * r.batch_size / r.window_s AS images_per_s,
    r.window_energy_mj / 1000.0 / (r.forward_passes * r.batch_size) AS joules_per_image,
    (r.window_energy_mj / 1000.0 - r.idle_energy_mj / 1000.0 / r.idle_window_s * r.window_s) / (r.forward_passes * r.batch_size)
        AS joules_per_image_above_idle,
    r.counted_flops_per_image / 1e9 AS counted_gflops, c.gflops, r.counted_flops_per_image / 1e9 / c.gflops AS counted_over_listed_gflops,
    r.measured_on, r.source_id
FROM forward_pass_meter_runs r
JOIN cv_models c ON c.model_id = r.model_id;
