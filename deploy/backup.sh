#!/usr/bin/env bash
# Nightly backup for cron or a systemd timer, run as the app's user with the app's environment:
#   set -a; . /etc/elearn/elearn.env; set +a; /srv/elearn/app/deploy/backup.sh /srv/backups/elearn
# Writes <folder>/<UTC time>/ with `manage.py backup` (database dump, media, H5P, certificate
# PDFs, learner imports, manifest) and removes backups older than BACKUP_KEEP_DAYS (14).
# Copy the folder off the machine afterwards; the signing key is backed up apart (README).
set -euo pipefail
target=${1:?usage: deploy/backup.sh BACKUP_FOLDER}
keep_days=${BACKUP_KEEP_DAYS:-14}
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-elearn.settings.production}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
umask 077  # the dump holds every learner's personal data
mkdir -p "$target"
.venv/bin/python manage.py backup "$target/$stamp"
find "$target" -mindepth 1 -maxdepth 1 -type d -name '20*Z' -mtime "+$keep_days" -exec rm -rf {} +
