-- hardware_fit_points: the points of the GPU and accelerator efficiency fits (family 'efficiency'), which fit_points
-- keeps with the points of every other fit. A temporary relation: hardware_fits fits them, fit_points keeps them.
-- desislavov2023-cv/-nlp take exactly the points listed in efficiency_fit_points (the paper's Table J.9), so new GPU
-- rows never move them; all-cv/all-nlp take every row of adapted_gpu_efficiency for the domain.
CREATE TEMP TABLE hardware_fit_points AS
SELECT * FROM (
    SELECT p.fit_id, 'efficiency' AS family, p.domain, a.gpu || ' ' || a.precision AS item, a.launch_date AS date,
        a.gflops_per_watt AS value
    FROM efficiency_fit_points p
    JOIN adapted_gpu_efficiency a ON a.domain = p.domain AND a.gpu = p.gpu AND a.precision = p.precision
    UNION ALL
    SELECT 'all-' || domain, 'efficiency', domain, gpu || ' ' || precision, launch_date, gflops_per_watt
    FROM adapted_gpu_efficiency
    ORDER BY 1, 4
)
UNION ALL
-- Domain 'hardware': the points of the accelerator trends 2010–2026, one fit per precision basis
-- (accelerator_fit_bases): every accelerator's preferred row of accelerator_efficiency (the paper's GPUs and every
-- Epoch AI row) released 2010-01-01 to 2026-12-31 with a GFLOPS/W at that precision. The paper's fits are untouched:
-- their points come only from efficiency_fit_points.
SELECT * FROM (
    SELECT b.fit_id, 'efficiency', 'hardware', a.accelerator || ' ' || a.precision, a.release_date, a.gflops_per_watt
    FROM accelerator_fit_bases b
    JOIN accelerator_efficiency a ON a.precision = b.precision AND a.is_preferred = 1
    WHERE a.release_date BETWEEN '2010-01-01' AND '2026-12-31'
    ORDER BY 1, 4
);
