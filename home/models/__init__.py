from .news import NewsIndexPage, NewsPage
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
    "NewsIndexPage",
    "NewsPage",
    "Portal",
    "Province",
    "SiteBranding",
    "User",
]
