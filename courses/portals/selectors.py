"""Read-side of provincial portals: the national library, a site's catalog, a catalog's courses.

The library is what every catalog shows: the children of the national catalog (the catalog
under the default site's home page) and the provincial courses shared nationally. It is read
once per content version (publishing a course or changing its sharing changes the version),
so routing a library course and building a library link cost no query.
"""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from wagtail.models import Page, Site

from courses.models import CourseIndexPage, CoursePage, FeaturedCourse
from home.caching import cached, versioned_key
from home.models import Portal

# Part of the library's cache key: raised when `Library` changes shape.
LIBRARY_FORMAT = 1


@dataclass(frozen=True)
class Library:
    national_catalog_path: str  # "" when the default site has no catalog
    course_paths: frozenset[str]
    course_ids_by_slug: dict[str, int]


def _national_catalog() -> CourseIndexPage | None:
    root_path = (
        Site.objects.filter(is_default_site=True).values_list("root_page__path", flat=True).first()
    )
    if root_path is None:
        return None
    return (
        CourseIndexPage.objects.filter(path__startswith=root_path).order_by("depth", "path").first()
    )


def _library_build() -> Library:
    national = _national_catalog()
    courses = CoursePage.objects.live().filter(
        library_q(national_path=national.path if national else "")
    )
    rows = list(courses.order_by("path").values_list("pk", "slug", "path"))
    by_slug: dict[str, int] = {}
    for pk, slug, _path in rows:
        by_slug.setdefault(slug, pk)  # slugs are unique across catalogs (admin form)
    return Library(
        national_catalog_path=national.path if national else "",
        course_paths=frozenset(path for _pk, _slug, path in rows),
        course_ids_by_slug=by_slug,
    )


def library() -> Library:
    """The national library, as of the current content version."""
    return cached(versioned_key("course-library", LIBRARY_FORMAT), _library_build)


def library_q(*, national_path: str) -> Q:
    """Courses every catalog shows: the national catalog's children and shared courses."""
    shared = Q(shared_nationally=True)
    if not national_path:
        return shared
    depth = len(national_path) // CourseIndexPage.steplen + 1
    return shared | Q(path__startswith=national_path, depth=depth)


def library_holds(*, page: Page) -> bool:
    """Whether `page` (a course or one of its modules) is in the national library."""
    paths = library().course_paths
    if not paths:
        return False
    length = len(next(iter(paths)))
    return len(page.path) >= length and page.path[:length] in paths


def library_course(*, slug: str) -> CoursePage | None:
    """The live library course with this slug, if any."""
    pk = library().course_ids_by_slug.get(slug)
    return CoursePage.objects.live().filter(pk=pk).first() if pk else None


def catalog_courses(*, catalog: CourseIndexPage) -> QuerySet[CoursePage]:
    """Live public courses a catalog lists: its own and the library's, each once."""
    own = Q(path__startswith=catalog.path, depth=catalog.depth + 1)
    national_path = library().national_catalog_path
    return CoursePage.objects.live().public().filter(own | library_q(national_path=national_path))


def featured_courses(*, catalog: CourseIndexPage) -> list[CoursePage]:
    """The courses the catalog's editors chose to show first, in their order, that the
    catalog lists (a draft or a course of another province is left out)."""
    order = dict(
        FeaturedCourse.objects.filter(catalog=catalog).values_list("course_id", "sort_order")
    )
    if not order:
        return []
    courses = catalog_courses(catalog=catalog).filter(pk__in=list(order))
    return sorted(courses, key=lambda course: (order[course.pk] or 0, course.pk))


def catalog_slug_required(*, catalog: CourseIndexPage) -> str | None:
    """The slug `catalog` must keep, or None when it may have any.

    While a portal exists, every catalog (the national one included) keeps the national
    catalog's slug as saved: portals serve the library at `/<that slug>/<course>/`, and pages
    cached for every host keep those paths (docs/decisions/028-portal-follow-up.md)."""
    national_path = library().national_catalog_path
    if not national_path or not Portal.objects.exists():
        return None
    return Page.objects.filter(path=national_path).values_list("slug", flat=True).first()


def site_catalog_url(*, site: Site) -> str | None:
    """The path of the catalog of a site (the national one or a portal's)."""

    def lookup() -> str | None:
        root_path = Page.objects.filter(pk=site.root_page_id).values_list("path", flat=True)
        catalog = (
            CourseIndexPage.objects.live()
            .filter(path__startswith=root_path.first() or "-")
            .order_by("depth", "path")
            .first()
        )
        if catalog is None:
            return None
        parts = catalog.get_url_parts()
        return parts[2] if parts else None

    return cached(versioned_key("catalog-url", site.pk), lookup)
