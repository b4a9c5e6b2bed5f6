"""ManagerScope moves from the home app to courses.reports, where its admin and logic are.

Only Django's idea of the model moves: the table keeps its name (`home_managerscope`) and its
rows, so no data is copied. The content type is renamed, so the model's permissions and
admin log entries follow it. The home app forgets the model in home/0006, which runs after
this. See docs/decisions/013-layout.md.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_rename(apps, from_label, to_label):
    ContentType = apps.get_model("contenttypes.ContentType")
    if ContentType.objects.filter(app_label=to_label, model="managerscope").exists():
        return
    ContentType.objects.filter(app_label=from_label, model="managerscope").update(
        app_label=to_label
    )


def content_type_to_courses(apps, schema_editor):
    content_type_rename(apps, "home", "courses")


def content_type_to_home(apps, schema_editor):
    content_type_rename(apps, "courses", "home")


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0011_import_job_started_at'),
        ('home', '0005_manager_scope'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ManagerScope',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('level', models.CharField(choices=[('national', 'National'), ('province', 'Province'), ('commune', 'Commune')], max_length=10, verbose_name='level')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('commune', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='home.commune', verbose_name='commune')),
                        ('province', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='home.province', verbose_name='province')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='manager_scope', to=settings.AUTH_USER_MODEL, verbose_name='manager')),
                    ],
                    options={
                        'verbose_name': 'manager scope',
                        'verbose_name_plural': 'manager scopes',
                        'db_table': 'home_managerscope',
                        'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('commune__isnull', True), ('level', 'national'), ('province__isnull', True)), models.Q(('commune__isnull', True), ('level', 'province'), ('province__isnull', False)), models.Q(('commune__isnull', False), ('level', 'commune'), ('province__isnull', True)), _connector='OR'), name='manager_scope_place_matches_level', violation_error_message='Choose a province for a province manager, a commune for a commune manager, and neither for a national administrator.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_courses, content_type_to_home),
    ]
