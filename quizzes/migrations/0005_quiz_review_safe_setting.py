from django.db import migrations


def keep_answers_back(apps, schema_editor):
    """Quizzes still on the old default (right answers and explanations after each attempt,
    the demo quizzes among them) keep the right answers back until the learner has passed or
    used all attempts; they still show which answers were right after each attempt."""
    Quiz = apps.get_model("quizzes", "Quiz")
    Quiz.objects.filter(review="answers", review_timing="each_attempt").update(
        review_timing="correctness_first"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0004_quiz_review_keeps_answers_back"),
    ]

    operations = [
        # Backwards: code before 0004 reads "correctness_first" as "after each attempt".
        migrations.RunPython(keep_answers_back, migrations.RunPython.noop),
    ]
