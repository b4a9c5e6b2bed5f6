"""Sign-in with an OpenID Connect identity provider (the national e-ID, a provincial portal).

django-allauth's `openid_connect` provider does the protocol (discovery, PKCE, state, tokens);
this package adds what a government sign-in needs on top (docs/decisions/018-oidc-sign-in.md):
`provider` verifies every ID token's signature and nonce, `adapters` turns the claims into a
learner (NFC name, verified e-mail only, subject as the key) and keeps the first sign-in for the
profile form (`forms`), `views` answers a provider that is down with a message instead of an
error page and rate-limits the sign-in button, `services` holds the staff rule and the
sign-in log, `selectors` the linked identities and the provider's sign-out address, `panels`
the identities on the Wagtail user screens. Providers come from OIDC_PROVIDERS
(elearn/settings/base.py); templates are allauth's names under
elearn/templates/socialaccount/. Tests: tests/home/oidc/ (a real provider on loopback).
"""
