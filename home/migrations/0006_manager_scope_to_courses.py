"""ManagerScope now belongs to courses (courses/0012): home forgets it, the table stays."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0005_manager_scope'),
        ('courses', '0012_manager_scope_from_home'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='ManagerScope')],
            database_operations=[],
        ),
    ]
