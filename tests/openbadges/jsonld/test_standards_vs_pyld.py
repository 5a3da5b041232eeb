"""Our expansion and canonicalization against pyld on every JSON-LD document of tests/standards."""

from __future__ import annotations

import json
from typing import Any

import pytest

from microcred.openbadges.canon import canonicalize
from microcred.openbadges.errors import OpenBadgesError
from microcred.openbadges.jsonld.expand import expand
from tests.openbadges.jsonld.oracle import pyld_canonicalize, pyld_expand, standards_documents

DOCUMENTS = standards_documents()


def _normalized(value: Any, in_list: bool = False) -> Any:
    """Expanded JSON-LD with arrays in a canonical order (except @list contents)."""
    if isinstance(value, dict):
        return {key: _normalized(item, key == "@list") for key, item in value.items()}
    if isinstance(value, list):
        items = [_normalized(item) for item in value]
        return items if in_list else sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return value


def test_enough_documents_are_compared() -> None:
    assert len(DOCUMENTS) >= 100


@pytest.mark.parametrize(("name", "document"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_same_as_pyld(name: str, document: Any) -> None:
    try:
        expected = pyld_canonicalize(document)
    except Exception:  # pyld refuses it (e.g. unknown context): so must we
        with pytest.raises(OpenBadgesError):
            canonicalize(document)
        return
    assert canonicalize(document) == expected
    assert _normalized(expand(document)) == _normalized(pyld_expand(document))
