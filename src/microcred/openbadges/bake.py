"""Baking badges into PNG and SVG images, and reading them back.

- OB 3.0 section 5.3 "Badge Baking" (https://www.imsglobal.org/spec/ob/v3p0/#baking): PNG ``iTXt`` chunk
  with keyword ``openbadgecredential``, no compression, holding the credential JSON or its compact JWS;
  SVG ``<openbadges:credential>`` (namespace ``https://purl.imsglobal.org/ob/v3p0``) right after ``<svg>``,
  with the JWS in a ``verify`` attribute or the JSON in CDATA.
- OB 2.0 "Baking Specification" (https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/baking/):
  PNG ``iTXt`` keyword ``openbadges`` (legacy ``tEXt`` holding a URL is read too); SVG
  ``<openbadges:assertion verify="...">`` in namespace ``http://openbadges.org``, the JSON in CDATA.
- PNG chunks: https://www.w3.org/TR/png-3/#5Chunk-layout (length, type, data, CRC-32 of type+data) and
  https://www.w3.org/TR/png-3/#11iTXt.

At most one badge of each kind: baking over a *different* badge raises :class:`AlreadyBakedError`
unless ``overwrite=True``; baking the same one again returns the image unchanged. SVG input is parsed
with DTD entity declarations refused (no XXE, no "billion laughs").
"""

from __future__ import annotations

import json
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NoReturn
from xml.etree import ElementTree
from xml.parsers import expat

from microcred.openbadges.errors import AlreadyBakedError, BakingError

__all__ = ["OB2_NAMESPACE", "OB3_NAMESPACE", "BakedBadge", "bake", "bake_png", "bake_svg", "unbake"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OB3_KEYWORD = "openbadgecredential"
OB2_KEYWORD = "openbadges"
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
OB2_NAMESPACE = "http://openbadges.org"
_KEYWORDS = {"3.0": OB3_KEYWORD, "2.0": OB2_KEYWORD}
_ELEMENTS = {"3.0": (OB3_NAMESPACE, "credential"), "2.0": (OB2_NAMESPACE, "assertion")}
#: Largest text accepted from a compressed iTXt chunk (bytes).
MAX_TEXT_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class BakedBadge:
    """A badge read from an image: OB ``version`` (``3.0``/``2.0``), the ``text`` and what it is.

    ``kind`` is ``json`` (a credential or assertion), ``jwt`` (a compact JWS) or ``url`` (an OB 2.0
    hosted assertion URL); ``image`` is ``png`` or ``svg``.
    """

    version: str
    text: str
    kind: str
    image: str

    @property
    def document(self) -> Any:
        """The parsed JSON for ``kind == "json"``, else None."""
        return json.loads(self.text) if self.kind == "json" else None


def _kind(text: str) -> str:
    stripped = text.strip()
    if stripped.startswith("{"):
        return "json"
    if re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*", stripped):
        return "jwt"
    return "url"


def _payload_text(payload: str | Mapping[str, Any]) -> str:
    if isinstance(payload, Mapping):
        return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    if not isinstance(payload, str) or not payload.strip():
        raise BakingError("the badge to bake must be a credential (mapping), its JSON text or a compact JWS")
    return payload.strip()


def _same_badge(first: str, second: str) -> bool:
    try:
        return bool(json.loads(first) == json.loads(second))
    except ValueError:
        return first.strip() == second.strip()


def _check_version(version: str) -> None:
    if version not in _KEYWORDS:
        raise BakingError(f"unknown Open Badges version {version!r} (3.0 or 2.0)")


# --- PNG --------------------------------------------------------------------------------------------------


def _chunks(image: bytes) -> list[tuple[int, bytes, bytes]]:
    """Return ``(offset, type, data)`` of every chunk, checking lengths and CRCs."""
    if not image.startswith(PNG_SIGNATURE):
        raise BakingError("not a PNG image (bad signature)")
    chunks: list[tuple[int, bytes, bytes]] = []
    offset = len(PNG_SIGNATURE)
    while offset < len(image):
        if offset + 12 > len(image):
            raise BakingError(f"truncated PNG chunk at byte {offset}")
        (length,) = struct.unpack(">I", image[offset : offset + 4])
        chunk_type = image[offset + 4 : offset + 8]
        end = offset + 12 + length
        if length > 0x7FFFFFFF or end > len(image):
            raise BakingError(f"PNG chunk {chunk_type!r} at byte {offset} runs past the end of the file")
        data = image[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", image[end - 4 : end])
        if zlib.crc32(chunk_type + data) != crc:
            raise BakingError(f"PNG chunk {chunk_type!r} at byte {offset} has a wrong CRC")
        chunks.append((offset, chunk_type, data))
        offset = end
        if chunk_type == b"IEND":
            break
    if not chunks or chunks[0][1] != b"IHDR" or chunks[-1][1] != b"IEND":
        raise BakingError("a PNG must start with IHDR and end with IEND")
    return chunks


def _chunk(chunk_type: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", zlib.crc32(chunk_type + data))


def _itxt(keyword: str, text: str) -> bytes:
    # keyword NUL, compression flag 0, compression method 0, empty language tag NUL, empty translation NUL
    return keyword.encode("latin-1") + b"\0\0\0\0\0" + text.encode("utf-8")


def _read_text_chunk(chunk_type: bytes, data: bytes) -> tuple[str, str] | None:
    """Return ``(keyword, text)`` of an ``iTXt``/``tEXt`` chunk, or None for other chunks."""
    if chunk_type == b"tEXt":
        keyword, _, text = data.partition(b"\0")
        return keyword.decode("latin-1"), text.decode("latin-1")
    if chunk_type != b"iTXt":
        return None
    keyword, _, rest = data.partition(b"\0")
    if len(rest) < 2:
        raise BakingError("malformed iTXt chunk")
    compressed, rest = rest[0], rest[2:]
    _language, _, rest = rest.partition(b"\0")
    _translated, _, text = rest.partition(b"\0")
    if compressed:
        decompressor = zlib.decompressobj()
        try:
            text = decompressor.decompress(text, MAX_TEXT_BYTES)
        except zlib.error as exc:
            raise BakingError(f"corrupt compressed iTXt chunk: {exc}") from exc
    try:
        return keyword.decode("latin-1"), text.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BakingError("the iTXt text is not UTF-8") from exc


def _unbake_png(image: bytes) -> BakedBadge | None:
    found: dict[str, str] = {}
    for _offset, chunk_type, data in _chunks(image):
        read = _read_text_chunk(chunk_type, data)
        if read is not None and read[0] in (OB3_KEYWORD, OB2_KEYWORD):
            found.setdefault(f"{chunk_type.decode()}:{read[0]}", read[1])  # the first of each wins
    for key, version in (
        (f"iTXt:{OB3_KEYWORD}", "3.0"),
        (f"iTXt:{OB2_KEYWORD}", "2.0"),
        (f"tEXt:{OB2_KEYWORD}", "2.0"),
    ):
        if key in found:
            return BakedBadge(version, found[key].strip(), _kind(found[key]), "png")
    return None


def bake_png(
    image: bytes, payload: str | Mapping[str, Any], *, version: str = "3.0", overwrite: bool = False
) -> bytes:
    """Return a copy of the PNG ``image`` carrying ``payload`` (a credential, its JSON, or a compact JWS).

    Writes one uncompressed ``iTXt`` chunk right after ``IHDR``, replacing an existing chunk of the
    same version only if it holds the same badge or ``overwrite`` is set.
    """
    _check_version(version)
    keyword, text = _KEYWORDS[version], _payload_text(payload)
    chunks = _chunks(image)
    kept: list[bytes] = []
    for offset, chunk_type, data in chunks:
        read = _read_text_chunk(chunk_type, data)
        if read is not None and read[0] == keyword:
            if _same_badge(read[1], text):
                return image
            if not overwrite:
                raise AlreadyBakedError(f"the PNG already carries a different OB {version} badge")
            continue
        kept.append(image[offset : offset + 12 + len(data)])
    return PNG_SIGNATURE + kept[0] + _chunk(b"iTXt", _itxt(keyword, text)) + b"".join(kept[1:])


# --- SVG --------------------------------------------------------------------------------------------------

_UNSAFE_XML = re.compile(rb"<!ENTITY|<!DOCTYPE[^>\[]*\[", re.IGNORECASE)


def _parse_svg(svg: bytes) -> ElementTree.Element:
    """Parse SVG bytes, refusing DTD internal subsets and entity declarations (defusedxml's protection)."""
    if _UNSAFE_XML.search(svg):
        raise BakingError("the SVG declares DTD entities or an internal DTD subset; refusing it")
    checker = expat.ParserCreate()

    def refuse(*_args: Any) -> NoReturn:
        raise BakingError("the SVG declares DTD entities; refusing it (XXE / entity expansion)")

    def doctype(_name: str, _system: str | None, _public: str | None, internal_subset: int) -> None:
        if internal_subset:
            refuse()

    checker.StartDoctypeDeclHandler = doctype
    checker.EntityDeclHandler = refuse
    checker.UnparsedEntityDeclHandler = refuse
    try:
        checker.Parse(svg, True)
        root = ElementTree.fromstring(svg)  # noqa: S314 - checked by the expat pass above
    except (expat.ExpatError, ElementTree.ParseError) as exc:
        raise BakingError(f"not well-formed XML: {exc}") from exc
    if root.tag != "{http://www.w3.org/2000/svg}svg" and root.tag != "svg":
        raise BakingError(f"not an SVG image: the root element is {root.tag!r}")
    return root


def _element_text(element: ElementTree.Element) -> str:
    verify = element.get("verify")
    text = "".join(element.itertext()).strip()
    return text if text.startswith("{") else (verify or text).strip()


def _svg_badge(root: ElementTree.Element, version: str) -> BakedBadge | None:
    namespace, name = _ELEMENTS[version]
    element = root.find(f".//{{{namespace}}}{name}")
    if element is None:
        return None
    text = _element_text(element)
    if not text:
        raise BakingError(f"the <openbadges:{name}> element is empty")
    return BakedBadge(version, text, _kind(text), "svg")


def _unbake_svg(svg: bytes) -> BakedBadge | None:
    root = _parse_svg(svg)
    return _svg_badge(root, "3.0") or _svg_badge(root, "2.0")


def _element_span(svg: bytes, namespace: str, name: str) -> tuple[int, int, int, int]:
    """Byte spans of the root start tag and of the first ``{namespace}name`` element (expat offsets)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    spans: dict[str, int] = {}

    def start(tag: str, _attrs: Any) -> None:
        spans.setdefault("root", parser.CurrentByteIndex)
        if tag == f"{namespace} {name}" and "start" not in spans:
            spans["start"] = parser.CurrentByteIndex

    def end(tag: str) -> None:
        if tag == f"{namespace} {name}" and "end" not in spans:
            spans["end"] = parser.CurrentByteIndex

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(svg, True)
    root_end = _tag_end(svg, spans["root"])
    if "start" not in spans:
        return spans["root"], root_end, -1, -1
    start_tag_end = _tag_end(svg, spans["start"])
    if svg[start_tag_end - 2 : start_tag_end] == b"/>":  # an empty-element tag is the whole element
        return spans["root"], root_end, spans["start"], start_tag_end
    return spans["root"], root_end, spans["start"], _tag_end(svg, spans["end"])


def _tag_end(svg: bytes, start: int) -> int:
    """Index just past the ``>`` closing the tag that starts at ``start`` (quotes respected)."""
    quote: int | None = None
    for index in range(start, len(svg)):
        byte = svg[index]
        if quote is not None:
            quote = None if byte == quote else quote
        elif byte in (0x22, 0x27):
            quote = byte
        elif byte == 0x3E:
            return index + 1
    raise BakingError("unterminated XML tag")  # pragma: no cover - expat has checked well-formedness


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _xml_attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def bake_svg(
    svg: bytes | str, payload: str | Mapping[str, Any], *, version: str = "3.0", overwrite: bool = False
) -> bytes:
    """Return a copy of the SVG carrying ``payload``, as UTF-8 bytes; the rest of the file is untouched.

    OB 3.0: ``<openbadges:credential verify="JWS"/>`` or the JSON in CDATA; OB 2.0:
    ``<openbadges:assertion verify="URL or JWS">`` (JSON in CDATA, ``verify`` = its id).
    """
    _check_version(version)
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    text = _payload_text(payload)
    existing = _svg_badge(_parse_svg(data), version)
    namespace, name = _ELEMENTS[version]
    root_start, root_end, old_start, old_end = _element_span(data, namespace, name)
    if existing is not None and old_start >= 0:
        if _same_badge(existing.text, text):
            return data
        if not overwrite:
            raise AlreadyBakedError(f"the SVG already carries a different OB {version} badge")
        data = data[:old_start] + data[old_end:]
    kind = _kind(text)
    if kind == "json":
        document = json.loads(text)
        verify = document.get("id") if version == "2.0" and isinstance(document, dict) else None
        attribute = f' verify="{_xml_attribute(verify)}"' if isinstance(verify, str) else ""
        element = f"<openbadges:{name}{attribute}>{_cdata(text)}</openbadges:{name}>"
    else:
        element = f'<openbadges:{name} verify="{_xml_attribute(text)}"></openbadges:{name}>'
    root_tag = data[root_start:root_end]
    declaration = f'xmlns:openbadges="{namespace}"'.encode()
    if re.search(rb"xmlns:openbadges\s*=", root_tag) is None:
        name_end = len(re.match(rb"<[^\s/>]+", root_tag).group(0))  # type: ignore[union-attr]
        root_tag = root_tag[:name_end] + b" " + declaration + root_tag[name_end:]
    elif declaration not in root_tag:
        raise BakingError("the SVG binds the 'openbadges' prefix to another namespace")
    if root_tag.endswith(b"/>"):
        root_tag, closing = root_tag[:-2] + b">", b"</svg>"
    else:
        closing = b""
    return data[:root_start] + root_tag + element.encode("utf-8") + closing + data[root_end:]


# --- both -------------------------------------------------------------------------------------------------


def bake(
    image: bytes, payload: str | Mapping[str, Any], *, version: str = "3.0", overwrite: bool = False
) -> bytes:
    """Bake ``payload`` into a PNG or SVG image (see :func:`bake_png` and :func:`bake_svg`)."""
    if image.startswith(PNG_SIGNATURE):
        return bake_png(image, payload, version=version, overwrite=overwrite)
    return bake_svg(image, payload, version=version, overwrite=overwrite)


def unbake(image: bytes) -> BakedBadge | None:
    """Read the badge baked into a PNG or SVG image (OB 3.0 first, then OB 2.0); None if there is none.

    Raises :class:`BakingError` for bytes that are neither a well-formed PNG nor a safe SVG.
    """
    if image.startswith(PNG_SIGNATURE):
        return _unbake_png(image)
    return _unbake_svg(image)
