-- mixed_precision_speedups: Table F.4 (arXiv Table 4) from inference_throughput.
-- Each TF32 or Mixed run is divided by the FP32 throughput of the same benchmark (domain, model, framework, batch
-- size): on the same GPU where that GPU has an FP32 run, otherwise on the Tesla V100, as the paper does for the
-- A100 (which has no FP32 runs). speedup is the mean of those ratios over the benchmarks of a domain, GPU and precision.
CREATE INDEX inference_throughput_benchmark ON inference_throughput (gpu, domain, model, framework, batch_size, precision);
CREATE TABLE mixed_precision_speedups (
    domain TEXT NOT NULL, gpu TEXT NOT NULL, precision TEXT NOT NULL, baseline TEXT NOT NULL, baseline_gpu TEXT NOT NULL,
    speedup REAL, n_benchmarks INTEGER NOT NULL,
    PRIMARY KEY (domain, gpu, precision, baseline_gpu)
);
INSERT INTO mixed_precision_speedups
WITH runs AS (
    SELECT r.domain, r.gpu, r.precision, r.model, r.framework, r.batch_size, r.throughput,
        (SELECT avg(b.throughput) FROM inference_throughput b
          WHERE b.precision = 'FP32' AND b.gpu = r.gpu AND b.domain = r.domain AND b.model = r.model
            AND b.framework = r.framework AND b.batch_size = r.batch_size) AS own_fp32,
        (SELECT avg(b.throughput) FROM inference_throughput b
          WHERE b.precision = 'FP32' AND b.gpu = 'Tesla V100' AND b.domain = r.domain AND b.model = r.model
            AND b.framework = r.framework AND b.batch_size = r.batch_size) AS v100_fp32
    FROM inference_throughput r
    WHERE r.precision <> 'FP32'
),
ratios AS (
    SELECT domain, gpu, precision,
        CASE WHEN own_fp32 IS NOT NULL THEN gpu ELSE 'Tesla V100' END AS baseline_gpu,
        throughput / coalesce(own_fp32, v100_fp32) AS ratio
    FROM runs
    WHERE coalesce(own_fp32, v100_fp32) IS NOT NULL
)
SELECT domain, gpu, precision, baseline_gpu || ' FP32' AS baseline, baseline_gpu,
    avg(ratio) AS speedup, count(*) AS n_benchmarks
FROM ratios
GROUP BY domain, gpu, precision, baseline_gpu
ORDER BY domain, gpu, precision;
