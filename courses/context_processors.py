from django.utils.functional import SimpleLazyObject

from courses.models import CourseIndexPage
from home.caching import cached, versioned_key


def _catalog_url():
    def lookup():
        catalog = CourseIndexPage.objects.live().only("url_path").first()
        return catalog.url if catalog else None

    return cached(versioned_key("catalog-url"), lookup)


def navigation(request):
    """The catalog's URL for the site menu, looked up only when a template uses it."""
    return {"catalog_url": SimpleLazyObject(_catalog_url)}
