-- mlperf_training_energy: the energy of each MLPerf Training power result (a system × benchmark of a submitter), by
-- the rules' mean over runs as MLCommons' result summarizer computes it (_index_olympic_average): the converged runs
-- sorted by time to train, the max_dropped fastest and the (max_dropped − non-converged runs) slowest left out
-- (max_dropped = 4 for unet3d, else 1), the others' energies averaged, × the folder's scaling.json factor. The score,
-- time_to_train_minutes, is the same mean of the times. energy_kwh = energy_j / 3.6e6; mean_power_kw = energy_j /
-- (time_to_train_minutes × 60) / 1000; switch_share = the interconnect estimate's part of the counted runs' energy.
-- No score where more runs failed to converge than max_dropped (the summarizer's "CRITICAL ERROR").
CREATE TABLE mlperf_training_energy (
    round TEXT NOT NULL, submitter TEXT NOT NULL, system TEXT NOT NULL, benchmark TEXT NOT NULL, energy_kwh REAL,
    time_to_train_minutes REAL, mean_power_kw REAL, accelerators_count INTEGER, accelerator_model_name TEXT,
    metering TEXT, number_of_nodes INTEGER, energy_j REAL, switch_share REAL, run_count INTEGER NOT NULL,
    runs_counted INTEGER NOT NULL, non_converged_runs INTEGER NOT NULL, max_dropped_runs INTEGER NOT NULL,
    scaling_factor REAL, kwh_per_accelerator REAL, train_samples_count REAL, source_id TEXT NOT NULL, locator TEXT NOT NULL,
    PRIMARY KEY (round, submitter, system, benchmark)
);
INSERT INTO mlperf_training_energy
WITH r AS (
    SELECT *, CASE benchmark WHEN 'unet3d' THEN 4 ELSE 1 END AS max_dropped,
        sum(run_status IS NOT 'success') OVER w AS dropped, sum(run_status = 'success') OVER w AS converged
    FROM mlperf_training_energy_runs
    WINDOW w AS (PARTITION BY round, submitter, system, benchmark)
),
counted AS (
    SELECT *, run_status = 'success' AND dropped <= max_dropped AND time_rank > max_dropped
              AND time_rank <= converged - (max_dropped - dropped) AS is_counted
    FROM r
)
SELECT round, submitter, system, benchmark,
    avg(CASE WHEN is_counted THEN energy_j END) * max(scaling_factor) / 3.6e6,
    avg(CASE WHEN is_counted THEN time_to_train_minutes END) * max(scaling_factor),
    avg(CASE WHEN is_counted THEN energy_j END) / (avg(CASE WHEN is_counted THEN time_to_train_minutes END) * 60) / 1000,
    max(accelerators_count), max(accelerator_model_name), max(metering), max(number_of_nodes),
    avg(CASE WHEN is_counted THEN energy_j END) * max(scaling_factor),
    sum(CASE WHEN is_counted THEN switch_energy_kwh END) / sum(CASE WHEN is_counted THEN energy_kwh END),
    count(*), sum(is_counted), max(dropped), max(max_dropped), max(scaling_factor),
    avg(CASE WHEN is_counted THEN energy_j END) * max(scaling_factor) / 3.6e6 / max(accelerators_count),
    avg(CASE WHEN is_counted THEN train_samples END),
    'mlperf-training-power',
    (SELECT resource_path('mlperf_training_power') || ':' || min(p.upstream_line) || '-' || max(p.upstream_line)
     FROM mlperf_training_power p WHERE p.round = c.round AND p.submitter = c.submitter AND p.system = c.system
       AND p.benchmark = c.benchmark)
FROM counted c
GROUP BY round, submitter, system, benchmark
ORDER BY round, submitter, system, benchmark;
