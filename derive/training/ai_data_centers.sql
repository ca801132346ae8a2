-- ai_data_centers: Epoch AI's Frontier Data Centers (epoch_data_centers), one row per site, with its power, H100
-- equivalents and capital cost at the snapshot's date (the 'Current' columns), and from its dated timeline
-- (ai_data_center_timelines) the first date it had any power and the largest power the timeline reaches, with that
-- row's date (a date after the snapshot is Epoch AI's projection of planned capacity). Owner and users keep Epoch AI's
-- confidence tags (#confident, #likely, #speculative).
CREATE TABLE ai_data_centers (
    data_center TEXT PRIMARY KEY NOT NULL, title TEXT, current_power_mw REAL, current_h100_equivalent_count REAL,
    max_timeline_power_mw REAL, max_timeline_power_date TEXT, first_powered_date TEXT, owner TEXT, users TEXT,
    project TEXT, address TEXT, energy_companies TEXT, current_capital_cost_gusd REAL, timeline_row_count INTEGER NOT NULL,
    source_id TEXT NOT NULL, locator TEXT NOT NULL
);
INSERT INTO ai_data_centers
SELECT c.Handle, c.Title, c."Current power (MW)", c."Current H100 equivalents",
    (SELECT max(t.power_mw) FROM ai_data_center_timelines t WHERE t.data_center = c.Handle),
    (SELECT t.date FROM ai_data_center_timelines t WHERE t.data_center = c.Handle ORDER BY t.power_mw DESC, t.date LIMIT 1),
    (SELECT min(t.date) FROM ai_data_center_timelines t WHERE t.data_center = c.Handle AND t.power_mw > 0),
    c.Owner, c.Users, c.Project, c.Address, c."Energy companies", c."Current total capital cost (2025 USD billions)",
    (SELECT count(*) FROM ai_data_center_timelines t WHERE t.data_center = c.Handle),
    'epoch-data-centers', resource_path('epoch_data_centers') || ':' || c.upstream_line
FROM epoch_data_centers c
ORDER BY c.Handle;
