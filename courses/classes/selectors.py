"""Read-side queries on classes: the roster and the learners a trainer may add.

Each function answers in a fixed number of queries, whatever the size of the class.
"""

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from courses.classes.models import Class, ClassMember

CANDIDATE_LIMIT = 20


def class_roster(*, klass: Class) -> QuerySet[ClassMember]:
    """The class's members with their accounts, in the order they joined."""
    return ClassMember.objects.filter(klass=klass).select_related("learner")


def class_candidates(*, klass: Class, query: str) -> list:
    """Up to 20 active learners of the class's commune, not yet in it, whose name, e-mail or
    phone contains `query` (at least two characters)."""
    query = (query or "").strip()
    if len(query) < 2:
        return []
    return list(
        get_user_model()
        .objects.filter(is_active=True, commune_id=klass.commune_id)
        .exclude(Exists(ClassMember.objects.filter(klass=klass, learner=OuterRef("pk"))))
        .filter(
            Q(full_name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
        )
        .order_by("full_name", "pk")[:CANDIDATE_LIMIT]
    )
