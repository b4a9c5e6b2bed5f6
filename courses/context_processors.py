from django.utils.functional import SimpleLazyObject


def _catalog_url():
    from courses.models import CourseIndexPage

    catalog = CourseIndexPage.objects.live().only("url_path").first()
    return catalog.url if catalog else None


def navigation(request):
    """The catalog's URL for the site menu, looked up only when a template uses it."""
    return {"catalog_url": SimpleLazyObject(_catalog_url)}
