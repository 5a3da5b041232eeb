"""Badge images: checking uploads (PNG or SVG) and drawing a simple SVG from the designer's choices.

An uploaded SVG is refused when it could run script or fetch anything (it is shown to the public and baked
into credentials): no DOCTYPE/ENTITY, no script, no event handler attributes, no external references.
"""

from __future__ import annotations

import io
import re
from html import escape
from xml.etree import ElementTree

from PIL import Image, UnidentifiedImageError

from microcred.catalog.content import BadgeDesign
from microcred.core.errors import InvalidInput

MAX_BADGE_BYTES = 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_FORBIDDEN_SVG = re.compile(
    rb"<!DOCTYPE|<!ENTITY|<script|\bon[a-z]+\s*=|javascript:|<foreignObject", re.IGNORECASE
)
_EXTERNAL_HREF = re.compile(rb"""(?:xlink:)?href\s*=\s*["'](?!#|data:image/)""", re.IGNORECASE)


def check_image(data: bytes) -> str:
    """``"png"`` or ``"svg"`` for an acceptable badge image; ``InvalidInput`` says what is wrong."""
    if len(data) > MAX_BADGE_BYTES:
        raise InvalidInput("the image is larger than 1 MB", "badge_image")
    if data.startswith(PNG_SIGNATURE):
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
                width, height = image.size
        except (UnidentifiedImageError, OSError, SyntaxError) as exc:
            raise InvalidInput(f"the PNG file is damaged ({exc})", "badge_image") from None
        if width != height or width < 90 or width > 2048:
            raise InvalidInput(
                f"a badge PNG must be square, 90 to 2048 pixels wide; this one is {width}x{height}",
                "badge_image",
            )
        return "png"
    head = data.lstrip()[:1024].lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        if _FORBIDDEN_SVG.search(data) or _EXTERNAL_HREF.search(data):
            raise InvalidInput(
                "the SVG contains script, a DOCTYPE or a link to another file; export a plain SVG",
                "badge_image",
            )
        try:
            root = ElementTree.fromstring(data)  # noqa: S314 - DOCTYPE/ENTITY refused above
        except ElementTree.ParseError as exc:
            raise InvalidInput(f"the SVG is not well-formed XML ({exc})", "badge_image") from None
        if not root.tag.endswith("svg"):
            raise InvalidInput("the file's root element is not <svg>", "badge_image")
        return "svg"
    raise InvalidInput("the badge image must be a PNG or an SVG file", "badge_image")


_SHAPES = {
    "circle": '<circle cx="100" cy="100" r="92" fill="{bg}" stroke="{fg}" stroke-width="6"/>',
    "square": '<rect x="10" y="10" width="180" height="180" rx="24" fill="{bg}" stroke="{fg}" '
    'stroke-width="6"/>',
    "hexagon": '<polygon points="100,8 180,54 180,146 100,192 20,146 20,54" fill="{bg}" stroke="{fg}" '
    'stroke-width="6"/>',
    "shield": '<path d="M100 8 L184 38 V104 C184 150 146 180 100 194 C54 180 16 150 16 104 V38 Z" '
    'fill="{bg}" stroke="{fg}" stroke-width="6"/>',
}
_ICONS = {
    "none": "",
    "star": '<polygon points="100,40 114,78 154,78 122,102 134,140 100,116 66,140 78,102 46,78 86,78" '
    'fill="{fg}"/>',
    "gear": '<circle cx="100" cy="88" r="30" fill="none" stroke="{fg}" stroke-width="14" '
    'stroke-dasharray="12 8"/><circle cx="100" cy="88" r="12" fill="{fg}"/>',
    "leaf": '<path d="M60 130 C60 70 110 48 150 46 C148 96 120 130 60 130 Z M60 130 L110 86" fill="{fg}" '
    'stroke="{fg}" stroke-width="4"/>',
    "atom": '<ellipse cx="100" cy="88" rx="46" ry="16" fill="none" stroke="{fg}" stroke-width="6"/>'
    '<ellipse cx="100" cy="88" rx="46" ry="16" fill="none" stroke="{fg}" stroke-width="6" '
    'transform="rotate(60 100 88)"/><ellipse cx="100" cy="88" rx="46" ry="16" fill="none" stroke="{fg}" '
    'stroke-width="6" transform="rotate(120 100 88)"/><circle cx="100" cy="88" r="8" fill="{fg}"/>',
    "book": '<path d="M52 56 H96 V126 H52 Z M104 56 H148 V126 H104 Z" fill="none" stroke="{fg}" '
    'stroke-width="8"/>',
    "chip": '<rect x="70" y="58" width="60" height="60" rx="6" fill="none" stroke="{fg}" stroke-width="8"/>'
    '<path d="M80 50 V58 M100 50 V58 M120 50 V58 M80 118 V126 M100 118 V126 M120 118 V126" stroke="{fg}" '
    'stroke-width="6"/>',
}


def design_svg(design: BadgeDesign, title: str) -> bytes:
    """A square SVG badge: the shape in the background colour, an icon and a short label."""
    label = escape(design.label or title[:24])
    body = _SHAPES[design.shape].format(bg=design.background, fg=design.foreground)
    icon = _ICONS[design.icon].format(fg=design.foreground)
    size = 20 if len(label) <= 14 else 14
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" width="400" height="400" role="img" '
        f'aria-label="{escape(title)}"><title>{escape(title)}</title>{body}{icon}'
        f'<text x="100" y="162" text-anchor="middle" font-family="sans-serif" font-weight="700" '
        f'font-size="{size}" fill="{design.foreground}">{label}</text></svg>'
    ).encode()
