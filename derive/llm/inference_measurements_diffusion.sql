-- inference_measurements_diffusion: every measured text-to-image and text-to-video configuration, as measured.
-- ML.ENERGY benchmark v3 (1,020 rows, H100 and B200): energy of the GPUs only (NVML), over the run's steady-state
-- window; joules_per_image and joules_per_video are ML.ENERGY's own figures. MLPerf Inference v4.1 and v5.1 Stable
-- Diffusion XL Offline results (8×H200, 8×B200): mean wall power of the whole system under test over the performance phase (source
-- mlperf-power-rules), joules_per_image = Power_Result W / Performance_Result samples/s (one sample is one image); its
-- Server results, in queries/s, are left out.
CREATE TABLE inference_measurements_diffusion (
    measurement_key TEXT NOT NULL PRIMARY KEY, source_id TEXT NOT NULL, locator TEXT NOT NULL, task TEXT NOT NULL, model TEXT NOT NULL,
    measured_model TEXT NOT NULL, gpu TEXT NOT NULL, num_gpus INTEGER, ulysses_degree INTEGER, ring_degree INTEGER,
    batch_size INTEGER, inference_steps INTEGER, image_height INTEGER, image_width INTEGER, video_height INTEGER,
    video_width INTEGER, num_frames INTEGER, fps INTEGER, weight_precision TEXT, total_params_billions REAL,
    active_params_billions REAL, power_watts REAL, joules_per_image REAL, joules_per_video REAL, batch_latency_s REAL,
    images_per_s REAL, videos_per_s REAL, meter_scope TEXT NOT NULL, joules_how TEXT NOT NULL
);
INSERT INTO inference_measurements_diffusion
SELECT 'mlenergy:' || c.upstream_line, 'mlenergy-benchmark-v3', resource_path('mlenergy_diffusion_configurations') || ':' || c.upstream_line,
    c.task, c.nickname, c.model_id, c.gpu_model, c.num_gpus, c.ulysses_degree, c.ring_degree, c.batch_size,
    c.inference_steps, c.image_height, c.image_width, c.video_height, c.video_width, c.num_frames, c.fps,
    c.weight_precision, c.total_params_billions, c.activated_params_billions, c.avg_power_watts,
    c.energy_per_image_joules, c.energy_per_video_joules, c.batch_latency_s, c.throughput_images_per_sec,
    c.throughput_videos_per_sec, 'GPUs only (NVML), steady-state window', 'as published'
FROM mlenergy_diffusion_configurations c
UNION ALL
SELECT 'mlperf:' || p.upstream_line, 'mlperf-inference-v4-1', resource_path('mlperf_inference_power') || ':' || p.upstream_line,
    'text-to-image', p."Model", p."Model", p."Accelerator", CAST(p."a#" AS INTEGER), NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, p.weight_data_types, NULL, NULL, p."Power_Result", p."Power_Result" / p."Performance_Result",
    NULL, NULL, p."Performance_Result", NULL,
    'whole system at the wall (power analyzer), performance phase', 'Power_Result / Performance_Result'
FROM mlperf_inference_power p
WHERE p."Model" = 'stable-diffusion-xl' AND p."Performance_Units" = 'Samples/s' AND p."Power_Units" = 'Watts'
UNION ALL
SELECT 'mlperf-v5-1:' || p.upstream_line, 'mlperf-inference-v5-1', resource_path('mlperf_inference_v5_1_power') || ':' || p.upstream_line,
    'text-to-image', p."Model", p."Model", p."Accelerator", p."a#", NULL, NULL, NULL, NULL, NULL, NULL,
    NULL, NULL, NULL, NULL, p.weight_data_types, NULL, NULL, p."Power_Result", p."Power_Result" / p."Performance_Result",
    NULL, NULL, p."Performance_Result", NULL,
    'whole system at the wall (power analyzer), performance phase', 'Power_Result / Performance_Result'
FROM mlperf_inference_v5_1_power p
WHERE p."Model" = 'stable-diffusion-xl' AND p."Performance_Units" = 'Samples/s' AND p."Power_Units" = 'Watts'
ORDER BY 1;
CREATE INDEX inference_measurements_diffusion_model ON inference_measurements_diffusion (model);
CREATE INDEX inference_measurements_diffusion_gpu ON inference_measurements_diffusion (gpu);
CREATE INDEX inference_measurements_diffusion_task ON inference_measurements_diffusion (task);
CREATE INDEX inference_measurements_diffusion_source_id ON inference_measurements_diffusion (source_id);
CREATE INDEX inference_measurements_diffusion_batch_size ON inference_measurements_diffusion (batch_size);
CREATE INDEX inference_measurements_diffusion_joules_per_image ON inference_measurements_diffusion (joules_per_image, measurement_key);
-- the site's facets of the table this file reads
CREATE INDEX mlenergy_diffusion_configurations_task ON mlenergy_diffusion_configurations (task);
CREATE INDEX mlenergy_diffusion_configurations_gpu_model ON mlenergy_diffusion_configurations (gpu_model);
