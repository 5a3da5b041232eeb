"""Bundled contexts and the allowlisted offline loader."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from microcred.openbadges.errors import JsonLdError, OpenBadgesError
from microcred.openbadges.jsonld import (
    UnknownContextError,
    bundled_context_urls,
    load_context,
    pyld_document_loader,
)
from microcred.openbadges.jsonld.loader import CONTEXT_FILES

CONTEXT_DIR = Path("src/microcred/openbadges/jsonld/contexts")

REQUIRED_URLS = [
    "https://www.w3.org/2018/credentials/v1",
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context.json",
    "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json",
    "https://w3id.org/security/data-integrity/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://w3id.org/security/multikey/v1",
    "https://w3id.org/security/suites/ed25519-2020/v1",
    "https://w3id.org/security/jwk/v1",
    "https://www.w3.org/ns/did/v1",
    "https://w3id.org/vc/status-list/2021/v1",
    "https://www.w3.org/ns/credentials/status/v1",
    "https://w3id.org/openbadges/v2",
    "https://w3id.org/openbadges/v1",
    "https://openbadgespec.org/extensions/endorsement/context.json",
]


@pytest.mark.parametrize("url", REQUIRED_URLS)
def test_required_contexts_are_bundled(url: str) -> None:
    doc = load_context(url)
    assert "@context" in doc
    assert url in bundled_context_urls()


def test_load_context_is_cached() -> None:
    url = "https://www.w3.org/ns/credentials/v2"
    assert load_context(url) is load_context(url)


def test_every_bundled_file_is_mapped_and_listed_in_sources() -> None:
    files = {p.name for p in CONTEXT_DIR.iterdir() if p.suffix in {".json", ".jsonld"}}
    assert files == set(CONTEXT_FILES.values())
    sources = (CONTEXT_DIR / "SOURCES.md").read_text(encoding="utf-8")
    for url, name in CONTEXT_FILES.items():
        assert re.search(rf"\| {re.escape(url)} \| `{re.escape(name)}` \|", sources), url


def test_bundled_files_are_byte_copies_of_tests_standards() -> None:
    sources = (CONTEXT_DIR / "SOURCES.md").read_text(encoding="utf-8")
    rows = re.findall(r"\| \S+ \| `([^`]+)` \| `([^`]+)` \| `([0-9a-f]{16})` \|", sources)
    assert len(rows) == len(CONTEXT_FILES)
    for name, original, digest in rows:
        data = (CONTEXT_DIR / name).read_bytes()
        assert data == Path(original).read_bytes(), name
        assert hashlib.sha256(data).hexdigest()[:16] == digest, name


def test_unknown_context_is_refused_with_a_clear_message() -> None:
    url = "https://example.org/my-context.json"
    with pytest.raises(UnknownContextError) as info:
        load_context(url)
    assert isinstance(info.value, JsonLdError)
    assert isinstance(info.value, OpenBadgesError)
    assert info.value.url == url
    assert url in str(info.value)
    assert "never fetched" in str(info.value)


def test_pyld_loader_serves_copies_of_bundled_contexts_only() -> None:
    url = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
    remote = pyld_document_loader(url, {})
    assert remote["documentUrl"] == url
    assert remote["contextUrl"] is None
    assert remote["document"] == load_context(url)
    assert remote["document"] is not load_context(url)
    with pytest.raises(UnknownContextError):
        pyld_document_loader("https://w3id.org/security/v2", {})
