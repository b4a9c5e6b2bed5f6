"""`{% chrome "name" [value …] %}…{% endchrome %}`: a part of the page rendered once per site,
language, content version, release and the values given (a page's id), then served from the
shared cache.

For the parts of `base.html` that are the same for every visitor of a site in a language
(static file URLs, the site's branding and contact, translated labels), or for every visitor
of one page (a course's header, which changes only when content is published: pass the
page's id): rendering them is a large share of a learner page's cost. Never wrap anything
personal (the user, a CSRF token, messages) or anything that varies with the path, unless
the values given say it (a learner's progress as `CourseProgress.rows_key`, shared by every
learner at that point). A picture's address may be signed for a limited time
(AWS_QUERYSTRING_EXPIRE): wrap one only if it is kept no longer than that (the brand's logo).
Site settings and branding changes bump the content version (home.caching); a new release
changes the static files' manifest. See docs/decisions/011-page-speed.md.
"""

import functools
import hashlib

from django import template
from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils.translation import get_language
from wagtail.models import Site

from home.caching import cached, versioned_key

register = template.Library()

CHROME_SECONDS = 3600


@functools.cache
def _release_token() -> str:
    """Changes with the static files a release ships (their manifest), "" without one."""
    manifest = getattr(staticfiles_storage, "manifest_hash", "") or ""
    return hashlib.sha256(manifest.encode()).hexdigest()[:12] if manifest else ""


class ChromeNode(template.Node):
    def __init__(self, name: str, nodelist, values=()):
        self.name = name
        self.nodelist = nodelist
        self.values = values

    def render(self, context):
        request = context.get("request")
        if request is None or getattr(request, "is_preview", False):
            # A preview shows a draft: never from the cache, never into it.
            return self.nodelist.render(context)
        site = Site.find_for_request(request)
        values = [str(value.resolve(context)) for value in self.values]
        key = versioned_key(
            "chrome",
            _release_token(),
            self.name,
            site.pk if site else "-",
            get_language(),
            *values,
        )
        return cached(key, lambda: self.nodelist.render(context), timeout=CHROME_SECONDS)


@register.tag
def chrome(parser, token):
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('Usage: {% chrome "name" [value …] %}…{% endchrome %}')
    values = [parser.compile_filter(bit) for bit in bits[2:]]
    nodelist = parser.parse(("endchrome",))
    parser.delete_first_token()
    return ChromeNode(bits[1][1:-1], nodelist, values)
