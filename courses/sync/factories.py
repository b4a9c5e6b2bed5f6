import uuid

import factory

from courses.sync.models import ActionReceipt
from home.factories import UserFactory


class ActionReceiptFactory(factory.django.DjangoModelFactory):
    """A "mark as done" the server already performed and answered with a redirect."""

    class Meta:
        model = ActionReceipt

    learner = factory.SubFactory(UserFactory)
    action_id = factory.LazyFunction(uuid.uuid4)
    kind = ActionReceipt.Kind.MODULE_DONE
    status = 302
    summary = factory.LazyFunction(lambda: {"location": "/khoa-hoc/"})
