"""ManagerScope moved from the home app to courses.reports (courses/0012, home/0006) without
touching its table: the rows, and the content type its permissions hang on, survive the move
both ways (docs/decisions/013-layout.md)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from courses.models import ManagerScope
from home.factories import CommuneFactory, UserFactory

BEFORE_THE_MOVE = [("courses", "0011_import_job_started_at"), ("home", "0005_manager_scope")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_manager_scopes_and_their_content_type_survive_the_move_both_ways():
    commune = CommuneFactory()
    scope = ManagerScope.objects.create(
        user=UserFactory(email="xa@example.vn"), level="commune", commune=commune
    )
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    before = _migrate(BEFORE_THE_MOVE)
    old_model = before.get_model("home", "ManagerScope")
    assert list(old_model.objects.values_list("pk", "level", "commune_id")) == [
        (scope.pk, "commune", commune.pk)
    ]
    assert ContentType.objects.filter(app_label="home", model="managerscope").exists()

    _migrate(latest)

    assert list(ManagerScope.objects.values_list("pk", "level", "commune_id")) == [
        (scope.pk, "commune", commune.pk)
    ]
    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(ManagerScope).app_label == "courses"
    assert not ContentType.objects.filter(app_label="home", model="managerscope").exists()
