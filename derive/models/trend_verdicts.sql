-- trend_verdicts: what each fit of efficiency_fits and model_trends allows one to say, read off its uncertainty
-- (derive/fragments/least_squares.sql), so that the site states a trend only as firmly as its data allows. verdict is
-- the first that applies of: 'r² too low' (r_squared below 0.3: the line explains under 30% of the variance of
-- log10(value), too little to call a trend); 'slope interval includes zero' (the 95% interval of the slope holds 0:
-- the data cannot tell growth from decline); 'overlaps the paper' (a hardware fit whose 95% doubling-time interval
-- overlaps that of the paper's fit, compared_fit_id, desislavov2023-cv: a different rate is not established);
-- 'slower than the paper' / 'faster than the paper' (the two intervals do not overlap); 'trend' (none of these).
-- stated: the doubling time as a sentence states it, with its interval, r², n and years; label: the same, short, as a
-- chart's legend shows it; says: the verdict in words.
CREATE VIEW trend_verdicts AS
WITH fits AS (
    SELECT fit_id, 'efficiency_fits' AS relation, domain, n_points, first_year, last_year, r_squared, slope_log10_per_year,
        slope_low_log10_per_year, slope_high_log10_per_year, doubling_time_years, doubling_time_low_years,
        doubling_time_high_years, CASE WHEN domain = 'hardware' THEN 'desislavov2023-cv' END AS compared_fit_id
    FROM efficiency_fits
    UNION ALL
    SELECT trend_id, 'model_trends', domain, n_points, first_year, last_year, r_squared, slope_log10_per_year,
        slope_low_log10_per_year, slope_high_log10_per_year, doubling_time_years, doubling_time_low_years,
        doubling_time_high_years, NULL
    FROM model_trends
),
judged AS (
    SELECT f.*, p.doubling_time_low_years AS compared_low_years, p.doubling_time_high_years AS compared_high_years,
        CASE WHEN f.r_squared < 0.3 THEN 'r² too low'
             WHEN f.doubling_time_low_years IS NULL THEN 'slope interval includes zero'
             WHEN p.fit_id IS NULL THEN 'trend'
             WHEN f.doubling_time_low_years <= p.doubling_time_high_years AND p.doubling_time_low_years <= f.doubling_time_high_years
                 THEN 'overlaps the paper'
             WHEN f.doubling_time_low_years > p.doubling_time_high_years THEN 'slower than the paper'
             ELSE 'faster than the paper' END AS verdict
    FROM fits f LEFT JOIN efficiency_fits p ON p.fit_id = f.compared_fit_id
)
SELECT fit_id, relation, domain, n_points, first_year, last_year, r_squared, doubling_time_years, doubling_time_low_years,
    doubling_time_high_years, compared_fit_id, compared_low_years, compared_high_years, verdict,
    rtrim(printf('%#.3g', doubling_time_years), '.') || ' years (95% interval '
        || CASE WHEN doubling_time_low_years IS NULL THEN 'unbounded: the slope''s interval includes zero'
                ELSE rtrim(printf('%#.3g', doubling_time_low_years), '.') || '–' || rtrim(printf('%#.3g', doubling_time_high_years), '.')
                    || ' years' END
        || '; r² ' || rtrim(printf('%#.2g', r_squared), '.') || ', n ' || n_points || ', ' || first_year || '–' || last_year || ')' AS stated,
    rtrim(printf('%#.3g', doubling_time_years), '.') || ' y (95% ' || CASE WHEN doubling_time_low_years IS NULL THEN 'unbounded'
        ELSE rtrim(printf('%#.3g', doubling_time_low_years), '.') || '–' || rtrim(printf('%#.3g', doubling_time_high_years), '.') || ' y' END
        || ', r² ' || rtrim(printf('%#.2g', r_squared), '.') || ')' AS label,
    CASE verdict
        WHEN 'r² too low' THEN 'r² ' || rtrim(printf('%#.2g', r_squared), '.') || ' is too low to call a trend'
        WHEN 'slope interval includes zero' THEN 'the 95% interval of the slope includes zero: no trend can be called'
        WHEN 'overlaps the paper' THEN 'its interval overlaps the paper''s (' || rtrim(printf('%#.3g', compared_low_years), '.') || '–'
            || rtrim(printf('%#.3g', compared_high_years), '.') || ' years), so a different rate is not established'
        WHEN 'slower than the paper' THEN 'slower than the paper''s ' || rtrim(printf('%#.3g', compared_low_years), '.') || '–'
            || rtrim(printf('%#.3g', compared_high_years), '.') || ' years, beyond both intervals'
        WHEN 'faster than the paper' THEN 'faster than the paper''s ' || rtrim(printf('%#.3g', compared_low_years), '.') || '–'
            || rtrim(printf('%#.3g', compared_high_years), '.') || ' years, beyond both intervals'
        ELSE 'a trend at 95% confidence' END AS says
FROM judged;
