-- ai_cluster_power_by_year: per year of first operation, the clusters of ai_clusters that became (or are planned to
-- become) operational, how many give a power capacity, the sum of those capacities in MW, the same over the clusters in
-- Epoch AI's standard analysis only (its set without duplicates and superseded phases), and the largest cluster. The sum
-- adds phases and possible duplicates as Epoch AI lists them: it is the capacity of the rows, not of distinct sites.
CREATE TABLE ai_cluster_power_by_year (
    first_operational_year INTEGER PRIMARY KEY NOT NULL, cluster_count INTEGER NOT NULL, clusters_with_power_count INTEGER NOT NULL,
    power_capacity_sum_mw REAL, standard_analysis_power_capacity_sum_mw REAL, largest_power_capacity_mw REAL, largest_cluster TEXT
);
INSERT INTO ai_cluster_power_by_year
SELECT first_operational_year, count(*), count(power_capacity_mw), sum(power_capacity_mw),
    sum(CASE WHEN is_in_standard_analysis THEN power_capacity_mw END), max(power_capacity_mw),
    (SELECT c2.cluster FROM ai_clusters c2 WHERE c2.first_operational_year = c.first_operational_year
     ORDER BY c2.power_capacity_mw DESC, c2.upstream_line LIMIT 1)
FROM ai_clusters c
WHERE first_operational_year IS NOT NULL
GROUP BY first_operational_year
ORDER BY first_operational_year;
