"""Bulk enrolment: administrators enrol a commune's officials from a CSV or XLSX file.

`models` (ImportJob; re-exported by `courses.models`), `parsing` names the learner columns and
reads the file through `home.spreadsheets` (pure), `matching` checks each row against places,
accounts and classes (the optional "Lớp" column or the job's class, decision 027), `services`
runs a job (dry run or for real) and puts the learners in their classes through
`courses.classes.services.class_members_add_many`, `tasks` runs it in the background,
`storage` keeps the uploaded files private, `views` and `admin` put it in the Wagtail admin
(registered in `courses/wagtail_hooks.py`). Templates:
`courses/templates/courses/enrolment_import/`. See docs/decisions/007-bulk-enrolment.md.
"""
