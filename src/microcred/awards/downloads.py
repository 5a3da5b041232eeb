"""What a learner downloads from their wallet: the signed credential, baked badges and a PDF certificate.

Every baked image is made with :mod:`microcred.openbadges.bake` and nothing else, so what we bake is what
``microcred badge verify`` (and any other OB verifier) reads back.

The badge image of an award is its version's badge: the uploaded PNG or SVG (``version.badge_image``), or
the SVG drawn from the designer's choices (``catalog.badges.design_svg``). Two formats need an image the
version may not have:

* **OB 3.0 and OB 2.0 baked PNG** need a PNG. When the version has only an SVG (uploaded or designed), we
  do not rasterize the SVG (that needs a renderer such as cairo, which we do not ship); instead Pillow draws
  a simple round 400x400 badge in the design's colours with the title and the institution's name. It is
  deterministic: the same version and institution always give the same bytes (no timestamps in the PNG).
* **Baked SVG** needs an SVG. When the version has only an uploaded PNG, the SVG is a plain ``<svg>`` that
  wraps the PNG as a ``data:`` image: viewers show the same picture, and the credential is baked into the
  SVG the spec's way (``<openbadges:credential>`` right after ``<svg>``).

OB 3.0 images carry the signed credential JSON (an ``OpenBadgeCredential`` with its Data Integrity proof);
the OB 2.0 PNG carries the hosted assertion (``publishing.ob2``), whose ``verify.url`` points back at our
hosted copy, as OB 2.0 hosted verification requires.
"""

from __future__ import annotations

import base64
import io
import json
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from microcred.awards.credential import award_page_url, credential_url
from microcred.catalog import badges
from microcred.catalog.content import BadgeDesign
from microcred.openbadges.bake import PNG_SIGNATURE, bake_png, bake_svg
from microcred.openbadges.errors import BakingError
from microcred.publishing import ob2

if TYPE_CHECKING:
    from microcred.awards.models import Award
    from microcred.catalog.models import MicroCredentialVersion

__all__ = [
    "KINDS",
    "Download",
    "NotIssuedError",
    "badge_png",
    "badge_svg",
    "certificate_pdf",
    "download",
]

#: The kinds of download, in the order the wallet lists them.
KINDS = ("ob3.json", "ob3.png", "ob3.svg", "ob2.png", "certificate.pdf")

BADGE_SIZE = 400


class NotIssuedError(Exception):
    """The award's credential is not signed yet (signing runs right after the award is committed)."""


@dataclass(frozen=True)
class Download:
    content: bytes
    content_type: str
    filename: str


# --- the badge image ---------------------------------------------------------------------------------------


def _uploaded(version: MicroCredentialVersion) -> bytes | None:
    if not version.badge_image:
        return None
    with version.badge_image.open("rb") as image:
        data: bytes = image.read()
    return data


def _design(version: MicroCredentialVersion) -> BadgeDesign:
    return BadgeDesign.model_validate(version.badge_design or {})


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's bundled font (no system font lookup), so every machine draws the same pixels.
    return ImageFont.load_default(size=size)


def _wrap(
    draw: ImageDraw.ImageDraw,
    text: str,
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
    width: int,
    max_lines: int,
) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(".,;: ") + "…"
    return lines


def drawn_png(title: str, institution: str, design: BadgeDesign) -> bytes:
    """A round 400x400 PNG badge in the design's colours with the title and the institution's name."""
    image = Image.new("RGBA", (BADGE_SIZE, BADGE_SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse(
        (8, 8, BADGE_SIZE - 8, BADGE_SIZE - 8), fill=design.background, outline=design.foreground, width=12
    )
    draw.ellipse((34, 34, BADGE_SIZE - 34, BADGE_SIZE - 34), outline=design.foreground, width=3)
    title_font = _font(34)
    lines = _wrap(draw, title, title_font, 270, 3)
    line_height = 42
    top = 180 - len(lines) * line_height // 2
    for index, line in enumerate(lines):
        draw.text(
            (BADGE_SIZE // 2, top + index * line_height),
            line,
            font=title_font,
            fill=design.foreground,
            anchor="mt",
        )
    small = _font(18)
    for index, line in enumerate(_wrap(draw, institution, small, 230, 2)):
        draw.text((BADGE_SIZE // 2, 290 + index * 22), line, font=small, fill=design.foreground, anchor="mt")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def badge_png(version: MicroCredentialVersion, institution_name: str) -> bytes:
    """The version's badge as a PNG: the uploaded PNG, or a drawn one (see the module's docstring)."""
    uploaded = _uploaded(version)
    if uploaded is not None and uploaded.startswith(PNG_SIGNATURE):
        return uploaded
    return drawn_png(version.title, institution_name, _design(version))


def _png_in_svg(png: bytes) -> bytes:
    with Image.open(io.BytesIO(png)) as image:
        width, height = image.size
    data = base64.b64encode(png).decode("ascii")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><image width="{width}" height="{height}" '
        f'href="data:image/png;base64,{data}"/></svg>'
    ).encode()


def badge_svg(version: MicroCredentialVersion, institution_name: str) -> bytes:
    """The version's badge as an SVG: the uploaded SVG, the designed one, or the PNG wrapped in an SVG."""
    uploaded = _uploaded(version)
    if uploaded is not None and not uploaded.startswith(PNG_SIGNATURE):
        return uploaded
    if uploaded is None:
        return badges.design_svg(_design(version), version.title)
    return _png_in_svg(uploaded)


# --- the downloads -----------------------------------------------------------------------------------------


def _credential_json(award: Award) -> bytes:
    return json.dumps(award.credential, ensure_ascii=False, indent=2).encode("utf-8")


def _ob3_svg(award: Award) -> bytes:
    name = award.institution.name
    svg = badge_svg(award.version, name)
    try:
        return bake_svg(svg, award.credential or {})
    except BakingError:
        # an uploaded SVG the baker cannot use (e.g. it binds the "openbadges" prefix elsewhere)
        return bake_svg(_png_in_svg(badge_png(award.version, name)), award.credential or {})


def download(award: Award, kind: str) -> Download:
    """The file of ``kind`` (one of :data:`KINDS`) for ``award``; ``NotIssuedError`` before it is signed.

    ``KeyError`` for an unknown kind.
    """
    if kind not in KINDS:
        raise KeyError(kind)
    if award.credential is None:
        raise NotIssuedError("this award's credential is not signed yet")
    slug = award.micro_credential.slug
    name = award.institution.name
    if kind == "ob3.json":
        return Download(_credential_json(award), "application/json", f"{slug}.json")
    if kind == "ob3.png":
        png = bake_png(badge_png(award.version, name), award.credential)
        return Download(png, "image/png", f"{slug}-ob3.png")
    if kind == "ob3.svg":
        return Download(_ob3_svg(award), "image/svg+xml", f"{slug}-ob3.svg")
    if kind == "ob2.png":
        assertion = ob2.build_assertion(award)
        png = bake_png(badge_png(award.version, name), assertion, version="2.0")
        return Download(png, "image/png", f"{slug}-ob2.png")
    return Download(certificate_pdf(award), "application/pdf", f"{slug}-certificate.pdf")


# --- the PDF certificate -----------------------------------------------------------------------------------


#: Latin letters that do not decompose into a base letter and an accent.
_LETTERS = {"Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "\u0131": "i", "Ŧ": "T", "ŧ": "t"}


def _cp1252(text: str) -> bool:
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def _pdf_text(text: str) -> str:
    """Text the PDF core fonts can show (Windows-1252): accents kept, other letters transliterated or '?'.

    The core fonts need no font file; a learner name outside Latin-1 loses its accents rather than the page.
    """
    if _cp1252(text):
        return text
    out = []
    for char in text:
        if _cp1252(char):
            out.append(char)
        else:
            plain = unicodedata.normalize("NFKD", _LETTERS.get(char, char))
            out.append(plain.encode("ascii", "ignore").decode("ascii") or "?")
    return "".join(out)


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def certificate_pdf(award: Award, *, compress: bool = True) -> bytes:
    """A one-page landscape certificate with the badge, the details and where to verify it."""
    user = award.learner.user
    learner_name = user.full_name or user.shown_name
    title = award.version.title
    institution = award.institution.name
    pdf = FPDF(orientation="L", unit="mm", format="Letter")
    pdf.set_compression(compress)
    pdf.set_title(title)
    pdf.set_author(institution)
    pdf.set_subject(f"{learner_name} earned {title} from {institution}")
    pdf.set_creator("Microcred")
    pdf.set_creation_date(award.issued_at or award.awarded_at)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    width = pdf.w
    pdf.set_draw_color(11, 92, 173)
    pdf.set_line_width(1.5)
    pdf.rect(8, 8, width - 16, pdf.h - 16)
    pdf.set_line_width(0.3)
    pdf.rect(11, 11, width - 22, pdf.h - 22)

    badge = badge_png(award.version, institution)
    pdf.image(io.BytesIO(badge), x=(width - 42) / 2, y=18, w=42, h=42)

    def line(text: str, size: float, *, style: str = "", height: float = 9, color: int = 30) -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.set_text_color(color, color, color)
        pdf.set_x(20)
        pdf.multi_cell(width - 40, height, _pdf_text(text), align="C", new_x="LMARGIN", new_y="NEXT")

    pdf.set_y(64)
    line(institution, 16, style="B")
    line("Certificate of achievement", 12, color=90, height=7)
    pdf.ln(3)
    line("This certifies that", 12, color=90, height=7)
    line(learner_name, 26, style="B", height=12)
    line("has earned the micro-credential", 12, color=90, height=7)
    line(title, 22, style="B", height=11)
    pdf.ln(4)

    valid_until = f"{award.valid_until:%B %-d, %Y}" if award.valid_until else "does not expire"
    details = [f"Awarded {award.awarded_at:%B %-d, %Y}", f"valid until {valid_until}"]
    if award.credits_earned:
        details.append(f"{_number(award.credits_earned)} credit hours")
    if award.hours_earned:
        details.append(f"{_number(award.hours_earned)} hours")
    line(" · ".join(details), 11, height=6)
    pdf.ln(2)
    line(f"Credential ID: {credential_url(award)}", 8.5, color=70, height=5)
    page = award_page_url(award)
    line(f"Public page: {page}", 8.5, color=70, height=5)
    pdf.ln(2)
    line(
        f"Verify at {page}: the page says whether this credential is valid, expired, suspended or revoked. "
        "The digital credential is an Open Badges 3.0 credential signed by the institution; any Open Badges "
        "verifier can check it.",
        8.5,
        color=70,
        height=4.5,
    )
    return bytes(pdf.output())
