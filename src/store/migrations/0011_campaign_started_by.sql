-- Who started and who ended a campaign (usernames), beside when. A campaign started or
-- ended before this migration takes the name its audit entry gives, where one is kept.
ALTER TABLE campaigns ADD COLUMN started_by TEXT NOT NULL DEFAULT '';
ALTER TABLE campaigns ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
UPDATE campaigns SET started_by = COALESCE((SELECT a.username FROM audit_log a
    WHERE a.action = 'campaign.start' AND a.record_id = campaigns.id ORDER BY a.seq DESC LIMIT 1), '')
  WHERE started_at IS NOT NULL;
UPDATE campaigns SET ended_by = COALESCE((SELECT a.username FROM audit_log a
    WHERE a.action = 'campaign.end' AND a.record_id = campaigns.id ORDER BY a.seq DESC LIMIT 1), '')
  WHERE ended_at IS NOT NULL;
