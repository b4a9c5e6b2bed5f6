from django.db import migrations
from django.db.models import OuterRef, Subquery


def copy_province_and_completion(apps, schema_editor):
    """Fill the copies for enrolments made before they existed.

    In a migration of its own: on PostgreSQL, rows updated twice in the transaction that adds
    the indexed column leave deferred foreign-key checks pending, and the index cannot be built
    then ("pending trigger events")."""
    Enrolment = apps.get_model("courses", "Enrolment")
    Commune = apps.get_model("home", "Commune")
    CourseCompletion = apps.get_model("courses", "CourseCompletion")
    Enrolment.objects.filter(commune__isnull=False).update(
        province_id=Subquery(
            Commune.objects.filter(pk=OuterRef("commune_id")).values("province_id")[:1]
        )
    )
    Enrolment.objects.filter(completion__isnull=False).update(
        completed_at=Subquery(
            CourseCompletion.objects.filter(enrolment_id=OuterRef("pk")).values("completed_at")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0008_enrolment_province_completed_at"),
    ]

    operations = [
        migrations.RunPython(
            copy_province_and_completion, migrations.RunPython.noop, elidable=True
        ),
    ]
