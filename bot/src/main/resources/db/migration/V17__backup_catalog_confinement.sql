-- Backup catalog confinement and one entry per file (docs/backups.md#where-backups-may-be).
--
-- location_root: the real path of the declared backup location (a data source's backup_location) that held the
--   file when it was recorded; prune deletes only files that still resolve under it. NULL for rows recorded
--   before this migration: prune never deletes their files (it says so), verify and lists still show them.
-- replaced_by: the entry that took this one's place (same file, recorded again after the file was rewritten);
--   such a row also has deleted_at set and is no longer live.
ALTER TABLE backup_artifact ADD COLUMN location_root text;
ALTER TABLE backup_artifact ADD COLUMN replaced_by text;

-- Several live rows for one file: keep the newest (it describes what the file is now), carry a retention lock
-- over to it, and retire the others as replaced by it, so that pruning an older row cannot delete the file a
-- kept row points to.
WITH ranked AS (
    SELECT id, location,
           first_value(id) OVER (PARTITION BY location ORDER BY created_at DESC, id) AS keeper,
           bool_or(locked) OVER (PARTITION BY location) AS any_locked,
           row_number() OVER (PARTITION BY location ORDER BY created_at DESC, id) AS n
    FROM backup_artifact
    WHERE deleted_at IS NULL
), retired AS (
    UPDATE backup_artifact b SET deleted_at = now(), replaced_by = r.keeper
    FROM ranked r WHERE b.id = r.id AND r.n > 1
    RETURNING r.keeper
)
UPDATE backup_artifact b SET locked = true
FROM ranked r WHERE b.id = r.id AND r.n = 1 AND r.any_locked AND NOT b.locked;

CREATE UNIQUE INDEX backup_artifact_one_live_per_location ON backup_artifact (location) WHERE deleted_at IS NULL;
