-- accelerator_fit_bases: the accelerator trends 2010–2026, one fit per precision basis (hardware_fit_points takes their
-- points, efficiency_fits names their basis). A temporary relation: the database keeps the fits, not this list.
CREATE TEMP TABLE accelerator_fit_bases (fit_id TEXT PRIMARY KEY, precision TEXT NOT NULL, basis TEXT NOT NULL);
INSERT INTO accelerator_fit_bases VALUES
    ('accelerators-2010-2026-fp32', 'FP32', 'FP32 peak'),
    ('accelerators-2010-2026-bf16-fp16-tensor', 'BF16/FP16 tensor', 'BF16/FP16 tensor peak'),
    ('accelerators-2010-2026-fp8', 'FP8', 'FP8 peak');
