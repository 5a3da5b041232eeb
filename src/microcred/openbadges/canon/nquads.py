"""N-Quads terms, parsing and canonical serialization.

A quad is a 4-tuple of *term strings* already in canonical N-Quads form: ``<iri>``, ``_:label`` or a
literal (``"text"``, ``"text"@lang``, ``"text"^^<datatype>``); the graph is ``""`` for the default graph.
This keeps the datasets compact and makes serialization a string join. Canonical form follows
`RDF 1.2 N-Quads, section 4 <https://www.w3.org/TR/rdf12-n-quads/#canonical-quads>`_ as required by
RDFC-1.0: no escapes in IRIs; in literals ``\\b \\t \\n \\f \\r \\" \\\\`` as ECHAR, the other control
characters (U+0000-U+001F, U+007F) as ``\\uXXXX`` with upper-case hex, everything else raw.
"""

from __future__ import annotations

import re

from microcred.openbadges.canon.errors import NQuadsSyntaxError

__all__ = [
    "XSD_STRING",
    "Quad",
    "escape_literal",
    "iri",
    "literal",
    "parse_nquads",
    "serialize_nquads",
]

Quad = tuple[str, str, str, str]

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

_ESCAPES = {
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
    '"': '\\"',
    "\\": "\\\\",
}
for _code in [*range(0x20), 0x7F]:
    _ESCAPES.setdefault(chr(_code), f"\\u{_code:04X}")
_NEEDS_ESCAPE = re.compile('[\x00-\x1f\x7f"\\\\]')


def _escape_char(match: re.Match[str]) -> str:
    return _ESCAPES[match.group()]


def escape_literal(text: str) -> str:
    """Escape the lexical form of a literal for canonical N-Quads (without the surrounding quotes)."""
    if _NEEDS_ESCAPE.search(text) is None:
        return text
    return _NEEDS_ESCAPE.sub(_escape_char, text)


def iri(value: str) -> str:
    """Return the N-Quads term of an IRI (IRIs are written without escapes in canonical form)."""
    return "<" + value + ">"


def literal(text: str, datatype: str = XSD_STRING, language: str | None = None) -> str:
    """Return the canonical N-Quads term of a literal."""
    lexical = '"' + escape_literal(text) + '"'
    if language is not None:
        return lexical + "@" + language
    if datatype == XSD_STRING:
        return lexical
    return lexical + "^^<" + datatype + ">"


def serialize_nquads(quads: list[Quad]) -> str:
    """Serialize quads (each followed by ``" .\\n"``) in the given order."""
    return "".join((f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n") for s, p, o, g in quads)


# --- parsing --------------------------------------------------------------------------------------------

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_IRIREF = rf"<((?:[^\x00-\x20<>\"{{}}|^`\\]|{_UCHAR})*)>"
_BNODE = (
    r"_:([A-Za-z0-9_\u00b7-\U000effff](?:[A-Za-z0-9_.\-\u00b7-\U000effff]*[A-Za-z0-9_\-\u00b7-\U000effff])?)"
)
_STRING = rf"\"((?:[^\"\\\n\r]|\\[tbnrf\"'\\]|{_UCHAR})*)\""
_LANG = r"@([a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
_WS = r"[ \t]*"
_LINE = re.compile(
    rf"{_WS}(?:{_IRIREF}|{_BNODE}){_WS}{_IRIREF}{_WS}"
    rf"(?:{_IRIREF}|{_BNODE}|{_STRING}(?:{_LANG}|\^\^{_IRIREF})?){_WS}"
    rf"(?:(?:{_IRIREF}|{_BNODE}){_WS})?\.{_WS}(?:#.*)?"
)
_EMPTY = re.compile(rf"{_WS}(?:#.*)?")
_UNESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([tbnrf\"'\\]))")
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _unescape_match(match: re.Match[str]) -> str:
    code = match.group(1) or match.group(2)
    if code is not None:
        return chr(int(code, 16))
    return _ECHAR[match.group(3)]


def _unescape(text: str) -> str:
    return _UNESCAPE.sub(_unescape_match, text) if "\\" in text else text


def _node(iri_text: str | None, bnode: str | None) -> str:
    if bnode is not None:
        return "_:" + bnode
    assert iri_text is not None
    return "<" + _unescape(iri_text) + ">"


def parse_nquads(text: str) -> list[Quad]:
    """Parse an N-Quads document into canonical term tuples (duplicates removed, order kept).

    Raises :class:`~microcred.openbadges.canon.errors.NQuadsSyntaxError` naming the first bad line.
    """
    quads: dict[Quad, None] = {}
    # N-Quads lines end with LF or CR (not with the other separators of str.splitlines, e.g. U+0085)
    for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1):
        match = _LINE.fullmatch(line)
        if match is None:
            if _EMPTY.fullmatch(line):
                continue
            raise NQuadsSyntaxError(f"invalid N-Quads at line {number}: {line[:200]!r}")
        (s_iri, s_bn, p_iri, o_iri, o_bn, o_str, o_lang, o_dt, g_iri, g_bn) = match.groups()
        if o_str is not None:
            datatype = _unescape(o_dt) if o_dt is not None else XSD_STRING
            if o_lang is None and datatype == RDF_LANGSTRING:
                raise NQuadsSyntaxError(f"rdf:langString literal without a language at line {number}")
            obj = literal(_unescape(o_str), datatype, o_lang)
        else:
            obj = _node(o_iri, o_bn)
        graph = "" if g_iri is None and g_bn is None else _node(g_iri, g_bn)
        quads[(_node(s_iri, s_bn), "<" + _unescape(p_iri) + ">", obj, graph)] = None
    return list(quads)
