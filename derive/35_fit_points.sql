-- fit_points: every point of every log-linear fit, so that what each fit is made of can be read and checked.
-- family 'efficiency': (launch date, GFLOPS/W) points of the GPU efficiency fits (Fig. 8). desislavov2023-cv/-nlp
-- take exactly the points listed in efficiency_fit_points (the paper's Table J.9), so new GPU rows never move them;
-- all-cv/all-nlp take every row of adapted_gpu_efficiency for the domain.
-- family 'model_trend': (release date, GFLOPs or joules) points of the model trends (Figs. 3, 6, 9, 10), inserted by
-- derive/55_model_trends.sql once the efficiency fits exist.
CREATE TABLE fit_points (
    fit_id TEXT NOT NULL,
    family TEXT NOT NULL,
    domain TEXT NOT NULL,
    item TEXT NOT NULL,
    date TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (fit_id, item)
);
INSERT INTO fit_points
SELECT p.fit_id, 'efficiency', p.domain, a.gpu || ' ' || a.precision, a.launch_date, a.gflops_per_watt
FROM efficiency_fit_points p
JOIN adapted_gpu_efficiency a ON a.domain = p.domain AND a.gpu = p.gpu AND a.precision = p.precision
UNION ALL
SELECT 'all-' || domain, 'efficiency', domain, gpu || ' ' || precision, launch_date, gflops_per_watt
FROM adapted_gpu_efficiency
ORDER BY 1, 4;
