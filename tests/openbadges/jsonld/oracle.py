"""pyld as a test oracle: same offline loader, no base IRI (pyld would otherwise invent one)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from pyld import jsonld

from microcred.openbadges.jsonld import pyld_document_loader

STANDARDS = Path("tests/standards")
_SKIP_PARTS = ("schema", "openapi", "ob21-badgeconnect", "rdf-canon")


def pyld_canonicalize(document: Any) -> str:
    """pyld URDNA2015 canonical N-Quads, offline, without base IRI."""
    options = {
        "algorithm": "URDNA2015",
        "format": "application/n-quads",
        "documentLoader": pyld_document_loader,
        "base": None,
    }
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)  # pyld warns about keyword-like terms
        return str(jsonld.normalize(document, options))


def pyld_expand(document: Any) -> Any:
    """pyld expansion, offline, without base IRI."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        return jsonld.expand(document, {"documentLoader": pyld_document_loader, "base": None})


def standards_documents() -> list[tuple[str, Any]]:
    """Every JSON-LD document under tests/standards (signed ones split into document and proof options)."""
    found: list[tuple[str, Any]] = []
    for path in sorted([*STANDARDS.rglob("*.json"), *STANDARDS.rglob("*.jsonld")]):
        if any(part in path.parts for part in _SKIP_PARTS):
            continue
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue
        name = str(path.relative_to(STANDARDS))
        if not isinstance(document, dict):
            continue
        if "proof" in document:
            unsigned = dict(document)
            proofs = unsigned.pop("proof")
            found.append((f"{name}#document", unsigned))
            for index, proof in enumerate(proofs if isinstance(proofs, list) else [proofs]):
                options = {key: value for key, value in proof.items() if key not in ("proofValue", "jws")}
                options["@context"] = document.get("@context")
                found.append((f"{name}#proof{index}", options))
        else:
            found.append((name, document))
    return found


class CachedPyldContexts:
    """Memoize pyld's context processing while active (test speed only; results are unchanged).

    pyld re-processes every context (including each type-scoped one) for every document; processed
    contexts are frozen dicts, so reusing them across documents is safe. The initial (empty) context is
    keyed by content, processed ones by their identity; ``test_cached_oracle_agrees`` checks the outputs.
    """

    def __init__(self) -> None:
        self._cache: dict[Any, Any] = {}
        self._original: Any = None

    def __enter__(self) -> CachedPyldContexts:
        processor = jsonld.JsonLdProcessor
        original = self._original = processor._process_context
        cache = self._cache

        def process_context(
            this: Any,
            active_ctx: Any,
            local_ctx: Any,
            options: Any,
            override_protected: bool = False,
            propagate: bool = True,
            validate_scoped: bool = True,
            cycles: Any = None,
        ) -> Any:
            initial = (
                not active_ctx.get("mappings")
                and len(active_ctx) <= 3
                and "previousContext" not in active_ctx
            )
            key = (
                "initial" if initial else id(active_ctx),
                json.dumps(local_ctx, sort_keys=True, default=dict),
                override_protected,
                propagate,
                validate_scoped,
            )
            found = cache.get(key)
            if found is None:
                found = original(
                    this,
                    active_ctx,
                    local_ctx,
                    options,
                    override_protected,
                    propagate,
                    validate_scoped,
                    cycles,
                )
                cache[key] = (found, active_ctx)  # keep active_ctx alive: its id() is part of the key
                return found
            return found[0]

        processor._process_context = process_context
        return self

    def __exit__(self, *exc: object) -> None:
        jsonld.JsonLdProcessor._process_context = self._original
