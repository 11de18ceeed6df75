-- Every change of an import job's status, with who and when. A job from before this
-- migration keeps what its row tells: queued when it started and, if it finished, its
-- final status then (the stages between were not recorded).
CREATE TABLE import_transitions (
  job_id      TEXT NOT NULL REFERENCES import_jobs (id),
  seq         INTEGER NOT NULL,
  from_status TEXT NOT NULL, -- '' for the job being queued
  to_status   TEXT NOT NULL,
  at          BIGINT NOT NULL,
  by_user     TEXT NOT NULL, -- a username
  PRIMARY KEY (job_id, seq)
);
INSERT INTO import_transitions (job_id, seq, from_status, to_status, at, by_user)
  SELECT id, 1, '', 'queued', started_at, username FROM import_jobs;
INSERT INTO import_transitions (job_id, seq, from_status, to_status, at, by_user)
  SELECT id, 2, 'queued', status, finished_at, username FROM import_jobs WHERE finished_at IS NOT NULL;
