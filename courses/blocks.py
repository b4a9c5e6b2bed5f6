"""Content blocks of a module page.

`ModuleStreamBlock` is the module body: the content blocks defined here, then the graded
activity blocks other apps register with `activity_block_register` (the quizzes app adds its
quiz and H5P blocks in `QuizzesConfig.ready()`); courses never imports quizzes
(docs/decisions/013-layout.md). An activity block implements `completion_part(value)`,
returning a key such as "quiz:12" when the activity is required; the courses app then waits
for that part to be passed before the module is complete
(docs/decisions/003-module-completion-parts.md). A video that must be watched is such a part
too ("video:5", docs/decisions/030-videos-that-count.md).
"""

from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from home.caching import cached

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading_block.html"
        form_classname = "title"
        description = _("A section title that splits a long module into parts")
        preview_value = _("How to spot a fake bank message")


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        super().__init__(features=RICH_TEXT_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "courses/blocks/paragraph_block.html"
        description = _("Text with sub-headings, bold, lists and links to pages or documents")
        preview_value = _(
            "<p>Never share the <b>OTP code</b> your bank sends you, not even with someone "
            "who says they work for the bank.</p>"
        )


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        required=False,
        help_text=_("What the image shows, for learners who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image_block.html"
        description = _("A picture from the image library, with a caption")
        preview_template = "courses/blocks/previews/image_block.html"
        preview_value = {"caption": _("The VNeID app on a phone")}


class VideoBlock(blocks.StructBlock):
    """A video file uploaded to our own media, with captions; nothing loads from elsewhere."""

    video = DocumentChooserBlock(
        label=_("Video file"), help_text=_("An MP4 or WebM file uploaded to the documents.")
    )
    captions = DocumentChooserBlock(
        label=_("Captions (WebVTT)"), required=False, help_text=_("A .vtt subtitle file.")
    )
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    transcript = blocks.RichTextBlock(
        label=_("Transcript"), required=False, features=["bold", "italic", "ol", "ul"]
    )
    light_video = DocumentChooserBlock(
        label=_("Light version"),
        required=False,
        help_text=_(
            "Optional: the same video as a small, low-bitrate file, played on slow connections "
            "and for learners who save data. Videos are not converted: upload one you made."
        ),
    )
    required_share = blocks.IntegerBlock(
        label=_("Required watch share (%)"),
        min_value=0,
        max_value=100,
        default=0,
        help_text=_(
            "90 = learners must watch 90% before the module can be done; 0 = not required. "
            "Skipped parts do not count."
        ),
    )
    length = blocks.IntegerBlock(
        label=_("Length (seconds)"),
        required=False,
        min_value=1,
        max_value=24 * 3600,
        help_text=_(
            "Needed when a watch share is required: the video's length in seconds (450 for "
            "7 min 30 s). The share is counted against it, not against what the browser says."
        ),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video_block.html"
        description = _(
            "A video file uploaded to the documents, with captions and a transcript; it plays "
            "without loading anything from other sites"
        )
        preview_template = "courses/blocks/previews/video_block.html"
        preview_value = {"transcript": _("<p>Open the app and choose “Sign in”.</p>")}

    def clean(self, value):
        value = super().clean(value)
        if value.get("required_share") and not value.get("length"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "length": ValidationError(
                        _("Give the video's length when learners must watch a share of it.")
                    )
                }
            )
        return value

    def completion_part(self, value) -> str | None:
        """ "video:<document id>" when learners must watch a share of the video."""
        video = value.get("video") if value else None
        if video is None or not value.get("required_share"):
            return None
        return f"video:{video.pk}"

    def renders_per_learner(self, value) -> bool:
        """A required video shows the learner's progress and resumes where they stopped."""
        return self.completion_part(value) is not None

    def get_context(self, value, parent_context=None):
        from courses.videos.selectors import video_block_state  # imports the models

        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        context["state"] = video_block_state(
            value=value,
            part=self.completion_part(value),
            request=parent_context.get("request"),
            module=parent_context.get("page"),
        )
        return context


class EmbedVideoBlock(blocks.StructBlock):
    """A video hosted elsewhere (e.g. YouTube), for sites whose policy allows embeds."""

    embed = EmbedBlock(label=_("Video address"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Embedded video")
        template = "courses/blocks/embed_block.html"
        description = _("A video from YouTube or Vimeo, added by its address")
        preview_template = "courses/blocks/previews/embed_block.html"
        preview_value = {"caption": _("Registering on the national public service portal")}


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"), required=False, help_text=_("Defaults to the document title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document download")
        template = "courses/blocks/document_block.html"
        description = _("A file from the documents that learners download: a form, a guide")
        preview_template = "courses/blocks/previews/document_block.html"
        preview_value = {"title": _("Step-by-step guide (PDF)")}


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("tip", _("Tip")), ("note", _("Note")), ("warning", _("Warning"))],
        default="tip",
    )
    title = blocks.CharBlock(label=_("Title"), required=False)
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "ol", "ul", "link"])

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "courses/blocks/callout_block.html"
        description = _("A highlighted tip, note or warning")
        preview_value = {
            "kind": "warning",
            "title": _("Be careful"),
            "text": _("<p>The bank never asks for your password by phone.</p>"),
        }


_activity_blocks: dict[str, type[blocks.Block]] = {}


def activity_block_register(*, name: str, block_class: type[blocks.Block]) -> None:
    """Add a graded-activity block to every module body under `name`, after the content blocks
    and the activities registered before it. Call it from an `AppConfig.ready()`: module bodies
    are built once the apps are ready. The block should implement `completion_part(value)`."""
    if _activity_blocks.get(name, block_class) is not block_class:
        raise ImproperlyConfigured(f"Another module body block is already called {name!r}")
    _activity_blocks[name] = block_class


def activity_block_class(name: str) -> type[blocks.Block] | None:
    """The activity block class registered under `name`, if any."""
    return _activity_blocks.get(name)


class ModuleStreamBlock(blocks.StreamBlock):
    """The module body. Built when first used (`StreamField(ModuleStreamBlock)`), after every
    app's `ready()` has registered its activity blocks."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = ImageBlock()
    video = VideoBlock()
    embed = EmbedVideoBlock()
    document = DocumentBlock()
    callout = CalloutBlock()

    class Meta:
        block_counts = {}

    def __init__(self, local_blocks=None, **kwargs):
        if not apps.ready:
            # Too early: the activity blocks are not registered yet, and content using them
            # would be dropped without a word.
            raise ImproperlyConfigured("The module body is built before the apps are ready")
        activities = [(name, block_class()) for name, block_class in _activity_blocks.items()]
        super().__init__([*activities, *(local_blocks or [])], **kwargs)


def completion_parts(body) -> list[str]:
    """Keys of the required graded activities and videos in a module body, in page order."""
    keys = []
    for child in body:
        part = getattr(child.block, "completion_part", None)
        key = part(child.value) if part else None
        if key and key not in keys:
            keys.append(key)
    return keys


def browser_scored_parts(body) -> set[str]:
    """The completion keys of blocks whose scores the learner's browser reports (H5P): the
    course decides whether they count (`CoursePage.h5p_counts_toward_certificate`)."""
    keys = set()
    for child in body:
        if getattr(child.block, "scored_in_browser", False):
            key = child.block.completion_part(child.value)
            if key:
                keys.add(key)
    return keys


@dataclass(frozen=True)
class BodyFragment:
    """A piece of a module body as the page template shows it: the HTML of a run of blocks
    that look the same to every learner, or one activity block rendered for the learner."""

    html: str = ""
    block: object = None  # a StreamChild rendered per learner (quiz, H5P, video), else None


def _renders_per_learner(child) -> bool:
    """Activity blocks render per learner; a block may say so per value instead
    (`renders_per_learner(value)`: a video only when it must be watched)."""
    per_learner = getattr(child.block, "renders_per_learner", None)
    if per_learner is not None:
        return per_learner(child.value)
    return hasattr(child.block, "completion_part")


def _fragments(body) -> list[tuple[str, object]]:
    """("html", SafeString) for each run of shared blocks, ("block", index) for the blocks
    rendered per learner."""
    fragments, run = [], []
    for index, child in enumerate(body):
        if _renders_per_learner(child):
            if run:
                fragments.append(("html", mark_safe("".join(run))))  # noqa: S308 - block HTML
                run = []
            fragments.append(("block", index))
        else:
            run.append(child.render_as_block())
    if run:
        fragments.append(("html", mark_safe("".join(run))))  # noqa: S308 - rendered block HTML
    return fragments


def body_fragments(body, *, key: str) -> list[BodyFragment]:
    """The body in fragments, the shared HTML from the cache under `key`.

    Rich text resolves its links, images look their renditions up: rendering the shared
    blocks was the dearest part of a module page. The key carries the content version and the
    language (`ModulePage.get_context`); activity blocks still render for each learner."""
    return [
        BodyFragment(html=value) if kind == "html" else BodyFragment(block=body[value])
        for kind, value in cached(key, lambda: _fragments(body))
    ]
