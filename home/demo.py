"""Demo content of the site core: accounts in a few communes (the home page comes from a migration).

Called by `manage.py seed_demo`; safe to run again (it looks things up before creating them).
The passwords are for a local demo only and are printed by the command and listed in README.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from home.models import Commune, LearnerGroup
from home.places import places_load
from home.services import learner_update_profile

DEMO_PASSWORD = "hocvuso2025"  # noqa: S105 - local demo only, printed by seed_demo

DEMO_ACCOUNTS = [
    # e-mail, full name, commune code, group, role
    ("admin@demo.hocvuso.vn", "Quản trị viên Demo", "00070", LearnerGroup.OFFICIAL, "admin"),
    ("trainer@demo.hocvuso.vn", "Trần Thị Giảng Viên", "00070", LearnerGroup.OFFICIAL, "trainer"),
    ("hocvien@demo.hocvuso.vn", "Nguyễn Văn An", "01273", LearnerGroup.OFFICIAL, "learner"),
    ("hocvien2@demo.hocvuso.vn", "Lò Thị Bích", "04045", LearnerGroup.DIGITAL_TEAM, "learner"),
    ("hocvien3@demo.hocvuso.vn", "Hoàng Văn Cường", "14812", LearnerGroup.CITIZEN, "learner"),
]


def ensure_account(email, full_name, commune_code, group, role):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            is_staff=role in ("admin", "trainer"),
            is_superuser=role == "admin",
        )
        learner_update_profile(
            user=user,
            full_name=full_name,
            phone="",
            learner_group=group,
            work_unit="UBND xã" if group == LearnerGroup.OFFICIAL else "",
            commune=Commune.objects.get(code=commune_code),
        )
    return user, created


@transaction.atomic
def seed(stdout) -> None:
    if not Commune.objects.exists():
        places_load()
    for email, full_name, commune_code, group, role in DEMO_ACCOUNTS:
        _user, created = ensure_account(email, full_name, commune_code, group, role)
        state = "created" if created else "exists"
        stdout.write(f"  {role:8} {email:28} password: {DEMO_PASSWORD}  ({state})")
