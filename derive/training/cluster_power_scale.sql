-- cluster_power_scale: the largest AI cluster's power beside the largest training run's average draw, in MW. Rows:
-- the largest existing and the largest planned cluster of ai_clusters (power capacity as Epoch AI gives it), the largest
-- power a frontier data centre's timeline reaches (ai_data_center_timelines; may be a projection), and the training run
-- of training_energy_estimates with the largest average draw: Epoch AI's estimated power draw, and chips × chip TDP
-- (no host, no PUE). times_largest_training_run = power_mw / the largest run's Epoch AI draw: how many such runs the
-- row's capacity would power at once.
CREATE TABLE cluster_power_scale (
    item TEXT PRIMARY KEY NOT NULL, name TEXT, date TEXT, power_mw REAL, times_largest_training_run REAL, basis TEXT,
    source_id TEXT NOT NULL, locator TEXT
);
INSERT INTO cluster_power_scale
WITH rows_ AS (
    SELECT 1 AS k, 'largest existing cluster' AS item, cluster AS name, first_operational_date AS date, power_capacity_mw AS mw,
        'power capacity, ' || power_capacity_basis || ' (Epoch AI)' AS basis, source_id, locator
    FROM (SELECT * FROM ai_clusters WHERE status = 'Existing' ORDER BY power_capacity_mw DESC, upstream_line LIMIT 1)
    UNION ALL
    SELECT 2, 'largest planned cluster', cluster, first_operational_date, power_capacity_mw,
        'power capacity, ' || power_capacity_basis || ' (Epoch AI)', source_id, locator
    FROM (SELECT * FROM ai_clusters WHERE status = 'Planned' ORDER BY power_capacity_mw DESC, upstream_line LIMIT 1)
    UNION ALL
    SELECT 3, 'largest data centre power in its timeline', data_center, date, power_mw,
        CASE WHEN is_projection THEN 'Epoch AI''s projection' ELSE 'Epoch AI''s estimate' END, source_id, locator
    FROM (SELECT * FROM ai_data_center_timelines ORDER BY power_mw DESC, date LIMIT 1)
    UNION ALL
    SELECT 4, 'largest training run: Epoch AI''s estimated power draw', model, publication_date, epoch_estimated_power_draw_watts / 1e6,
        'Epoch AI''s estimate of the training cluster''s power draw', source_id, locator
    FROM (SELECT * FROM training_energy_estimates ORDER BY epoch_estimated_power_draw_watts DESC, upstream_line LIMIT 1)
    UNION ALL
    SELECT 5, 'largest training run: chips × chip TDP', model, publication_date, hardware_quantity_count * tdp_watts / 1e6,
        'chip TDP × chips (no host, no PUE)', source_id, locator
    FROM (SELECT * FROM training_energy_estimates WHERE tdp_watts IS NOT NULL
          ORDER BY hardware_quantity_count * tdp_watts DESC, upstream_line LIMIT 1)
)
SELECT item, name, date, mw, mw / (SELECT r.mw FROM rows_ r WHERE r.k = 4), basis, source_id, locator FROM rows_ ORDER BY k;
