-- mlperf_training_energy_runs: the energy of every MLPerf Training run with power (mlperf_training_power), one row per
-- run: the sum over its node files (wall power of each node, metered AC or DC as the submitter states) and over its
-- switch files (the submitter's interconnect estimate), each file's energy by MLCommons' summarizer method (see
-- mlperf_training_power); energy_kwh = energy_j / 3.6e6; mean_power_kw = energy_j / time to train / 1000.
-- metering: the conversion_eff event's measurement_type where logged, else the submitter folder's (smc-ac-power: AC,
-- smc-dc-power: DC). time_rank: the run's rank by time to train among the result's converged runs (1: fastest).
CREATE TABLE mlperf_training_energy_runs (
    round TEXT NOT NULL, submitter TEXT NOT NULL, system TEXT NOT NULL, benchmark TEXT NOT NULL, result TEXT NOT NULL,
    energy_kwh REAL NOT NULL, time_to_train_minutes REAL NOT NULL, mean_power_kw REAL, node_energy_kwh REAL NOT NULL,
    switch_energy_kwh REAL NOT NULL, energy_j REAL NOT NULL, run_status TEXT, metering TEXT, number_of_nodes INTEGER,
    accelerators_count INTEGER, accelerator_model_name TEXT, node_file_count INTEGER NOT NULL,
    switch_file_count INTEGER NOT NULL, conversion_eff REAL, train_samples REAL, time_rank INTEGER,
    scaling_factor REAL, result_file_path TEXT NOT NULL, result_file_sha256 TEXT NOT NULL, source_id TEXT NOT NULL,
    locator TEXT NOT NULL,
    PRIMARY KEY (round, submitter, system, benchmark, result)
);
INSERT INTO mlperf_training_energy_runs
WITH runs AS (
    SELECT round, submitter, system, benchmark, result, max(run_status) AS run_status, max(time_to_train_ms) AS ttt_ms,
        sum(energy_j) AS energy_j, sum(CASE WHEN file_kind = 'node' THEN energy_j ELSE 0 END) AS node_j,
        sum(CASE WHEN file_kind = 'switch' THEN energy_j ELSE 0 END) AS switch_j,
        coalesce(max(measurement_type), CASE WHEN submitter LIKE '%-dc-%' THEN 'DC' WHEN submitter LIKE '%-ac-%' THEN 'AC' END) AS metering,
        max(number_of_nodes) AS nodes, max(number_of_nodes) * max(accelerators_per_node) AS accelerators,
        max(accelerator_model_name) AS accelerator, sum(file_kind = 'node') AS node_files, sum(file_kind = 'switch') AS switch_files,
        max(CASE WHEN file_kind = 'node' THEN conversion_eff END) AS conversion_eff, max(train_samples) AS train_samples,
        max(scaling_factor) AS scaling_factor, max(result_file_path) AS result_file_path, max(result_file_sha256) AS result_file_sha256,
        min(upstream_line) AS first_line, max(upstream_line) AS last_line
    FROM mlperf_training_power
    GROUP BY round, submitter, system, benchmark, result
)
SELECT round, submitter, system, benchmark, result, energy_j / 3.6e6, ttt_ms / 60000.0, energy_j / ttt_ms, node_j / 3.6e6,
    switch_j / 3.6e6, energy_j, run_status, metering, nodes, accelerators, accelerator, node_files, switch_files,
    conversion_eff, train_samples,
    CASE WHEN run_status = 'success' THEN row_number() OVER (PARTITION BY round, submitter, system, benchmark, run_status = 'success'
                                                             ORDER BY ttt_ms, result) END,
    scaling_factor, result_file_path, result_file_sha256, 'mlperf-training-power',
    resource_path('mlperf_training_power') || ':' || first_line || '-' || last_line
FROM runs
ORDER BY round, submitter, system, benchmark, result;
