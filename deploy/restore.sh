#!/usr/bin/env bash
# Restore a backup made by deploy/backup.sh into the database and folders the environment names
# (an empty database and empty folders; add --replace to overwrite), then apply any newer
# migrations and collect static files:
#   set -a; . /etc/elearn/elearn.env; set +a; deploy/restore.sh /srv/backups/elearn/20260101T010000Z
# Stop the web and worker units first; start them again afterwards and check /readyz.
set -euo pipefail
source_folder=${1:?usage: deploy/restore.sh BACKUP_FOLDER [--replace]}
shift
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-elearn.settings.production}
.venv/bin/python manage.py restore "$source_folder" "$@"
make release
