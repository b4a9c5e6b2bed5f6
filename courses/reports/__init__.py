"""Completion statistics for administrators and area managers: scope, dashboard, exports.

Every view, export and command reaches the data through `scopes.scope_resolve`, which turns a
user and the area they asked for into an `Area` (a filter) or refuses. See
docs/decisions/006-scoped-statistics.md.
"""
