import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_province_and_completion(apps, schema_editor):
    """Fill the copies for enrolments made before they existed."""
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
        ("courses", "0007_h5p_results_setting"),
        ("home", "0005_manager_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="enrolment",
            name="completed_at",
            field=models.DateTimeField(editable=False, null=True, verbose_name="completed at"),
        ),
        migrations.AddField(
            model_name="enrolment",
            name="province",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="home.province",
                verbose_name="province at enrolment",
            ),
        ),
        migrations.RunPython(copy_province_and_completion, migrations.RunPython.noop, elidable=True),
    ]
