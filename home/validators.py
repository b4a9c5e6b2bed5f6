import copy
import re
import unicodedata

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from home.text import fold_vietnamese

# Mobile numbers have ten digits and start 03, 05, 07, 08 or 09; landlines have eleven and start
# 02. "+84" or "84" may stand for the leading 0.
_PHONE_RE = re.compile(r"^(0[35789]\d{8}|02\d{9})$")


def normalise_phone(value: str) -> str:
    """Return the phone number in the national form (0xxxxxxxxx), without spaces or dots."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        # No national number starts with 84: this is 84 + a mobile (9) or landline (10) number.
        digits = "0" + digits[2:]
    return digits


def normalise_full_name(value: str) -> str:
    """Collapse runs of spaces and compose accents (NFC), so "Nguyễn" is stored one way only."""
    return unicodedata.normalize("NFC", " ".join((value or "").split()))


def validate_vietnamese_phone(value: str) -> None:
    if value and not _PHONE_RE.match(normalise_phone(value)):
        raise ValidationError(
            _("Enter a valid Vietnamese phone number, for example 0912 345 678."),
            code="invalid_phone",
        )


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's check that a password is not close to the account's own details, run a second
    time without diacritics: "nguyenthihongnhung" is as guessable as "Nguyễn Thị Hồng Nhung".

    Settings name the attributes (`full_name`, `email`); forms that check a password before the
    account exists pass an unsaved user carrying them (`home.forms.SignupForm`).
    """

    def validate(self, password, user=None):
        super().validate(password, user)
        if user is None:
            return
        folded_user = copy.copy(user)
        for attribute in self.user_attributes:
            value = getattr(user, attribute, None)
            if isinstance(value, str):
                setattr(folded_user, attribute, fold_vietnamese(value))
        super().validate(fold_vietnamese(password), folded_user)
