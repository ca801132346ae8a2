-- fit_points, family 'efficiency', domain 'hardware': the points of the accelerator trends 2010–2026, one fit per
-- precision basis: every accelerator's preferred row of accelerator_efficiency (the paper's GPUs and every Epoch AI row)
-- released 2010-01-01 to 2026-12-31 with a GFLOPS/W at that precision. The paper's fits are untouched: their points
-- come only from efficiency_fit_points.
CREATE TEMP TABLE accelerator_fit_bases (fit_id TEXT PRIMARY KEY, precision TEXT NOT NULL, basis TEXT NOT NULL);
INSERT INTO accelerator_fit_bases VALUES
    ('accelerators-2010-2026-fp32', 'FP32', 'FP32 peak'),
    ('accelerators-2010-2026-bf16-fp16-tensor', 'BF16/FP16 tensor', 'BF16/FP16 tensor peak'),
    ('accelerators-2010-2026-fp8', 'FP8', 'FP8 peak');
INSERT INTO fit_points
SELECT b.fit_id, 'efficiency', 'hardware', a.accelerator || ' ' || a.precision, a.release_date, a.gflops_per_watt
FROM accelerator_fit_bases b
JOIN accelerator_efficiency a ON a.precision = b.precision AND a.is_preferred = 1
WHERE a.release_date BETWEEN '2010-01-01' AND '2026-12-31'
ORDER BY 1, 4;
