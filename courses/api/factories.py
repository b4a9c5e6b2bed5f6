"""Test data for the statistics API: personal tokens.

ApiTokenFactory(owner=manager)            # a usable token; its clear text in `.clear`
ApiTokenFactory(owner=manager, expired=True) or (revoked=True)
"""

import datetime as dt

import factory
from django.utils import timezone

from courses.api.models import ApiToken
from courses.api.services import api_token_create


class ApiTokenFactory(factory.Factory):
    """Made through the service, like the admin does; `.clear` is the token to send."""

    class Meta:
        model = ApiToken

    class Params:
        expired = False
        revoked = False

    owner = None
    name = factory.Sequence(lambda n: f"Portal {n}")
    expires_at = factory.LazyAttribute(
        lambda o: timezone.now() + dt.timedelta(days=-1 if o.expired else 30)
    )
    revoked_at = factory.Maybe("revoked", factory.LazyFunction(timezone.now), None)

    @classmethod
    def _create(cls, model_class, *, owner, name, expires_at, revoked_at):
        created = api_token_create(owner=owner, name=name, expires_at=expires_at)
        token = created.token
        if revoked_at:
            token.revoked_at = revoked_at
            token.save(update_fields=["revoked_at"])
        token.clear = created.clear
        return token
