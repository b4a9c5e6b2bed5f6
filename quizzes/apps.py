from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "quizzes"
    verbose_name = _("Quizzes")

    def ready(self):
        # Block modules import models, which do not exist before the registry is ready.
        from courses.blocks import activity_block_register
        from courses.classes.progress import failed_work_source_register
        from quizzes.blocks import H5PActivityBlock, QuizBlock
        from quizzes.h5p import checks  # noqa: F401 (registers the checks)
        from quizzes.selectors import failed_attempts_without_pass

        # A module body's quiz and H5P blocks (docs/decisions/013-layout.md): courses does not
        # import quizzes. The order is the order of the add-block menu and of the migrations.
        activity_block_register(name="quiz", block_class=QuizBlock)
        activity_block_register(name="h5p", block_class=H5PActivityBlock)
        # A class's learner who fails a quiz without passing it is stuck (decision 021).
        failed_work_source_register(failed_attempts_without_pass)
