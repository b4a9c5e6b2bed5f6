from .pages import HomePage
from .places import Commune, Province
from .settings import SiteBranding
from .users import CommuneChange, LearnerGroup, User

__all__ = [
    "Commune",
    "CommuneChange",
    "HomePage",
    "LearnerGroup",
    "Province",
    "SiteBranding",
    "User",
]
