from django.dispatch import Signal

# Sent once per learner and course, after the transaction that stored the completion commits.
# Arguments: completion (courses.models.CourseCompletion). The certificates code listens here.
course_completed = Signal()
