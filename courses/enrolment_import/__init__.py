"""Bulk enrolment: administrators enrol a commune's officials from a CSV or XLSX file.

`parsing` reads the file (pure), `matching` checks each row against places and accounts,
`services` runs a job (dry run or for real), `tasks` runs it in the background, `views` and
`admin_hooks` put it in the Wagtail admin. See docs/decisions/007-bulk-enrolment.md.
"""
