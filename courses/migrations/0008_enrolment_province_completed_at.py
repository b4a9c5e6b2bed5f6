import django.db.models.deletion
from django.db import migrations, models


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
                verbose_name="province",
            ),
        ),
    ]
