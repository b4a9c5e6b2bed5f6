from .attempts import Attempt, AttemptQuestion, AttemptResult, QuestionResult
from .bank import CHOICE_KINDS, Choice, Question, QuestionCategory, QuestionKind
from .h5p import H5PActivity, H5PAttempt, H5PLibrary, H5PResult
from .quizzes import GradingMethod, Quiz, QuizDraw, QuizQuestion, ReviewLevel, ReviewTiming

__all__ = [
    "CHOICE_KINDS",
    "Attempt",
    "AttemptQuestion",
    "AttemptResult",
    "Choice",
    "GradingMethod",
    "H5PActivity",
    "H5PAttempt",
    "H5PLibrary",
    "H5PResult",
    "Question",
    "QuestionCategory",
    "QuestionKind",
    "QuestionResult",
    "Quiz",
    "QuizDraw",
    "QuizQuestion",
    "ReviewLevel",
    "ReviewTiming",
]
