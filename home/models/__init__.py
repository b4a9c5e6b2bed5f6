from .pages import HomePage
from .places import Commune, Province
from .scopes import ManagerScope
from .settings import SiteBranding
from .users import CommuneChange, LearnerGroup, User

__all__ = [
    "Commune",
    "CommuneChange",
    "HomePage",
    "LearnerGroup",
    "ManagerScope",
    "Province",
    "SiteBranding",
    "User",
]
