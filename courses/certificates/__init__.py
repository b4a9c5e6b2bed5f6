"""Completion certificates: issued once per learner and course, rendered to a signed PDF.

`eligibility` decides who gets one, `services` issues, renders, revokes and re-issues,
`selectors` answers the verification page, the dashboard and downloads, `rendering` and
`signing` turn a certificate into a PAdES-signed PDF, `tasks` runs the rendering in the
background. Background and choices: docs/decisions/005-certificates.md.
"""
