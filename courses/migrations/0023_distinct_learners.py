from django.db import migrations, models


def count_existing(apps, schema_editor):
    # The rebuild `manage.py rebuild_statistics` runs, over this migration's models: the table
    # starts exact on a database that already has enrolments.
    from courses.reports.aggregates import learners_rebuild

    learners_rebuild(apps=apps)


class Migration(migrations.Migration):

    dependencies = [
        ('courses', '0022_action_receipts'),
    ]

    operations = [
        migrations.CreateModel(
            name='DailyLearnerCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('level', models.CharField(choices=[('nation', 'Nation'), ('province', 'Province'), ('commune', 'Commune')], max_length=10)),
                ('place', models.CharField(blank=True, max_length=10)),
                ('learner_group', models.CharField(blank=True, max_length=20)),
                ('day', models.DateField()),
                ('learners', models.IntegerField(default=0)),
            ],
            options={
                'verbose_name': 'daily learner count',
                'verbose_name_plural': 'daily learner counts',
                'constraints': [models.UniqueConstraint(fields=('level', 'place', 'learner_group', 'day'), name='unique_daily_learner_count')],
            },
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
