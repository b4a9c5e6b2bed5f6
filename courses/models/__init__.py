"""The courses app's models, gathered here so Django finds them under the `courses` label.

Core learning models live in this package (`pages`, `learning`); each capability keeps its
models in its own sub-package (docs/decisions/013-layout.md) and is re-exported here.
"""

from courses.api.models import ApiToken
from courses.certificates.models import Certificate, CertificateSettings
from courses.classes.models import (
    Attendance,
    Class,
    ClassMember,
    ClassSession,
    Reminder,
    ReminderOptOut,
)
from courses.enrolment_import.models import ImportJob
from courses.reports.models import DailyCount, DailyLearnerCount, ManagerScope, Target
from courses.sync.models import ActionReceipt
from courses.videos.models import VideoWatch

from .learning import CourseCompletion, Enrolment, ModulePartResult, ModuleProgress
from .pages import (
    CourseIndexPage,
    CoursePage,
    CoursePrerequisite,
    FeaturedCourse,
    ModulePage,
    Topic,
)

__all__ = [
    "ActionReceipt",
    "ApiToken",
    "Attendance",
    "Certificate",
    "CertificateSettings",
    "Class",
    "ClassMember",
    "ClassSession",
    "CourseCompletion",
    "CourseIndexPage",
    "CoursePage",
    "CoursePrerequisite",
    "DailyCount",
    "DailyLearnerCount",
    "Enrolment",
    "FeaturedCourse",
    "ImportJob",
    "ManagerScope",
    "ModulePage",
    "ModulePartResult",
    "ModuleProgress",
    "Reminder",
    "ReminderOptOut",
    "Target",
    "Topic",
    "VideoWatch",
]
