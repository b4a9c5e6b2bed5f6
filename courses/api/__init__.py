"""The statistics API: machine-readable figures of the dashboard, scoped like it (issue #20).

* `endpoints` — `/api/v1/` with django-ninja: `areas/`, `courses/`, `statistics/`, `roster/`
  (cursor-paginated, the only one with personal data); the OpenAPI 3
  document at `/api/v1/openapi.json` and Swagger UI (from our own static files) at
  `/api/v1/docs`.
* `auth` — `Authorization: Bearer <token>`; the token's owner's scope is read on every request;
  a per-token rate limit (API_RATE_LIMIT calls a minute).
* `models`, `services`, `selectors` — personal API tokens, stored as SHA-256 hashes and shown
  once; `admin` — the screens where managers make and revoke them.
* `schemas` — the answers' shapes.

Figures come from the dashboard's own selectors (`courses.reports.selectors.dashboard_figures`)
and areas pass through its gate (`courses.reports.scopes.scope_resolve`), so the API can show
neither other figures nor other areas than the dashboard would. README, "Statistics API";
docs/decisions/016-statistics-api.md.
"""
