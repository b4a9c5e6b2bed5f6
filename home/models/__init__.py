from .pages import HomePage
from .places import Commune, Province
from .portals import Portal
from .settings import SiteBranding
from .users import CommuneChange, LearnerGroup, User

__all__ = [
    "Commune",
    "CommuneChange",
    "HomePage",
    "LearnerGroup",
    "Portal",
    "Province",
    "SiteBranding",
    "User",
]
