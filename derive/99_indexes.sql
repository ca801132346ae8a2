-- Indexes for what the site serves (no relation is created here): every column that site/site.yml sorts or facets a
-- relation on, so that a page's sort is an index walk and each facet count an index scan rather than a sort of the
-- relation (tests/test_bench_smoke.py checks that none is missing); the lower(name) look-ups of the canned queries;
-- and a model's rows by model_id. A sort's index ends in the primary key: Datasette 0.65 orders a first page by the
-- sort column alone and the pages after it by (sort column, primary key), so ties on the first page must already
-- come in key order for `next` to return every row once (tests/test_paging.py walks every relation). Primary keys and foreign keys are indexed already (build.py, derive/*.sql).
CREATE INDEX cv_models_release_date ON cv_models (release_date, model_id);
CREATE INDEX cv_models_architecture ON cv_models (architecture);
CREATE INDEX cv_models_extra_training_data ON cv_models (extra_training_data);
CREATE INDEX cv_models_lower_model ON cv_models (lower(model));
CREATE INDEX nlp_models_release_date ON nlp_models (release_date, model_id);
CREATE INDEX nlp_models_lower_model ON nlp_models (lower(model));
CREATE INDEX gpu_specs_launch_date ON gpu_specs (launch_date, gpu, precision);
CREATE INDEX gpu_specs_gpu_type ON gpu_specs (gpu_type);
CREATE INDEX gpu_specs_precision ON gpu_specs (precision);
CREATE INDEX inference_throughput_precision ON inference_throughput (precision);
CREATE INDEX inference_throughput_framework ON inference_throughput (framework);
CREATE INDEX efficiency_fit_points_adapted ON efficiency_fit_points (adapted);
CREATE INDEX energy_measurements_measurement_method ON energy_measurements (measurement_method);
CREATE INDEX edge_accelerators_gops_per_watt ON edge_accelerators (gops_per_watt DESC, device);
CREATE INDEX edge_accelerators_device_type ON edge_accelerators (device_type);
CREATE INDEX edge_accelerators_year ON edge_accelerators (year);
CREATE INDEX training_runs_accelerator ON training_runs (accelerator);
CREATE INDEX training_runs_phase ON training_runs (phase);
CREATE INDEX known_errata_relation ON known_errata (relation);
CREATE INDEX mixed_precision_speedups_gpu ON mixed_precision_speedups (gpu);
CREATE INDEX adapted_gpu_efficiency_gpu ON adapted_gpu_efficiency (gpu);
CREATE INDEX adapted_gpu_efficiency_lower_gpu ON adapted_gpu_efficiency (lower(gpu));
CREATE INDEX adapted_gpu_efficiency_adapted ON adapted_gpu_efficiency (adapted);
CREATE INDEX adapted_gpu_efficiency_gpu_type ON adapted_gpu_efficiency (gpu_type);
CREATE INDEX fit_points_family ON fit_points (family);
CREATE INDEX fit_points_domain ON fit_points (domain);
CREATE INDEX least_squares_fits_family ON least_squares_fits (family);
CREATE INDEX least_squares_fits_domain ON least_squares_fits (domain);
CREATE INDEX model_trends_domain ON model_trends (domain);
CREATE INDEX model_trends_quantity ON model_trends (quantity);
CREATE INDEX model_trends_subset ON model_trends (subset);
CREATE INDEX pareto_frontiers_cost_kind ON pareto_frontiers (cost_kind);
CREATE INDEX pareto_frontiers_fit_id ON pareto_frontiers (fit_id);
CREATE INDEX energy_estimates_vs_measured_fit_id ON energy_estimates_vs_measured (fit_id);
CREATE INDEX energy_estimates_vs_measured_measurement_method ON energy_estimates_vs_measured (measurement_method);
CREATE INDEX cv_model_constructors_library ON cv_model_constructors (library);
CREATE INDEX forward_pass_meter_runs_gpu_name ON forward_pass_meter_runs (gpu_name);
CREATE INDEX forward_pass_meter_runs_precision ON forward_pass_meter_runs (precision);
CREATE INDEX forward_pass_meter_runs_batch_size ON forward_pass_meter_runs (batch_size);
CREATE INDEX forward_pass_meter_energy_gpu_name ON forward_pass_meter_energy (gpu_name);
CREATE INDEX forward_pass_meter_energy_precision ON forward_pass_meter_energy (precision);
CREATE INDEX forward_pass_meter_energy_batch_size ON forward_pass_meter_energy (batch_size);
CREATE INDEX training_emissions_method ON training_emissions (method);
CREATE INDEX training_emissions_power_basis ON training_emissions (power_basis);
CREATE INDEX published_value_checks_agrees ON published_value_checks (agrees);
CREATE INDEX energy_estimates_vs_measured_model_id ON energy_estimates_vs_measured (model_id);
CREATE INDEX grid_intensity_source_id ON grid_intensity (source_id);
CREATE INDEX grid_intensity_basis ON grid_intensity (basis);
CREATE INDEX grid_intensity_region_kind ON grid_intensity (region_kind);
CREATE INDEX grid_intensity_lookup_region_kind ON grid_intensity_lookup (region_kind);
CREATE INDEX grid_intensity_lookup_source_id ON grid_intensity_lookup (source_id);
