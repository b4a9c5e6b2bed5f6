"""Read-side queries of the site core: places, the public counters on the home page and the
provincial portal of a request or of a learner, a site's news."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from wagtail.models import Site

from home.caching import cached, versioned_key
from home.models import Commune, NewsIndexPage, NewsPage, Portal, Province
from home.text import vietnamese_sort_key


def province_list() -> list[Province]:
    """The provinces in Vietnamese alphabetical order of their names (the database's collation
    would put "Đắk Lắk" after "Vĩnh Long" or treat "Đ" as "D")."""
    return sorted(Province.objects.all(), key=lambda p: vietnamese_sort_key(p.name))


def commune_list_for_province(*, province_code: str) -> list[Commune]:
    """Communes of one province in Vietnamese alphabetical order of their names without the
    "Xã"/"Phường"/"Đặc khu" prefix, so that a learner finds theirs by its proper name (an
    unknown code gives none)."""
    communes = Commune.objects.filter(province__code=province_code).select_related("province")
    return sorted(communes, key=lambda c: vietnamese_sort_key(_without_kind(c.name)))


_KIND_PREFIXES = ("xã ", "phường ", "đặc khu ", "thị trấn ")


def _without_kind(name: str) -> str:
    lowered = name.lower()
    for prefix in _KIND_PREFIXES:
        if lowered.startswith(prefix):
            return name[len(prefix) :]
    return name


def phone_is_taken(*, phone: str, exclude_user_pk: int | None = None) -> bool:
    """Whether another account already has this (normalised) phone number."""
    others = get_user_model().objects.filter(phone=phone)
    if exclude_user_pk is not None:
        others = others.exclude(pk=exclude_user_pk)
    return others.exists()


def site_counters() -> dict[str, int]:
    """Learners with an account, and the number of distinct communes they come from: counted
    at most once per SITE_FIGURES_CACHE_SECONDS for the whole site, not on every view."""

    def count() -> dict[str, int]:
        learners = get_user_model().objects.filter(is_active=True, commune__isnull=False)
        return {
            "learners": learners.count(),
            "communes": learners.values("commune").distinct().count(),
        }

    return cached("elearn:site-counters", count, timeout=settings.SITE_FIGURES_CACHE_SECONDS)


def portal_for_site(*, site_id: int | None) -> Portal | None:
    """The provincial portal a site is (with its province), or None for the national site.
    Read once per content version: every page of a portal asks."""
    if site_id is None:
        return None
    return cached(
        versioned_key("portal", site_id),
        lambda: Portal.objects.select_related("province", "site").filter(site_id=site_id).first(),
    )


def portal_for_request(request) -> Portal | None:
    """The portal whose host name the request came to (None on the national site)."""
    site = Site.find_for_request(request)
    return portal_for_site(site_id=site.pk if site else None)


def portal_hosts_by_province() -> dict[str, str]:
    """Province code → its portal's host (with the port when not 80 or 443), for the
    national statistics' per-portal column. Read once per content version."""

    def build() -> dict[str, str]:
        rows = Portal.objects.values_list("province__code", "site__hostname", "site__port")
        return {code: host if port in (80, 443) else f"{host}:{port}" for code, host, port in rows}

    return cached(versioned_key("portal-hosts"), build)


@dataclass(frozen=True)
class LearnerSite:
    """Where e-mails sent outside a request send a learner: their portal's name and address."""

    name: str
    root_url: str  # without the trailing slash


def portal_sites() -> dict[int, LearnerSite]:
    """Portal id → its site's name and address. Read once per content version."""

    def build() -> dict[int, LearnerSite]:
        portals = Portal.objects.select_related("site")
        return {
            portal.pk: LearnerSite(
                name=portal.site.site_name or settings.WAGTAIL_SITE_NAME,
                root_url=portal.site.root_url.rstrip("/"),
            )
            for portal in portals
        }

    return cached(versioned_key("portal-sites"), build)


def learner_site(*, user) -> LearnerSite:
    """The site e-mails link a learner to: the portal they signed up on (or were imported
    into), else the national site at WAGTAILADMIN_BASE_URL. Sessions are per host, so a link
    to another host would ask them to sign in again (docs/decisions/028-portal-editing.md)."""
    site = portal_sites().get(user.portal_id) if user.portal_id else None
    return site or LearnerSite(
        name=settings.WAGTAIL_SITE_NAME, root_url=settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    )


def portal_ids_by_province() -> dict[int, int]:
    """Province id → its portal's id: the portal an account made without a request (an
    import) belongs to. Read once per content version."""
    return cached(
        versioned_key("portal-ids"), lambda: dict(Portal.objects.values_list("province_id", "pk"))
    )


NEWS_PER_PAGE = 10
HOME_NEWS_COUNT = 3
NEWS_THUMBNAILS = ("fill-480x270", "fill-960x540")


@dataclass(frozen=True)
class NewsSlice:
    """One page of a news index, without a total: a page never counts the news."""

    items: list[NewsPage]
    number: int
    has_previous: bool
    has_next: bool

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def _page_number(value) -> int:
    try:
        return max(1, min(int(value), 10_000))
    except (TypeError, ValueError):
        return 1


def _news(parent):
    return (
        NewsPage.objects.live().public().child_of(parent).order_by("-date", "-first_published_at")
    )


def news_page(*, index: NewsIndexPage, number=None) -> NewsSlice:
    """The news of `index`, newest first, NEWS_PER_PAGE to a page (one more is read to know
    whether there is a next page), with their images' renditions."""
    number = _page_number(number)
    start = (number - 1) * NEWS_PER_PAGE
    rows = list(
        _news(index)
        .select_related("image")
        .prefetch_related("image__renditions")[start : start + NEWS_PER_PAGE + 1]
    )
    return NewsSlice(
        items=rows[:NEWS_PER_PAGE],
        number=number,
        has_previous=number > 1,
        has_next=len(rows) > NEWS_PER_PAGE,
    )


@dataclass(frozen=True)
class NewsCard:
    title: str
    path: str
    date: object
    intro: str
    image_url: str
    image_srcset: str


@dataclass(frozen=True)
class HomeNews:
    index_path: str
    title: str
    cards: list[NewsCard]


def home_news(*, home) -> HomeNews | None:
    """The HOME_NEWS_COUNT newest news of the site whose home page is `home`, and its news
    index; None when it has no news index. Read once per content version (the home page is
    every visitor's first page)."""

    def build() -> HomeNews | None:
        index = NewsIndexPage.objects.child_of(home).live().public().first()
        if index is None:
            return None
        cards = []
        for news in _news(index).select_related("image")[:HOME_NEWS_COUNT]:
            renditions = news.image.get_renditions(*NEWS_THUMBNAILS) if news.image else {}
            cards.append(
                NewsCard(
                    title=news.title,
                    path=news.url_path.removeprefix(home.url_path.rstrip("/")),
                    date=news.date,
                    intro=news.intro,
                    image_url=renditions[NEWS_THUMBNAILS[0]].url if renditions else "",
                    image_srcset=", ".join(
                        f"{renditions[spec].url} {renditions[spec].width}w"
                        for spec in NEWS_THUMBNAILS
                    )
                    if renditions
                    else "",
                )
            )
        return HomeNews(
            index_path=index.url_path.removeprefix(home.url_path.rstrip("/")),
            title=index.title,
            cards=cards,
        )

    return cached(versioned_key("home-news", home.pk), build)
