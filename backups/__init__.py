"""Backups of the whole database and verified restores (issue 20): SQLite through its online
backup API, PostgreSQL through pg_dump / pg_restore, each file with a manifest of row counts and
checksums per table. Used by the `tandem backup` / `tandem restore` commands and by the server's
daily schedule (server/backup_schedule.py)."""
