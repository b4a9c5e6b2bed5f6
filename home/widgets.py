"""Admin widgets of the site core.

`AsciiSlugInput` is the slug field of every page and snippet in the admin (registered in
`HomeConfig.ready()`): the slug Wagtail fills in from the title, or that a trainer types, is
ASCII ("bai-1-dang-ky-dich-vu-cong"), as `ascii_slug` makes it on the server.
"""

from wagtail.admin.widgets.slug import SlugInput

from home.text import ascii_slug_formatters


class AsciiSlugInput(SlugInput):
    def __init__(self, attrs=None, formatters=None, locale=None):
        super().__init__(
            attrs=attrs, formatters=formatters or ascii_slug_formatters(), locale=locale
        )
