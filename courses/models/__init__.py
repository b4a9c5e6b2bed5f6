from .certificates import Certificate, CertificateSettings
from .imports import ImportJob
from .learning import CourseCompletion, Enrolment, ModulePartResult, ModuleProgress
from .pages import CourseIndexPage, CoursePage, CoursePrerequisite, ModulePage, Topic
from .targets import Target

__all__ = [
    "Certificate",
    "CertificateSettings",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "CoursePrerequisite",
    "Enrolment",
    "ImportJob",
    "ModulePage",
    "ModulePartResult",
    "ModuleProgress",
    "Target",
    "Topic",
]
