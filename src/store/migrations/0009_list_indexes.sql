-- Every list filter on an index (the plans are checked by tests/unit/store_plans_test.cpp).
-- The category filter looks a person's own spans up: by person and category, not every
-- span of the category for each person (half a minute for 低保 in a city). The index on
-- person alone is this one's prefix.
CREATE INDEX person_categories_person_category ON person_categories (person_id, category, start_date);
DROP INDEX person_categories_person;

-- High risk is the rare level worth filtering on, anywhere from a village to the country.
CREATE INDEX persons_risk ON persons (risk_level, region_code);

-- Each sort the console offers reads its index in order, so a page of the whole
-- register is never a sort of the whole register. (A rank sorts by an enumeration:
-- the expression must stay the one the repositories write.)
CREATE INDEX persons_birth ON persons (birth_date);
CREATE INDEX persons_created ON persons (created_at);
CREATE INDEX persons_updated ON persons (updated_at);
CREATE INDEX persons_risk_rank ON persons ((CASE risk_level WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END));
CREATE INDEX households_address ON households (address COLLATE zh);
CREATE INDEX households_created ON households (created_at);
CREATE INDEX needs_due ON needs (due_on);
CREATE INDEX needs_raised ON needs (raised_at);
CREATE INDEX needs_urgency_rank ON needs ((CASE urgency WHEN 'urgent' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END));

CREATE INDEX households_grid ON households (grid_id) WHERE grid_id IS NOT NULL;
CREATE INDEX households_micro_grid ON households (micro_grid_id) WHERE micro_grid_id IS NOT NULL;

CREATE INDEX visits_campaign ON visits (campaign_id, visited_at);
-- A county's or a city's visits, newest first, a page at a time.
CREATE INDEX visits_at ON visits (visited_at);

-- A campaign's targets by due day (the default order of its list and a worker's).
CREATE INDEX campaign_targets_due ON campaign_targets (campaign_id, next_due_on);

CREATE INDEX needs_worker ON needs (worker_id, due_on);
CREATE INDEX needs_state ON needs (state, due_on);
CREATE INDEX needs_category ON needs (category, due_on);

CREATE INDEX audit_log_action ON audit_log (action, seq);

-- The security administrator's list of locked accounts.
CREATE INDEX login_failures_locked ON login_failures (locked_until);
