/**
 * Clerks' photos for the rating screen (docs/decisions/031-clerk-photos-beside-the-log.md): one
 * small JPEG or PNG per clerk, beside the event log, not in it. The log records that a photo was
 * set or removed and its version (`clerkPhotoChanged`); the bytes live only here, so removing a
 * photo (or disabling the clerk) really deletes it, and backups — copies of this database — keep
 * whatever is here at the time.
 */
export const up = `
CREATE TABLE clerk_photos (
  clerk_id    INTEGER PRIMARY KEY REFERENCES clerks (id),
  image       BLOB NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('image/jpeg', 'image/png')),
  version     TEXT NOT NULL,
  width       INTEGER NOT NULL,
  height      INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;
`
