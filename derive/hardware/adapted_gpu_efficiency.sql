-- adapted_gpu_efficiency: Table J.9 per domain. Every FP32 row of gpu_specs as it is (adapted = 0), plus adapted
-- rows (adapted = 1): TFLOPS = the baseline GPU's FP32 TFLOPS × the domain's mixed-precision speed-up
-- (mixed_precision_speedups), and GFLOPS/W = that × 1000 / the adapted GPU's own TDP.
CREATE TABLE adapted_gpu_efficiency (
    domain TEXT NOT NULL, gpu TEXT NOT NULL, precision TEXT NOT NULL, tflops REAL, tdp_watts REAL, launch_date TEXT,
    gpu_type TEXT, gflops_per_watt REAL, adapted INTEGER NOT NULL, baseline TEXT, speedup REAL
);  -- no primary key: baseline is empty for FP32 rows, and an API page follows rowid, which is never empty
INSERT INTO adapted_gpu_efficiency
WITH domains(domain) AS (VALUES ('cv'), ('nlp')),
fp32 AS (SELECT gpu, tflops, tdp_watts, launch_date, gpu_type FROM gpu_specs WHERE precision = 'FP32')
SELECT d.domain, f.gpu, 'FP32' AS precision, f.tflops, f.tdp_watts, f.launch_date, f.gpu_type,
    gflops_per_watt(f.tflops, f.tdp_watts) AS gflops_per_watt, 0 AS adapted, NULL AS baseline, NULL AS speedup
FROM domains d CROSS JOIN fp32 f
UNION ALL
SELECT s.domain, s.gpu, s.precision, b.tflops * s.speedup AS tflops, g.tdp_watts, g.launch_date, g.gpu_type,
    gflops_per_watt(b.tflops, g.tdp_watts, s.speedup) AS gflops_per_watt, 1 AS adapted, s.baseline, s.speedup
FROM mixed_precision_speedups s
JOIN fp32 b ON b.gpu = s.baseline_gpu
JOIN fp32 g ON g.gpu = s.gpu
ORDER BY domain, gpu, precision, baseline;
CREATE UNIQUE INDEX adapted_gpu_efficiency_key ON adapted_gpu_efficiency (domain, gpu, precision, ifnull(baseline, ''));
-- a GPU's rows by name, as the canned queries look them up
CREATE INDEX adapted_gpu_efficiency_gpu ON adapted_gpu_efficiency (gpu);
