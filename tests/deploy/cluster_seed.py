"""Data for the two-node test, created in a child process on the cluster's database:
`manage.py shell -c "from tests.deploy.cluster_seed import main; main()"` prints the ids."""

import json

from allauth.account.models import EmailAddress

from courses.factories import CourseIndexPageFactory, CoursePageFactory, ModulePageFactory
from home.factories import UserFactory
from home.models import Commune

PASSWORD = "hai-nut-mot-co-so"
LEARNERS = ("session", "ratelimit", "certificate")


def _verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def main() -> None:
    catalog = CourseIndexPageFactory()
    course = CoursePageFactory(parent=catalog, title="Kỹ năng số trên hai máy chủ")
    modules = ModulePageFactory.create_batch(2, parent=course)
    commune = Commune.objects.order_by("code").first()  # `make release` loaded the real ones
    users = {
        name: _verified(UserFactory(email=f"{name}@hai-nut.vn", password=PASSWORD, commune=commune))
        for name in LEARNERS
    }
    admin = _verified(
        UserFactory(email="admin@hai-nut.vn", password=PASSWORD, commune=commune, superuser=True)
    )
    print(
        json.dumps(
            {
                "course": {"id": course.pk, "url": course.url, "title": course.title},
                "modules": [module.pk for module in modules],
                "learners": {name: user.email for name, user in users.items()},
                "admin": admin.email,
            }
        )
    )
