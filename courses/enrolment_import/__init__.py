"""Bulk enrolment: administrators enrol a commune's officials from a CSV or XLSX file.

`models` (ImportJob; re-exported by `courses.models`), `parsing` names the learner columns and
reads the file through `home.spreadsheets` (pure),
`matching` checks each row against places and accounts, `services` runs a job (dry run or
for real), `tasks` runs it in the background, `storage` keeps the uploaded files private,
`views` and `admin` put it in the Wagtail admin (registered in `courses/wagtail_hooks.py`).
Templates: `courses/templates/courses/enrolment_import/`. See
docs/decisions/007-bulk-enrolment.md.
"""
