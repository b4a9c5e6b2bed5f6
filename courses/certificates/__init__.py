"""Completion certificates: everything about them lives in this package.

`models` (Certificate, CertificateSettings; re-exported by `courses.models`), `eligibility`
decides who gets one, `services` issues, renders, revokes and re-issues, `selectors` answers
the verification page, the dashboard and downloads, `reports` is how the statistics count
them, `rendering` and `signing` turn a certificate into a PAdES-signed PDF, `tasks` runs the
rendering in the background, `receivers` issues on course completion, `views` and `urls` are
the public check and the download, `admin` the Wagtail admin screens (registered in
`courses/wagtail_hooks.py`). Templates: `courses/templates/courses/certificates/`.
Background and choices: docs/decisions/005-certificates.md.
"""
