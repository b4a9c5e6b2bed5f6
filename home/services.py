"""Write-side operations on accounts: the learner profile and its commune history.

Every change of commune goes through `learner_set_commune`, which records it, so enrolments and
reports can tell where a learner was at a given date. Accounts made by the platform (not by
sign-up) are saved by `learners_create`, one or thousands at once, with the same history.
"""

from collections.abc import Sequence

from allauth.account.models import EmailAddress
from django.db import transaction

from home.models import Commune, CommuneChange, User

PROFILE_FIELDS = ("full_name", "phone", "learner_group", "work_unit")


@transaction.atomic
def learners_create(*, users: Sequence[User]) -> list[User]:
    """Save new accounts, each with its commune (`commune_id`, set by the caller) as the first
    entry of its commune history and its e-mail as its primary, unverified address: the rows
    `learner_set_commune` and allauth write for one account, for a spreadsheet's thousands in
    three statements. Raises IntegrityError when an e-mail or phone number is taken."""
    created = User.objects.bulk_create(users)
    CommuneChange.objects.bulk_create(
        CommuneChange(user_id=user.pk, old_commune_id=None, new_commune_id=user.commune_id)
        for user in created
    )
    EmailAddress.objects.bulk_create(
        EmailAddress(user_id=user.pk, email=user.email, primary=True, verified=False)
        for user in created
    )
    return created


@transaction.atomic
def learner_set_commune(*, user: User, commune: Commune | None) -> bool:
    """Move the (saved) learner to `commune`, recording the move with its date.

    The current commune is read from the locked row, not from `user`, so two requests moving the
    same learner at once record a consistent history. Returns False when nothing changed.
    """
    old_commune_id = (
        User.objects.select_for_update().values_list("commune_id", flat=True).get(pk=user.pk)
    )
    user.commune = commune
    if old_commune_id == user.commune_id:
        return False
    user.save(update_fields=["commune"])
    CommuneChange.objects.create(user=user, old_commune_id=old_commune_id, new_commune=commune)
    return True


@transaction.atomic
def learner_update_profile(*, user: User, commune: Commune | None, **fields) -> User:
    """Save the profile fields named in PROFILE_FIELDS and, through the history, the commune."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Not profile fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    learner_set_commune(user=user, commune=commune)
    return user


def email_verify_after_password_reset(*, user: User) -> bool:
    """Mark the account's e-mail address verified once its owner set a password through a link
    sent to it (a password reset or an import invitation): following that link proved they read
    that mailbox. Only for an account with a single address, where the link went to that one.
    Returns whether an address was newly verified."""
    addresses = list(EmailAddress.objects.filter(user=user)[:2])
    if len(addresses) != 1 or addresses[0].verified:
        return False
    if addresses[0].email.lower() != (user.email or "").lower():
        return False
    addresses[0].verified = True
    addresses[0].save(update_fields=["verified"])
    return True
