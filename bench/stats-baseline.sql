-- The baseline of bench/stats.sh: the dashboard's figures for one province and period,
-- computed by plain GROUP BY over the raw facts, per city (the breakdown); the province's
-- figures are the sums of its cities' (every fact and every person, household and target
-- lies in exactly one city, so even the distinct counts add up; the dashboard is not given
-- that shortcut). Expects a TEMP table
--   period (prov_lo, prov_hi, from_day, to_day, lo_ms, hi_ms)
-- e.g. ('34', '35', '2025-01-01', '2025-12-31', <2025-01-01 00:00 China time in ms>,
-- <2026-01-01 00:00 China time in ms>). Days are China's calendar days, as in the figures.
-- Output, one line per group ('|'-separated; a tag, then the city's 12-digit code):
--   V city visits home phone video person_times households_visited
--   T city households_in_target
--   N city category raised resolved referred closed open
--   R city kind resources value_fen
--   C city category persons            (holding the category on the last day)
--   S city persons_served               (holding any category on the last day)
--   W city workers                      (active social workers and station managers)

-- Visits whose day lies in the period: by mode, the people seen (at least one a visit),
-- and the distinct targets (households) visited.
SELECT 'V', substr(v.region_code, 1, 4) || '00000000' AS city, COUNT(*),
       SUM(v.mode = 'home'), SUM(v.mode = 'phone'), SUM(v.mode = 'video'),
       SUM(CASE WHEN v.persons_seen = '' THEN 1
                ELSE length(v.persons_seen) - length(replace(v.persons_seen, ',', '')) + 1 END),
       COUNT(DISTINCT v.target_id)
FROM visits v, period p
WHERE v.region_code >= p.prov_lo AND v.region_code < p.prov_hi AND v.visited_on BETWEEN p.from_day AND p.to_day
GROUP BY city;

-- Households (targets) that had joined any campaign by the end of the period.
SELECT 'T', substr(t.region_code, 1, 4) || '00000000' AS city, COUNT(DISTINCT t.target_id)
FROM campaign_targets t, period p
WHERE t.region_code >= p.prov_lo AND t.region_code < p.prov_hi AND t.joined_at < p.hi_ms
GROUP BY city;

-- Needs by category: raised, resolved / referred / closed in the period, open at its end.
SELECT 'N', substr(n.region_code, 1, 4) || '00000000' AS city, n.category,
       SUM(n.raised_at >= p.lo_ms AND n.raised_at < p.hi_ms),
       SUM(n.state = 'resolved' AND n.closed_at >= p.lo_ms AND n.closed_at < p.hi_ms),
       SUM(n.state = 'referred' AND n.closed_at >= p.lo_ms AND n.closed_at < p.hi_ms),
       SUM(n.state = 'closed' AND n.closed_at >= p.lo_ms AND n.closed_at < p.hi_ms),
       SUM(n.raised_at < p.hi_ms AND NOT (n.state IN ('resolved', 'referred', 'closed')
                                          AND n.closed_at IS NOT NULL AND n.closed_at < p.hi_ms))
FROM needs n, period p
WHERE n.region_code >= p.prov_lo AND n.region_code < p.prov_hi
GROUP BY city, n.category;

-- Resources linked in the period, by kind, in the region of their need.
SELECT 'R', substr(n.region_code, 1, 4) || '00000000' AS city, r.kind, COUNT(*), SUM(r.value_fen)
FROM need_resources r JOIN needs n ON n.id = r.need_id, period p
WHERE r.at >= p.lo_ms AND r.at < p.hi_ms AND n.region_code >= p.prov_lo AND n.region_code < p.prov_hi
GROUP BY city, r.kind;

-- People holding each category, and any category, on the last day of the period (a span
-- ending on that day still holds it); merged-away records do not count.
SELECT 'C', substr(pe.region_code, 1, 4) || '00000000' AS city, c.category, COUNT(DISTINCT c.person_id)
FROM person_categories c JOIN persons pe ON pe.id = c.person_id, period p
WHERE pe.merged_into IS NULL AND pe.region_code >= p.prov_lo AND pe.region_code < p.prov_hi
  AND c.start_date <= p.to_day AND (c.end_date IS NULL OR c.end_date >= p.to_day)
GROUP BY city, c.category;
SELECT 'S', substr(pe.region_code, 1, 4) || '00000000' AS city, COUNT(DISTINCT c.person_id)
FROM person_categories c JOIN persons pe ON pe.id = c.person_id, period p
WHERE pe.merged_into IS NULL AND pe.region_code >= p.prov_lo AND pe.region_code < p.prov_hi
  AND c.start_date <= p.to_day AND (c.end_date IS NULL OR c.end_date >= p.to_day)
GROUP BY city;

SELECT 'W', substr(u.region_code, 1, 4) || '00000000' AS city, COUNT(*)
FROM users u, period p
WHERE u.active = 1 AND u.role IN ('social_worker', 'station_manager')
  AND u.region_code >= p.prov_lo AND u.region_code < p.prov_hi
GROUP BY city;
