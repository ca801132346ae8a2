-- mlperf_training_energy_bounds: the method's bound beside the measured wall energy of each MLPerf Training result
-- whose benchmark's size is published (mlperf_training_benchmark_sizes): training FLOPs = 6 × parameters × tokens
-- trained (the counted runs' mean train_samples, which gpt3 counts in tokens), bound_kwh = FLOPs / (peak GFLOPS/W ×
-- 1e9) / 3.6e6 with the accelerator's peak GFLOPS/W at each tensor precision (accelerator_efficiency's preferred row
-- of the accelerator that accelerator_aliases maps the system's accelerator_model_name to), and
-- measured_to_bound_ratio = energy_kwh / bound_kwh: the training-side counterpart of Table K.10's measured/estimated.
-- The bound counts the accelerators at peak and at TDP only; the measurement is every node at the wall (and the
-- submitter's switch estimate), through a benchmark run that starts from a checkpoint.
CREATE TABLE mlperf_training_energy_bounds (
    round TEXT NOT NULL, submitter TEXT NOT NULL, system TEXT NOT NULL, benchmark TEXT NOT NULL, precision TEXT NOT NULL,
    energy_kwh REAL, bound_kwh REAL, measured_to_bound_ratio REAL, training_flop REAL, parameters_count REAL,
    trained_tokens_count REAL, accelerator TEXT, peak_gflops_per_watt REAL, metering TEXT, accelerators_count INTEGER,
    source_id TEXT NOT NULL, locator TEXT NOT NULL,
    PRIMARY KEY (round, submitter, system, benchmark, precision)
);
INSERT INTO mlperf_training_energy_bounds
SELECT e.round, e.submitter, e.system, e.benchmark, a.precision, e.energy_kwh,
    6 * s.parameters_count * e.train_samples_count / (a.gflops_per_watt * 1e9) / 3.6e6,
    e.energy_kwh / (6 * s.parameters_count * e.train_samples_count / (a.gflops_per_watt * 1e9) / 3.6e6),
    6 * s.parameters_count * e.train_samples_count, s.parameters_count, e.train_samples_count, a.accelerator,
    a.gflops_per_watt, e.metering, e.accelerators_count, s.source_id, s.locator
FROM mlperf_training_energy e
JOIN mlperf_training_benchmark_sizes s ON s.benchmark = e.benchmark
JOIN accelerator_aliases l ON l.alias = e.accelerator_model_name AND l.source_id = 'mlperf-training-power'
JOIN accelerator_efficiency a ON a.accelerator = l.accelerator AND a.is_preferred = 1
    AND a.precision IN ('BF16/FP16 tensor', 'FP8')
ORDER BY e.round, e.submitter, e.system, e.benchmark, a.precision;
