"""Content blocks of a news item (`NewsStreamBlock`): headings, text and pictures, as a
portal's editors write an announcement. The course module body has its own, richer set
(courses/blocks.py); home does not import courses."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "home/blocks/heading_block.html"
        form_classname = "title"
        description = _("A section title that splits a long announcement into parts")
        preview_value = _("Registration opens on Monday")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "home/blocks/paragraph_block.html"
        description = _("Text with sub-headings, bold, lists and links to pages or documents")
        preview_value = _(
            "<p>Officials of every commune complete the <b>digital skills</b> course by the "
            "end of the month.</p>"
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_("What the image shows, for readers who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "home/blocks/image_block.html"
        description = _("A picture from the image library, with a caption")


class NewsStreamBlock(blocks.StreamBlock):
    """The body of a news item."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
