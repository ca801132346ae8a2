-- published_value_checks: every derived number a source prints (the published_* columns), beside the value
-- recomputed from the raw rows it follows from, and how far apart they may be given the source's rounding.
-- Materialised at build time: half_unit(relation, row_key, column) is half a unit in the last digit of that cell as
-- printed in the CSV (build.py provides it), and tolerance adds the rounding of the published value to the rounding
-- of the inputs, propagated. agrees = 1 when |published − recomputed| <= tolerance. build.py fails on a disagreement
-- that data/known_errata.csv does not list, and on a listed erratum that no longer disagrees.
CREATE TABLE published_value_checks AS
WITH fit_point_values AS (
    -- each Table J.9 point beside our value, and the FP32 TFLOPS it is scaled from (its own, or the speed-up's baseline)
    SELECT p.fit_id || '|' || p.gpu || '|' || p.precision AS key, p.gpu, p.published_tflops, p.published_gflops_per_watt,
        a.tflops, a.tdp_watts, a.gflops_per_watt, b.tflops AS baseline_tflops,
        half_unit('gpu_specs', b.gpu || '|FP32', 'tflops') AS baseline_half_unit
    FROM efficiency_fit_points p
    JOIN adapted_gpu_efficiency a ON a.domain = p.domain AND a.gpu = p.gpu AND a.precision = p.precision
    LEFT JOIN mixed_precision_speedups s ON s.domain = p.domain AND s.gpu = p.gpu AND s.precision = p.precision
    JOIN gpu_specs b ON b.gpu = coalesce(s.baseline_gpu, p.gpu) AND b.precision = 'FP32'
),
card_sums AS (
    -- each printed total beside the sum of its card's rows (and of their stages), and the rounding of those rows
    SELECT c.*, sum(r.accelerator_hours) AS hours, sum(r.reported_co2e_kg) AS co2e_kg, sum(r.reported_market_co2e_kg) AS market_co2e_kg,
        sum(coalesce(half_unit('training_runs', r.run_id, 'accelerator_hours'), 0)) AS hours_half_units,
        sum(coalesce(half_unit('training_runs', r.run_id, 'reported_co2e_kg'), 0)) AS co2e_half_units,
        sum(coalesce(half_unit('training_runs', r.run_id, 'reported_market_co2e_kg'), 0)) AS market_half_units
    FROM training_run_totals c
    JOIN training_runs r ON r.rowid IN (  -- a card's rows and their stages, looked up, not an OR over every pair of rows
        SELECT x.rowid FROM training_runs x WHERE x.card_id = c.card_id
        UNION SELECT x.rowid FROM training_runs p JOIN training_runs x ON x.part_of_run_id = p.run_id WHERE p.card_id = c.card_id)
    GROUP BY c.total_id
),
checks(relation, row_key, column_name, published_value, recomputed_value, tolerance, formula) AS (
    SELECT 'gpu_specs', gpu || '|' || precision, 'published_gflops_per_watt', published_gflops_per_watt, gflops_per_watt,
        half_unit('gpu_specs', gpu || '|' || precision, 'published_gflops_per_watt')
        + 1000.0 * (half_unit('gpu_specs', gpu || '|' || precision, 'tflops') / tdp_watts
                    + tflops * half_unit('gpu_specs', gpu || '|' || precision, 'tdp_watts') / (tdp_watts * tdp_watts)),
        '1000 × tflops / tdp_watts'
    FROM gpu_specs WHERE published_gflops_per_watt IS NOT NULL
    UNION ALL
    SELECT 'efficiency_fit_points', key, 'published_gflops_per_watt', published_gflops_per_watt, gflops_per_watt,
        half_unit('efficiency_fit_points', key, 'published_gflops_per_watt')
        + gflops_per_watt * (baseline_half_unit / baseline_tflops + half_unit('gpu_specs', gpu || '|FP32', 'tdp_watts') / tdp_watts),
        'adapted_gpu_efficiency.gflops_per_watt'
    FROM fit_point_values WHERE published_gflops_per_watt IS NOT NULL
    UNION ALL
    SELECT 'efficiency_fit_points', key, 'published_tflops', published_tflops, tflops,
        half_unit('efficiency_fit_points', key, 'published_tflops') + tflops * baseline_half_unit / baseline_tflops,
        'adapted_gpu_efficiency.tflops'
    FROM fit_point_values WHERE published_tflops IS NOT NULL
    UNION ALL
    SELECT 'inference_throughput', key, 'published_speedup', published_speedup, throughput / base,
        half_unit('inference_throughput', key, 'published_speedup')
        + throughput / base * (half_unit('inference_throughput', key, 'throughput') / throughput + base_half_unit / base),
        'throughput / FP32 throughput of the same benchmark (own GPU, else Tesla V100)'
    FROM (
        SELECT r.*, r.domain || '|' || r.model || '|' || r.framework || '|' || r.batch_size || '|' || r.gpu_variant || '|' || r.precision AS key,
            coalesce(own.throughput, v.throughput) AS base,
            half_unit('inference_throughput', coalesce(own.domain, v.domain) || '|' || coalesce(own.model, v.model) || '|' || coalesce(own.framework, v.framework)
                || '|' || coalesce(own.batch_size, v.batch_size) || '|' || coalesce(own.gpu_variant, v.gpu_variant) || '|FP32', 'throughput') AS base_half_unit
        FROM inference_throughput r
        LEFT JOIN inference_throughput own ON own.precision = 'FP32' AND own.gpu = r.gpu AND own.domain = r.domain
            AND own.model = r.model AND own.framework = r.framework AND own.batch_size = r.batch_size
        LEFT JOIN inference_throughput v ON v.precision = 'FP32' AND v.gpu = 'Tesla V100' AND v.domain = r.domain
            AND v.model = r.model AND v.framework = r.framework AND v.batch_size = r.batch_size
        WHERE r.published_speedup IS NOT NULL
    )
    UNION ALL
    SELECT 'published_speedups', p.domain || '|' || p.gpu || '|' || p.precision, 'published_speedup', p.published_speedup, s.speedup,
        half_unit('published_speedups', p.domain || '|' || p.gpu || '|' || p.precision, 'published_speedup'),
        'mixed_precision_speedups.speedup'
    FROM published_speedups p
    LEFT JOIN mixed_precision_speedups s ON s.domain = p.domain AND s.gpu = p.gpu AND s.precision = p.precision
    UNION ALL
    SELECT 'energy_measurements', measurement_id, 'published_joules', published_joules, power_watts / throughput_per_s,
        half_unit('energy_measurements', measurement_id, 'published_joules')
        + power_watts / throughput_per_s * (half_unit('energy_measurements', measurement_id, 'power_watts') / power_watts
                                            + half_unit('energy_measurements', measurement_id, 'throughput_per_s') / throughput_per_s),
        'power_watts / throughput_per_s'
    FROM energy_measurements WHERE published_joules IS NOT NULL
    UNION ALL
    SELECT 'energy_measurements', measurement_id, 'published_estimated_joules', published_estimated_joules, estimated_joules,
        half_unit('energy_measurements', measurement_id, 'published_estimated_joules'),
        'energy_estimates_vs_measured.estimated_joules (desislavov2023-cv fit)'
    FROM energy_estimates_vs_measured WHERE fit_id = 'desislavov2023-cv' AND published_estimated_joules IS NOT NULL
    UNION ALL
    SELECT 'flops_scaling_estimates', model_id, 'published_gflops', published_gflops, recomputed_gflops,
        half_unit('flops_scaling_estimates', model_id, 'published_gflops'),
        'base_gflops × depth factor × width factor² × resolution factor² (Eq. H.1)'
    FROM flops_scaling_checks
    UNION ALL
    SELECT 'reference_energies', reference_id, 'published_power_watts', published_power_watts,
        coalesce(daily_energy_kcal * 4184.0 / 86400.0, annual_energy_kwh * 3600000.0 / (365.25 * 86400.0)),
        half_unit('reference_energies', reference_id, 'published_power_watts'),
        'kcal/day × 4184 J/kcal / 86400 s, or kWh/year × 3.6e6 J/kWh / (365.25 × 86400 s)'
    FROM reference_energies WHERE published_power_watts IS NOT NULL
    UNION ALL
    SELECT 'training_run_totals', total_id, 'published_accelerator_hours', published_accelerator_hours,
        hours + coalesce(unlisted_accelerator_hours, 0),
        half_unit('training_run_totals', total_id, 'published_accelerator_hours') + hours_half_units
        + coalesce(half_unit('training_run_totals', total_id, 'unlisted_accelerator_hours'), 0),
        'sum of the rows'' accelerator_hours (stages included) + unlisted_accelerator_hours'
    FROM card_sums WHERE published_accelerator_hours IS NOT NULL
    UNION ALL
    SELECT 'training_run_totals', total_id, 'published_co2e_kg', published_co2e_kg, co2e_kg,
        half_unit('training_run_totals', total_id, 'published_co2e_kg') + co2e_half_units,
        'sum of the rows'' reported_co2e_kg'
    FROM card_sums WHERE published_co2e_kg IS NOT NULL
    UNION ALL
    SELECT 'training_run_totals', total_id, 'published_market_co2e_kg', published_market_co2e_kg, market_co2e_kg,
        half_unit('training_run_totals', total_id, 'published_market_co2e_kg') + market_half_units,
        'sum of the rows'' reported_market_co2e_kg'
    FROM card_sums WHERE published_market_co2e_kg IS NOT NULL
)
SELECT relation, row_key, column_name, published_value, recomputed_value, tolerance, formula,
    CASE WHEN recomputed_value IS NULL THEN NULL ELSE abs(published_value - recomputed_value) <= tolerance END AS agrees
FROM checks
ORDER BY relation, row_key, column_name;
-- errata looks each erratum's cell up by (relation, row_key, column_name)
CREATE INDEX published_value_checks_cell ON published_value_checks (relation, row_key, column_name);
