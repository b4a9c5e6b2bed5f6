from .learning import CourseCompletion, Enrolment, ModulePartResult, ModuleProgress
from .pages import CourseIndexPage, CoursePage, CoursePrerequisite, ModulePage, Topic

__all__ = [
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "CoursePrerequisite",
    "Enrolment",
    "ModulePage",
    "ModulePartResult",
    "ModuleProgress",
    "Topic",
]
