"""Baking OB 3.0 / 2.0 badges into PNG and SVG, and reading them back (standards fixtures included)."""

from __future__ import annotations

import io
import json
import struct
import zlib

import pytest
from PIL import Image

from microcred.openbadges.bake import BakedBadge, bake, bake_png, bake_svg, unbake
from microcred.openbadges.errors import AlreadyBakedError, BakingError
from tests.openbadges.proofs.fixtures import OB2, OB3, load_json, ob3_credential

JWT = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJ4In0.c2lnbmF0dXJl"


def tiny_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGBA", (4, 4), (200, 30, 30, 255)).save(buffer, format="PNG")
    return buffer.getvalue()


def chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    found, offset = [], 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        found.append((png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return found


SVG = (
    b'<?xml version="1.0"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>'
)


def test_standards_fixtures_are_read() -> None:
    json_png = unbake((OB3 / "simple-json.png").read_bytes())
    assert json_png is not None
    assert (json_png.version, json_png.kind, json_png.image) == ("3.0", "json", "png")
    assert json_png.document["id"] == "http://example.com/credentials/3527"
    jwt_png = unbake((OB3 / "simple-jwt.png").read_bytes())
    assert jwt_png is not None
    assert (jwt_png.kind, jwt_png.document) == ("jwt", None)
    json_svg = unbake((OB3 / "simple-json.svg").read_bytes())
    assert json_svg is not None
    assert (json_svg.version, json_svg.kind, json_svg.image) == ("3.0", "json", "svg")
    assert json_svg.document == json_png.document
    jwt_svg = unbake((OB3 / "simple-jwt.svg").read_bytes())
    assert jwt_svg is not None
    assert jwt_svg.kind == "jwt"
    ob2 = unbake((OB2 / "simple-badge.png").read_bytes())
    assert ob2 is not None
    assert (ob2.version, ob2.kind) == ("2.0", "json")
    assert ob2.document["type"] == "Assertion"
    assert unbake((OB2 / "assets" / "beths-robot-badge.png").read_bytes()) is None


def test_png_round_trip_writes_one_uncompressed_itxt_chunk() -> None:
    credential = ob3_credential()
    baked = bake_png(tiny_png(), credential)
    itxt = [data for kind, data in chunks(baked) if kind == b"iTXt"]
    assert len(itxt) == 1
    assert itxt[0].startswith(b"openbadgecredential\0\0\0\0\0")  # compression flag and method 0
    assert json.loads(itxt[0][24:]) == credential
    assert chunks(baked)[1][0] == b"iTXt"  # right after IHDR
    read = unbake(baked)
    assert read == BakedBadge(
        "3.0", json.dumps(credential, ensure_ascii=False, separators=(",", ":")), "json", "png"
    )
    Image.open(io.BytesIO(baked)).verify()  # still a valid PNG


def test_png_rebaking_the_same_badge_is_a_no_op_and_another_is_refused() -> None:
    baked = bake_png(tiny_png(), JWT)
    assert bake_png(baked, JWT) == baked
    with pytest.raises(AlreadyBakedError):
        bake_png(baked, JWT + "x")
    replaced = bake_png(baked, JWT + "x", overwrite=True)
    assert [kind for kind, _ in chunks(replaced)].count(b"iTXt") == 1
    read = unbake(replaced)
    assert read is not None
    assert read.text == JWT + "x"
    fixture = (OB3 / "simple-json.png").read_bytes()
    assert bake_png(fixture, load_json(OB3 / "simple.json") | {"name": "Teamwork Badge"}, overwrite=True)
    with pytest.raises(AlreadyBakedError):
        bake_png(fixture, ob3_credential())


def test_png_ob2_and_ob3_badges_coexist() -> None:
    both = bake_png(
        bake_png(tiny_png(), JWT),
        {"@context": "https://w3id.org/openbadges/v2", "id": "https://x"},
        version="2.0",
    )
    assert unbake(both).version == "3.0"  # type: ignore[union-attr]
    keywords = [data.split(b"\0")[0] for kind, data in chunks(both) if kind == b"iTXt"]
    assert sorted(keywords) == [b"openbadgecredential", b"openbadges"]


def test_png_legacy_text_chunk_and_compressed_itxt_are_read() -> None:
    png = tiny_png()
    text = b"openbadges\0https://example.org/assertion.json"
    legacy = (
        png[:33]
        + struct.pack(">I", len(text))
        + b"tEXt"
        + text
        + struct.pack(">I", zlib.crc32(b"tEXt" + text))
        + png[33:]
    )
    read = unbake(legacy)
    assert read is not None
    assert (read.version, read.kind, read.text) == ("2.0", "url", "https://example.org/assertion.json")
    data = b"openbadgecredential\0\1\0\0\0" + zlib.compress(b'{"a": 1}')
    compressed = (
        png[:33]
        + struct.pack(">I", len(data))
        + b"iTXt"
        + data
        + struct.pack(">I", zlib.crc32(b"iTXt" + data))
        + png[33:]
    )
    assert unbake(compressed).document == {"a": 1}  # type: ignore[union-attr]


def _with_chunk(png: bytes, kind: bytes, data: bytes, crc: int | None = None) -> bytes:
    crc = zlib.crc32(kind + data) if crc is None else crc
    return png[:33] + struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc) + png[33:]


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b"\x89PNG\r\n\x1a\n", "IHDR"),
        (b"\x89PNG\r\n\x1a\n" + b"\0\0\0\x05IHDR", "truncated"),
        (b"\x89PNG\r\n\x1a\n" + b"\0\0\xff\xffIHDR" + b"\0" * 20, "past the end"),
        (_with_chunk(tiny_png(), b"tEXt", b"a\0b", crc=0), "wrong CRC"),
        (_with_chunk(tiny_png(), b"iTXt", b"openbadgecredential"), "malformed iTXt"),
        (_with_chunk(tiny_png(), b"iTXt", b"openbadgecredential\0\1\0\0\0garbage"), "corrupt compressed"),
        (_with_chunk(tiny_png(), b"iTXt", b"openbadgecredential\0\0\0\0\0\xff\xfe"), "not UTF-8"),
    ],
)
def test_png_errors(image: bytes, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake(image)


def test_bake_errors() -> None:
    with pytest.raises(BakingError, match="version"):
        bake(tiny_png(), JWT, version="1.0")
    with pytest.raises(BakingError, match="must be a credential"):
        bake(tiny_png(), "  ")
    with pytest.raises(BakingError, match="not a PNG"):
        bake_png(b"GIF89a", JWT)


def test_svg_round_trip_json_and_jwt() -> None:
    credential = ob3_credential(name="Robots ]]> and <things> & stuff")
    baked = bake_svg(SVG, credential)
    assert b'xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"' in baked
    assert b"<svg " in baked
    read = unbake(baked)
    assert read is not None
    assert read.document == credential
    assert (read.version, read.image) == ("3.0", "svg")
    jwt_svg = bake(SVG, JWT)
    assert f'<openbadges:credential verify="{JWT}">'.encode() in jwt_svg
    assert unbake(jwt_svg).text == JWT  # type: ignore[union-attr]
    assert bake_svg(SVG.decode(), JWT) == jwt_svg


def test_svg_rebake_rules() -> None:
    baked = bake_svg(SVG, JWT)
    assert bake_svg(baked, JWT) == baked
    with pytest.raises(AlreadyBakedError):
        bake_svg(baked, JWT + "x")
    replaced = bake_svg(baked, JWT + "x", overwrite=True)
    assert replaced.count(b"<openbadges:credential") == 1
    assert unbake(replaced).text == JWT + "x"  # type: ignore[union-attr]
    fixture = (OB3 / "simple-json.svg").read_bytes()
    other = bake_svg(fixture, ob3_credential(), overwrite=True)
    assert unbake(other).document == ob3_credential()  # type: ignore[union-attr]
    assert b"<!DOCTYPE svg PUBLIC" in other  # the rest of the file is kept
    json_then_json = bake_svg(bake_svg(SVG, '{"a": 1}'), '{"a": 2}', overwrite=True)
    assert unbake(json_then_json).document == {"a": 2}  # type: ignore[union-attr]
    self_closing = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0">'
        b'<openbadges:credential verify="a.b.c"/><rect/></svg>'
    )
    replaced_empty = bake_svg(self_closing, JWT, overwrite=True)
    assert replaced_empty.count(b"openbadges:credential") == 2  # one start tag, one end tag
    assert b"<rect/>" in replaced_empty
    assert unbake(replaced_empty).text == JWT  # type: ignore[union-attr]
    last = self_closing.replace(b"<rect/>", b"")
    assert bake_svg(last, JWT, overwrite=True).endswith(b"></openbadges:credential></svg>")


def test_svg_ob2_assertion_with_verify_attribute() -> None:
    assertion = {
        "@context": "https://w3id.org/openbadges/v2",
        "id": "https://example.org/a.json",
        "type": "Assertion",
    }
    baked = bake_svg(SVG, assertion, version="2.0")
    assert b'xmlns:openbadges="http://openbadges.org"' in baked
    assert b'<openbadges:assertion verify="https://example.org/a.json"><![CDATA[' in baked
    read = unbake(baked)
    assert read is not None
    assert (read.version, read.document) == ("2.0", assertion)
    hosted = bake_svg(SVG, "https://example.org/a.json", version="2.0")
    assert unbake(hosted).kind == "url"  # type: ignore[union-attr]


def test_svg_empty_root_and_prefix_conflicts() -> None:
    empty = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    baked = bake_svg(empty, JWT)
    assert baked.endswith(b"</svg>")
    assert unbake(baked).text == JWT  # type: ignore[union-attr]
    conflict = b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="http://openbadges.org"/>'
    with pytest.raises(BakingError, match="another namespace"):
        bake_svg(conflict, JWT)


@pytest.mark.parametrize(
    ("svg", "message"),
    [
        (b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>', "entities"),
        (b'<!DOCTYPE svg SYSTEM "file:///etc/passwd" [ ]><svg/>', "entities"),
        (b"<svg><unclosed></svg>", "well-formed"),
        (b"<html/>", "not an SVG"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="https://purl.imsglobal.org/ob/v3p0">'
            b"<o:credential> </o:credential></svg>",
            "empty",
        ),
    ],
)
def test_svg_refusals(svg: bytes, message: str) -> None:
    with pytest.raises(BakingError, match=message):
        unbake(svg)


def test_svg_in_utf16_is_checked_by_expat_too() -> None:
    for declaration in (
        "<!DOCTYPE svg [<!ELEMENT svg ANY>]>",
        '<!DOCTYPE svg SYSTEM "x.dtd" [<!ENTITY a "b">]>',
    ):
        svg = f'<?xml version="1.0" encoding="UTF-16"?>{declaration}<svg/>'.encode("utf-16")
        with pytest.raises(BakingError, match="entities"):
            unbake(svg)
    external_dtd_only = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE svg SYSTEM "x.dtd"><svg/>'.encode(
        "utf-16"
    )
    assert unbake(external_dtd_only) is None


def test_svg_entity_declared_without_internal_subset_marker_is_refused() -> None:
    sneaky = b'<?xml version="1.0"?>\n<!DOCTYPE svg [\n<!ELEMENT svg ANY>\n]>\n<svg/>'
    with pytest.raises(BakingError):
        unbake(sneaky)
    assert unbake(b'<svg xmlns="http://www.w3.org/2000/svg"/>') is None
