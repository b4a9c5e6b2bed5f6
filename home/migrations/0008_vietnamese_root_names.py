"""Wagtail creates the root of the page tree and the root collection named "Root", in the
database; administrators read it in the page explorer, the choosers, the group editor and the
collection forms ("Đang xem: Root"), so they are named in Vietnamese (decision 023). A root an
administrator has renamed keeps its name."""

from django.db import migrations

ENGLISH = "Root"
VIETNAMESE = "Gốc"


def rename(apps, old, new):
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=old).update(title=new)
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, draft_title=old).update(
        draft_title=new
    )
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=old).update(name=new)


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0007_vietnamese_workflow_names'),
        ('wagtailcore', '0025_collection_initial_data'),
    ]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: rename(apps, ENGLISH, VIETNAMESE),
            lambda apps, schema_editor: rename(apps, VIETNAMESE, ENGLISH),
        ),
    ]
