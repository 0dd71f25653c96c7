-- What a run was asked to do, when the job takes input: a background function's request, say.
-- Kept with the run so an accepted invocation survives a crash and every retry sees the same input.
ALTER TABLE job_runs ADD COLUMN payload TEXT;
