"""Completion statistics for administrators and area managers: scope, dashboard, exports.

`models` (Target, ManagerScope; re-exported by `courses.models`), `scopes` turns a user and
the area they asked for into an `Area` (a filter) or refuses, and every view, export and
command goes through `scopes.scope_resolve`; `selectors` and `charts` feed the dashboard,
`exports` writes CSV and XLSX, `services` sets manager scopes and imports targets, `views`
and `admin` put it all in the Wagtail admin (registered in `courses/wagtail_hooks.py`).
Templates: `courses/templates/courses/reports/`. See docs/decisions/006-scoped-statistics.md.
"""
