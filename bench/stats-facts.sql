-- Synthetic outreach facts for bench/stats.sh, written straight into a migrated store by
-- the sqlite3 CLI (no API, no counters: `shegong stats rebuild --fix` counts them after).
-- Expects a TEMP table `bench (persons, visits, province)`, e.g.
--   CREATE TEMP TABLE bench AS SELECT 1000000 AS persons, 10000000 AS visits, '34' AS province;
-- Deterministic: every draw is a quadratic hash of a row number modulo the prime 2^31 - 1,
-- so two runs with the same sizes write the same rows. Nobody in it is real.
--
-- What it writes, in the province's villages:
--   users            one social worker per township (the visits' workers)
--   persons          `persons` people, each in a village drawn at random
--   person_categories  every person one category (start 2019–2025, a fifth ended), 30 % a
--                    second one, and a quarter of the ended ones the same category again
--                    later (the day after it ended, or up to 400 days later)
--   campaigns        2024 (80 % of the people, joined in January–March 2024) and 2025
--                    (everyone, joined January–March 2025), region = the province
--   campaign_targets each person a target of its own (a household of one)
--   visits           `visits` visits spread evenly over 2024-01-01 .. 2025-12-31 (China
--                    time), to 80 % of the people, by the township's worker; mode home
--                    60 %, phone 30 %, video 10 %; 30 % saw two people
--   needs            every 50th visit raises one (2 %): 8 categories, 10 % raised, 5 %
--                    linked, 10 % in progress, 55 % resolved, 10 % referred, 10 % closed,
--                    closed 1–90 days after being raised
--   need_resources   60 % of the linked / in-progress / resolved / referred needs: money or
--                    goods (10 – 5,000 yuan) or a service or referral (no value), linked
--                    1–48 hours after the need was raised
-- Not written (the figures never read them): visit_versions, need_transitions,
-- outreach_counters, households, grids, stations.

PRAGMA foreign_keys = OFF;
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -2000000;

CREATE TEMP TABLE village (rn INTEGER PRIMARY KEY, code TEXT NOT NULL, town_rn INTEGER NOT NULL);
CREATE TEMP TABLE town (rn INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
INSERT INTO town (rn, code)
  SELECT ROW_NUMBER() OVER (ORDER BY code) - 1, code FROM regions
  WHERE level = 4 AND code LIKE (SELECT province FROM bench) || '%';
INSERT INTO village (rn, code, town_rn)
  SELECT ROW_NUMBER() OVER (ORDER BY r.code) - 1, r.code, t.rn
  FROM regions r JOIN town t ON t.code = substr(r.code, 1, 9) || '000'
  WHERE r.level = 5 AND r.code LIKE (SELECT province FROM bench) || '%';
CREATE TEMP TABLE k AS SELECT
  (SELECT COUNT(*) FROM village) AS villages,
  (unixepoch('2024-01-01') - 8 * 3600) * 1000 AS t0,      -- 2024-01-01 00:00 China time, ms
  731 * 86400000 AS span,                                  -- 2024 and 2025, ms
  (unixepoch('2025-01-01') - 8 * 3600) * 1000 AS t2025;

-- Per person j (0-based): three independent draws.
CREATE TEMP VIEW person_draws AS
  WITH s AS (SELECT value - 1 AS j, ((value * value) % 2147483647) AS q
             FROM generate_series(1, (SELECT persons FROM bench)))
  SELECT j,
         (q * 1103515245 + j * 12345 + 17) % 2147483647 AS pa,
         (q * 69069 + j * 1013904223 + 101) % 2147483647 AS pb,
         (q * 22695477 + j * 134775813 + 7) % 2147483647 AS pc
  FROM s;
CREATE TEMP TABLE cats AS SELECT column1 AS n, column2 AS code FROM (VALUES
  (0, 'orphan'), (1, 'unsupported_child'), (2, 'left_behind_child'), (3, 'child_in_difficulty'),
  (4, 'elderly_in_difficulty'), (5, 'dibao'), (6, 'dibao_marginal'), (7, 'tekun'), (8, 'disabled'),
  (9, 'severely_disabled'));


.print loading workers, persons, categories
BEGIN;
INSERT INTO users (id, username, display_name, password_hash, role, region_code, active, created_at,
                   must_change_password, password_changed_at)
  SELECT printf('01800000-0000-7000-8000-%012d', t.rn), 'bench_worker_' || t.rn, '社工' || t.rn, '!', 'social_worker',
         t.code, 1, k.t0 - 86400000 * 30, 0, k.t0 - 86400000 * 30
  FROM town t, k;

INSERT INTO persons (id, region_code, name, name_pinyin, name_initials, id_sealed, id_index, id_masked, sex,
                     birth_date, risk_level, version, created_at, updated_at, created_by)
  SELECT printf('01900000-0000-7000-8000-%012d', d.j), v.code,
         substr('王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗', d.pb % 20 + 1, 1) || substr('秀英桂兰建国淑珍志强春花', (d.pb / 20) % 11 + 1, 2),
         'bench' || d.j, 'b', 'sealed', printf('bench-%012d', d.j), '340***********' || printf('%04d', d.j % 10000),
         CASE d.pc % 2 WHEN 0 THEN '1' ELSE '2' END,
         date('1930-01-01', '+' || ((d.pb / 1000) % 32000) || ' days'),
         CASE d.pc % 3 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' ELSE 'high' END,
         1, k.t0 - 86400000 * 30, k.t0 - 86400000 * 30, 'bench'
  FROM person_draws d JOIN village v ON v.rn = d.pa % (SELECT villages FROM k), k;

-- First category, and its end (a fifth of them).
CREATE TEMP TABLE first_cat AS
  WITH a AS (SELECT j, pa, pb, pc, (SELECT code FROM cats WHERE n = pb % 10) AS category,
                    date('2019-01-01', '+' || ((pb / 10) % 2557) || ' days') AS start_date
             FROM person_draws)
  SELECT j, pa, pc, category, start_date,
         CASE WHEN (pb / 30000) % 5 = 0 THEN date(start_date, '+' || (30 + (pc / 7) % 1500) || ' days') END AS end_date,
         pb % 10 AS n
  FROM a;
INSERT INTO person_categories (id, person_id, category, start_date, end_date, document, created_at, created_by)
  SELECT printf('01910000-0000-7000-8000-%012d', j * 3), printf('01900000-0000-7000-8000-%012d', j),
         category, start_date, end_date, '民认〔2019〕1号', k.t0, 'bench'
  FROM first_cat, k;
-- A second, different category for 30 %; a tenth of those ended.
INSERT INTO person_categories (id, person_id, category, start_date, end_date, document, created_at, created_by)
  SELECT printf('01910000-0000-7000-8000-%012d', j * 3 + 1), printf('01900000-0000-7000-8000-%012d', j),
         (SELECT code FROM cats WHERE n = (f.n + 1 + (f.pc / 30) % 9) % 10), s,
         CASE WHEN (f.pa / 7) % 10 = 0 THEN date(s, '+' || (60 + (f.pa / 70) % 900) || ' days') END,
         '民认〔2020〕2号', k.t0, 'bench'
  FROM (SELECT *, date('2019-01-01', '+' || ((pc / 300) % 2557) || ' days') AS s FROM first_cat) f, k
  WHERE (f.pc / 3) % 10 < 3;
-- The first category again, after it ended, for a quarter of the ended ones: a quarter of
-- those the very next day (one unbroken stretch), the rest up to 400 days later.
INSERT INTO person_categories (id, person_id, category, start_date, end_date, document, created_at, created_by)
  SELECT printf('01910000-0000-7000-8000-%012d', j * 3 + 2), printf('01900000-0000-7000-8000-%012d', j), category,
         date(end_date, '+' || (CASE WHEN (pa / 4000) % 4 = 0 THEN 1 ELSE 1 + (pa / 16000) % 400 END) || ' days'),
         NULL, '民认〔2021〕3号', k.t0, 'bench'
  FROM first_cat, k
  WHERE end_date IS NOT NULL AND (pa / 1000) % 4 = 0;
COMMIT;

.print loading campaigns and targets
BEGIN;
INSERT INTO campaigns (id, name, region_code, starts_on, ends_on, categories, rule_high, rule_medium, rule_low,
                       status, targets, version, created_at, updated_at, started_at, ended_at, created_by)
  SELECT '01970000-0000-7000-8000-000000002024', '2024年困难群体走访', p.code, '2024-01-01', '2024-12-31',
         'orphan,unsupported_child,left_behind_child,child_in_difficulty,elderly_in_difficulty,dibao,dibao_marginal,tekun,disabled,severely_disabled',
         7, 30, 90, 'ended', 0, 3, k.t0 - 86400000, k.t2025, k.t0, k.t2025, 'bench'
  FROM k, (SELECT (SELECT province FROM bench) || '0000000000' AS code) p
  UNION ALL
  SELECT '01970000-0000-7000-8000-000000002025', '2025年困难群体走访', p.code, '2025-01-01', '2025-12-31',
         'orphan,unsupported_child,left_behind_child,child_in_difficulty,elderly_in_difficulty,dibao,dibao_marginal,tekun,disabled,severely_disabled',
         7, 30, 90, 'ended', 0, 3, k.t2025 - 86400000, k.t0 + k.span, k.t2025, k.t0 + k.span, 'bench'
  FROM k, (SELECT (SELECT province FROM bench) || '0000000000' AS code) p;

-- 2024: 80 % of the people, joined in January–March (09:00 China time); 2025: everyone.
INSERT INTO campaign_targets (campaign_id, target_id, kind, region_code, grid_id, risk_level, worker_id, joined_at, next_due_on)
  SELECT '01970000-0000-7000-8000-000000002024', printf('01900000-0000-7000-8000-%012d', d.j), 'person', v.code, NULL,
         CASE d.pc % 3 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' ELSE 'high' END,
         printf('01800000-0000-7000-8000-%012d', v.town_rn),
         k.t0 + ((d.pc / 11) % 90) * 86400000 + 9 * 3600000, '2024-04-01'
  FROM person_draws d JOIN village v ON v.rn = d.pa % (SELECT villages FROM k), k
  WHERE d.pc % 10 < 8;
INSERT INTO campaign_targets (campaign_id, target_id, kind, region_code, grid_id, risk_level, worker_id, joined_at, next_due_on)
  SELECT '01970000-0000-7000-8000-000000002025', printf('01900000-0000-7000-8000-%012d', d.j), 'person', v.code, NULL,
         CASE d.pc % 3 WHEN 0 THEN 'low' WHEN 1 THEN 'medium' ELSE 'high' END,
         printf('01800000-0000-7000-8000-%012d', v.town_rn),
         k.t2025 + ((d.pc / 13) % 90) * 86400000 + 9 * 3600000, '2025-04-01'
  FROM person_draws d JOIN village v ON v.rn = d.pa % (SELECT villages FROM k), k;
UPDATE campaigns SET targets = (SELECT COUNT(*) FROM campaign_targets t WHERE t.campaign_id = campaigns.id);
COMMIT;

-- Per visit i (1-based): the target j among the first 80 % of the people, the person's own
-- draws again (to find their village and the 2024 campaign), two draws for the visit.
CREATE TEMP VIEW visit_draws AS
  WITH s AS (SELECT value AS i, ((value * value) % 2147483647) AS q
             FROM generate_series(1, (SELECT visits FROM bench))),
  h AS (SELECT i, (q * 48271 + i * 16807 + 3) % 2147483647 AS ha,
               (q * 1664525 + i * 22695477 + 11) % 2147483647 AS hb FROM s),
  t AS (SELECT i, ha, hb, ha % ((SELECT persons FROM bench) * 8 / 10) AS j FROM h),
  u AS (SELECT t.*, (((j + 1) * (j + 1)) % 2147483647) AS q2 FROM t)
  SELECT u.i, u.j, u.ha, u.hb,
         (u.q2 * 1103515245 + u.j * 12345 + 17) % 2147483647 AS pa,
         (u.q2 * 22695477 + u.j * 134775813 + 7) % 2147483647 AS pc,
         k.t0 + (u.i - 1) * k.span / (SELECT visits FROM bench) AS at
  FROM u, k;

.print loading visits
BEGIN;
INSERT INTO visits (id, campaign_id, target_id, kind, region_code, worker_id, visited_at, visited_on, mode,
                    persons_seen, checks, notes, location_sealed, version, created_at, updated_at)
  SELECT printf('01940000-0000-7000-8000-%012d', d.i),
         CASE WHEN d.at >= k.t2025 THEN '01970000-0000-7000-8000-000000002025'
              WHEN d.pc % 10 < 8 THEN '01970000-0000-7000-8000-000000002024' END,
         printf('01900000-0000-7000-8000-%012d', d.j), 'person', v.code,
         printf('01800000-0000-7000-8000-%012d', v.town_rn), d.at, date(d.at / 1000 + 28800, 'unixepoch'),
         CASE WHEN d.hb % 10 < 6 THEN 'home' WHEN d.hb % 10 < 9 THEN 'phone' ELSE 'video' END,
         printf('01900000-0000-7000-8000-%012d', d.j) ||
           CASE WHEN (d.hb / 10) % 10 < 3 THEN printf(',01900000-0000-7000-8000-%012d', (d.j + 1) % (SELECT persons FROM bench)) ELSE '' END,
         'health=ok,home_safety=ok,food=ok,mood=ok', '入户走访，身体状况稳定', '', 1, d.at + 60000, d.at + 60000
  FROM visit_draws d JOIN village v ON v.rn = d.pa % (SELECT villages FROM k), k;
COMMIT;

.print loading needs and resources
BEGIN;
INSERT INTO needs (id, visit_id, campaign_id, target_id, person_id, region_code, worker_id, category, urgency,
                   description, due_on, state, value_fen, raised_at, closed_at, version, updated_at)
  SELECT printf('01950000-0000-7000-8000-%012d', x.i), x.visit_id, x.campaign_id, x.target_id, x.target_id,
         x.region_code, x.worker_id, x.category,
         CASE (x.ha / 90000) % 3 WHEN 0 THEN 'low' WHEN 1 THEN 'normal' ELSE 'urgent' END,
         '走访发现的需求', date(x.raised_at / 1000 + 28800 + 7 * 86400, 'unixepoch'), x.state, 0, x.raised_at,
         x.closed_at, CASE WHEN x.closed_at IS NULL THEN 1 ELSE 3 END, coalesce(x.closed_at, x.raised_at)
  FROM (
    SELECT y.*, CASE WHEN y.state IN ('resolved', 'referred', 'closed')
                     THEN y.raised_at + (1 + (y.ha / 1000) % 90) * 86400000 END AS closed_at
    FROM (
      SELECT d.i, d.ha, vi.id AS visit_id, vi.campaign_id, vi.target_id, vi.region_code, vi.worker_id,
             CASE (d.hb / 1000) % 8 WHEN 0 THEN 'medical' WHEN 1 THEN 'daily_care' WHEN 2 THEN 'family'
               WHEN 3 THEN 'hygiene' WHEN 4 THEN 'safety' WHEN 5 THEN 'education' WHEN 6 THEN 'economic'
               ELSE 'other' END AS category,
             CASE WHEN (d.hb / 8000) % 20 < 2 THEN 'raised' WHEN (d.hb / 8000) % 20 < 3 THEN 'linked'
               WHEN (d.hb / 8000) % 20 < 5 THEN 'in_progress' WHEN (d.hb / 8000) % 20 < 16 THEN 'resolved'
               WHEN (d.hb / 8000) % 20 < 18 THEN 'referred' ELSE 'closed' END AS state,
             d.at + 600000 AS raised_at
      FROM visit_draws d JOIN visits vi ON vi.id = printf('01940000-0000-7000-8000-%012d', d.i)
      WHERE d.i % 50 = 0) y) x;

INSERT INTO need_resources (id, need_id, kind, provider, value_fen, description, at, by_user)
  SELECT printf('01960000-0000-7000-8000-%012d', r.i), r.id,
         CASE r.h % 4 WHEN 0 THEN 'money' WHEN 1 THEN 'goods' WHEN 2 THEN 'service' ELSE 'referral' END,
         '爱心企业', CASE WHEN r.h % 4 < 2 THEN 1000 + (r.h / 40) % 499001 ELSE 0 END, '',
         r.raised_at + (1 + (r.h / 2000000) % 48) * 3600000, r.worker_id
  FROM (SELECT n.*, ((((i * i) % 2147483647) * 40503 + i * 2654435) % 2147483647) AS h
        FROM (SELECT *, CAST(substr(id, 25) AS INTEGER) AS i FROM needs) n
        WHERE n.state IN ('linked', 'in_progress', 'resolved', 'referred')) r
  WHERE (r.h / 4) % 10 < 6;
COMMIT;
