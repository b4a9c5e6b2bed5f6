from django.db import migrations

TRAINERS = "Trainers"
MODELS = {"questioncategory": "question category", "question": "question", "quiz": "quiz"}
ACTIONS = ("add", "change", "delete", "view")


def grant_trainers(apps, schema_editor):
    """Trainers keep the question bank and the quizzes (the group comes from courses 0002)."""
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    ContentType = apps.get_model("contenttypes.ContentType")

    group, _created = Group.objects.get_or_create(name=TRAINERS)
    for model, verbose_name in MODELS.items():
        content_type, _created = ContentType.objects.get_or_create(app_label="quizzes", model=model)
        for action in ACTIONS:
            permission, _created = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {verbose_name}"},
            )
            group.permissions.add(permission)


def revoke_trainers(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    group = Group.objects.filter(name=TRAINERS).first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="quizzes"))


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
        ("courses", "0002_trainers_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_trainers, revoke_trainers)]
