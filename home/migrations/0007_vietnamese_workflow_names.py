"""Wagtail names its default workflow and task "Moderators approval" (from the group's name);
trainers read it in buttons ("Gửi duyệt (Moderators approval)"), so it is named in Vietnamese.
A workflow an administrator has renamed keeps its name."""

from django.db import migrations

ENGLISH = "Moderators approval"
VIETNAMESE = "Ban kiểm duyệt"


def rename(apps, old, new):
    for model in ("Workflow", "Task"):
        apps.get_model("wagtailcore", model).objects.filter(name=old).update(name=new)


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0006_manager_scope_to_courses'),
        ('wagtailcore', '0048_add_default_workflows'),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: rename(apps, ENGLISH, VIETNAMESE),
            lambda apps, schema_editor: rename(apps, VIETNAMESE, ENGLISH),
        ),
    ]
