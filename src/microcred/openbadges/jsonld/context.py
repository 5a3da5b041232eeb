"""JSON-LD 1.1 context processing: active contexts, term definitions and IRI expansion.

Implements the `Context Processing Algorithms <https://www.w3.org/TR/json-ld11-api/#context-processing-algorithms>`_
of the JSON-LD 1.1 Processing Algorithms and API (sections 4.1-4.3) with the bundled contexts only, in
``json-ld-1.1`` processing mode and without a base IRI (relative IRIs stay relative).

Active contexts are immutable once built, so every context derived from one (by a document ``@context``,
a property-scoped or a type-scoped context) is cached on it, keyed by the local context value: documents
that share contexts pay for context processing once per process.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from microcred.openbadges.jsonld.errors import InvalidJsonLdError, UnsupportedJsonLdError
from microcred.openbadges.jsonld.loader import load_context

__all__ = ["ActiveContext", "TermDefinition", "is_absolute_iri", "is_keyword", "process_context"]

KEYWORDS: Final = frozenset(
    {
        "@base", "@container", "@context", "@default", "@direction", "@embed", "@explicit", "@first",
        "@graph", "@id", "@import", "@included", "@index", "@json", "@language", "@list", "@nest",
        "@none", "@omitDefault", "@prefix", "@preserve", "@propagate", "@protected", "@requireAll",
        "@reverse", "@set", "@type", "@value", "@version", "@vocab",
    }
)  # fmt: skip
_KEYWORD_FORM = re.compile(r"@[a-zA-Z]+")
# Same test as pyld and jsonld.js: a scheme (or "_") and a colon, then no white space.
_ABSOLUTE_IRI = re.compile(r"(?:[A-Za-z][A-Za-z0-9+\-.]*|_):\S*")
_GEN_DELIM_END = re.compile(r".*[:/?#\[\]@]", re.DOTALL)
_TERM_LOOKS_LIKE_IRI = re.compile(r".*((:[^:])|/)", re.DOTALL)
_CONTEXT_ENTRIES: Final = frozenset(
    {"@base", "@direction", "@import", "@language", "@propagate", "@protected", "@version", "@vocab"}
)
_TERM_ENTRIES: Final = frozenset(
    {"@container", "@context", "@direction", "@id", "@index", "@language", "@nest", "@prefix",
     "@protected", "@reverse", "@type"}
)  # fmt: skip
_CONTAINERS: Final = frozenset({"@graph", "@id", "@index", "@language", "@list", "@set", "@type"})
_MAX_REMOTE_CONTEXTS = 32
_MAX_DERIVED = 512

#: Sentinel for "no entry" (``None`` means an explicit JSON ``null``).
UNSET: Final[Any] = object()


def is_keyword(value: object) -> bool:
    """Return whether ``value`` is a JSON-LD keyword."""
    return value in KEYWORDS


def is_absolute_iri(value: str) -> bool:
    """Return whether ``value`` is an absolute IRI or a blank node identifier (the pyld/jsonld.js test)."""
    return _ABSOLUTE_IRI.fullmatch(value) is not None


def _context_key(value: Any) -> str:
    """Cache key of a local context value: the URL itself, or canonical JSON of anything else."""
    if isinstance(value, str):
        return value
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


class TermDefinition:
    """A term definition (JSON-LD 1.1 API, section 4.2)."""

    __slots__ = (
        "container",
        "context",
        "context_key",
        "direction",
        "index",
        "iri",
        "language",
        "nest",
        "prefix",
        "protected",
        "reverse",
        "type_mapping",
    )

    def __init__(self) -> None:
        self.iri: str | None = None
        self.reverse = False
        self.type_mapping: str | None = None
        self.container: frozenset[str] = frozenset()
        self.language: Any = UNSET  # str | None | UNSET
        self.direction: Any = UNSET  # str | None | UNSET
        self.context: Any = UNSET  # local (scoped) context, None for an explicit null
        self.context_key = ""
        self.protected = False
        self.prefix = False
        self.nest: str | None = None
        self.index: str | None = None

    def same_as(self, other: TermDefinition) -> bool:
        """Whether both definitions are equal apart from ``protected`` (protected term redefinition)."""
        return (
            self.iri == other.iri
            and self.reverse == other.reverse
            and self.type_mapping == other.type_mapping
            and self.container == other.container
            and self.language == other.language
            and self.direction == other.direction
            and self.context_key == other.context_key
            and (self.context is UNSET) == (other.context is UNSET)
            and self.prefix == other.prefix
            and self.nest == other.nest
            and self.index == other.index
        )


class ActiveContext:
    """An active context (immutable once processed), with caches of derived contexts and IRI expansions."""

    __slots__ = (
        "_derived",
        "direction",
        "has_protected",
        "key_infos",
        "language",
        "previous",
        "shapes",
        "terms",
        "type_scopes",
        "vocab",
        "vocab_iris",
    )

    def __init__(self) -> None:
        self.terms: dict[str, TermDefinition] = {}
        self.vocab: str | None = None
        self.language: str | None = None
        self.direction: str | None = None
        self.previous: ActiveContext | None = None
        self.has_protected = False
        #: expand_iri(value, vocab=True) results, filled lazily (the context is immutable)
        self.vocab_iris: dict[str, str | None] = {}
        #: per-key facts used by the fast RDF emitter (microcred.openbadges.jsonld.fast), filled lazily
        self.key_infos: dict[str, Any] = {}
        #: per-key-set facts (node "shapes") used by the fast RDF emitter, filled lazily
        self.shapes: dict[tuple[str, ...], Any] = {}
        #: @type values -> context after their type-scoped contexts, filled lazily by the fast RDF emitter
        self.type_scopes: dict[Any, ActiveContext] = {}
        self._derived: dict[tuple[Any, bool, bool], ActiveContext] = {}

    def copy(self) -> ActiveContext:
        """Return a mutable copy (terms shared by reference: definitions are never mutated)."""
        clone = ActiveContext()
        clone.terms = dict(self.terms)
        clone.vocab = self.vocab
        clone.language = self.language
        clone.direction = self.direction
        clone.previous = self.previous
        clone.has_protected = self.has_protected
        return clone

    def expand_vocab(self, value: str) -> str | None:
        """IRI-expand ``value`` with ``vocab=true`` (section 5.2), memoized on this immutable context."""
        try:
            return self.vocab_iris[value]
        except KeyError:
            result = self.vocab_iris[value] = expand_iri(self, value, vocab=True)
            return result

    def derive(
        self, local: Any, *, override_protected: bool = False, propagate: bool = True
    ) -> ActiveContext:
        """Process ``local`` on top of this context (cached by the local context value)."""
        if type(local) is str:
            cache_key: Any = local
        elif type(local) is list and all(type(item) is str for item in local):
            cache_key = tuple(local)  # the usual document @context: a list of URLs
        else:
            cache_key = _context_key(local)
        key = (cache_key, override_protected, propagate)
        derived = self._derived.get(key)
        if derived is None:
            derived = process_context(self, local, override_protected=override_protected, propagate=propagate)
            if len(self._derived) >= _MAX_DERIVED:
                self._derived.clear()
            self._derived[key] = derived
        return derived

    def derive_scoped(
        self, term: TermDefinition, *, override_protected: bool, propagate: bool
    ) -> ActiveContext:
        """Process the scoped context of ``term`` on top of this context (cached by its precomputed key)."""
        key = (term.context_key, override_protected, propagate)
        derived = self._derived.get(key)
        if derived is None:
            derived = process_context(
                self, term.context, override_protected=override_protected, propagate=propagate
            )
            if len(self._derived) >= _MAX_DERIVED:
                self._derived.clear()
            self._derived[key] = derived
        return derived


def _error(code: str, message: str) -> InvalidJsonLdError:
    return InvalidJsonLdError(f"{message} (JSON-LD error: {code})")


# --- 4.1 Context Processing -----------------------------------------------------------------------------


def process_context(
    active: ActiveContext,
    local: Any,
    *,
    override_protected: bool = False,
    propagate: bool = True,
    remote_contexts: tuple[str, ...] = (),
) -> ActiveContext:
    """Context Processing Algorithm, section 4.1.2 (https://www.w3.org/TR/json-ld11-api/#algorithm).

    Remote contexts are served by :func:`~microcred.openbadges.jsonld.loader.load_context` only.
    """
    result = active.copy()
    if isinstance(local, dict) and "@propagate" in local:
        propagate = local["@propagate"]
        if not isinstance(propagate, bool):
            raise _error("invalid @propagate value", "@propagate must be true or false")
    if not propagate and result.previous is None:
        result.previous = active
    for context in local if isinstance(local, list) else [local]:
        if context is None:
            if not override_protected and result.has_protected:
                raise _error("invalid context nullification", "cannot nullify a context with protected terms")
            result = ActiveContext()
            continue
        if isinstance(context, str):
            if len(remote_contexts) >= _MAX_REMOTE_CONTEXTS:
                raise _error("context overflow", f"too many nested remote contexts at {context!r}")
            document = load_context(context)
            loaded = document.get("@context", UNSET)
            if loaded is UNSET:
                raise _error("invalid remote context", f"{context!r} has no @context entry")
            result = process_context(
                result,
                loaded,
                override_protected=override_protected,
                remote_contexts=(*remote_contexts, context),
            )
            continue
        if not isinstance(context, dict):
            raise _error(
                "invalid local context", f"a context must be a URL, an object or null, not {context!r}"
            )
        _process_local_context(result, context, override_protected, remote_contexts)
    return result


def _process_local_context(
    result: ActiveContext, context: dict[str, Any], override_protected: bool, remote_contexts: tuple[str, ...]
) -> None:
    if "@version" in context and context["@version"] != 1.1:
        raise _error("invalid @version value", f"unsupported @version {context['@version']!r}")
    if "@import" in context:
        url = context["@import"]
        if not isinstance(url, str):
            raise _error("invalid @import value", "@import must be a string")
        imported = load_context(url).get("@context")
        if not isinstance(imported, dict):
            raise _error("invalid remote context", f"@import {url!r} must be a single context object")
        if "@import" in imported:
            raise _error("invalid context entry", "an imported context must not contain @import")
        context = {**imported, **context}
        del context["@import"]
    if "@base" in context and context["@base"] is not None:
        raise UnsupportedJsonLdError("@base in a context is not supported (documents must use absolute IRIs)")
    if "@vocab" in context:
        value = context["@vocab"]
        if value is None:
            result.vocab = None
        elif not isinstance(value, str):
            raise _error("invalid vocab mapping", "@vocab must be a string or null")
        else:
            vocab = expand_iri(result, value, vocab=True)
            if vocab is None or not (is_absolute_iri(vocab) or is_keyword(vocab)):
                raise UnsupportedJsonLdError(f"relative @vocab {value!r} is not supported (no base IRI)")
            result.vocab = vocab
    if "@language" in context:
        value = context["@language"]
        if value is not None and not isinstance(value, str):
            raise _error("invalid default language", "@language must be a string or null")
        result.language = value.lower() if isinstance(value, str) else None
    if "@direction" in context:
        value = context["@direction"]
        if value not in (None, "ltr", "rtl"):
            raise _error("invalid base direction", '@direction must be "ltr", "rtl" or null')
        result.direction = value
    protected = context.get("@protected", False)
    if not isinstance(protected, bool):
        raise _error("invalid @protected value", "@protected must be true or false")
    defined: dict[str, bool] = {}
    for term in context:
        if term not in _CONTEXT_ENTRIES:
            create_term_definition(result, context, term, defined, protected, override_protected)


# --- 4.2 Create Term Definition -------------------------------------------------------------------------


def create_term_definition(
    active: ActiveContext,
    local: dict[str, Any],
    term: str,
    defined: dict[str, bool],
    protected: bool = False,
    override_protected: bool = False,
) -> None:
    """Create Term Definition, section 4.2.2 (https://www.w3.org/TR/json-ld11-api/#create-term-definition)."""
    if term in defined:
        if defined[term]:
            return
        raise _error("cyclic IRI mapping", f"cyclic definition of term {term!r}")
    if term == "":
        raise _error("invalid term definition", "a term must not be empty")
    defined[term] = False
    value = local[term]
    if term == "@type" and isinstance(value, dict) and value.get("@container", "@set") == "@set":
        if not value or any(key not in ("@container", "@protected") for key in value):
            raise _error("keyword redefinition", "@type may only be given @container @set and @protected")
    elif term in KEYWORDS:
        raise _error("keyword redefinition", f"keyword {term} cannot be redefined")
    elif _KEYWORD_FORM.fullmatch(term):
        defined[term] = True
        return  # reserved for future keywords: ignored
    previous = active.terms.pop(term, None)
    simple_term = value is None or isinstance(value, str)
    if simple_term:
        value = {"@id": value}
    elif not isinstance(value, dict):
        raise _error("invalid term definition", f"definition of {term!r} must be a string, an object or null")
    for key in value:
        if key not in _TERM_ENTRIES:
            raise _error("invalid term definition", f"unknown entry {key!r} in the definition of {term!r}")
    definition = TermDefinition()
    colon = term.find(":")
    if "@type" in value:
        type_ = value["@type"]
        if not isinstance(type_, str):
            raise _error("invalid type mapping", f"@type of {term!r} must be a string")
        if type_ not in ("@id", "@vocab", "@json", "@none"):
            type_ = expand_iri(active, type_, vocab=True, local=local, defined=defined)
            if type_ is None or not is_absolute_iri(type_) or type_.startswith("_:"):
                raise _error("invalid type mapping", f"@type of {term!r} must be an absolute IRI")
        definition.type_mapping = type_
    if "@reverse" in value:
        if "@id" in value or "@nest" in value:
            raise _error("invalid reverse property", f"@reverse term {term!r} must not have @id or @nest")
        reverse = value["@reverse"]
        if not isinstance(reverse, str):
            raise _error("invalid IRI mapping", f"@reverse of {term!r} must be a string")
        if _KEYWORD_FORM.fullmatch(reverse):
            if previous is not None:
                active.terms[term] = previous
            defined[term] = True
            return
        iri = expand_iri(active, reverse, vocab=True, local=local, defined=defined)
        if iri is None or not is_absolute_iri(iri):
            raise _error("invalid IRI mapping", f"@reverse of {term!r} must expand to an absolute IRI")
        definition.iri = iri
        definition.reverse = True
    elif "@id" in value and value["@id"] != term:
        id_ = value["@id"]
        if id_ is None:
            definition.iri = None
        elif not isinstance(id_, str):
            raise _error("invalid IRI mapping", f"@id of {term!r} must be a string")
        elif id_ not in KEYWORDS and _KEYWORD_FORM.fullmatch(id_):
            if previous is not None:
                active.terms[term] = previous
            defined[term] = True
            return
        else:
            iri = expand_iri(active, id_, vocab=True, local=local, defined=defined)
            if iri is None or not (is_keyword(iri) or is_absolute_iri(iri)):
                raise _error(
                    "invalid IRI mapping", f"@id of {term!r} must expand to an absolute IRI or keyword"
                )
            if iri == "@context":
                raise _error("invalid keyword alias", "@context cannot be aliased")
            if _TERM_LOOKS_LIKE_IRI.match(term):
                defined[term] = True
                if expand_iri(active, term, vocab=True, local=local, defined=defined) != iri:
                    raise _error(
                        "invalid IRI mapping", f"term {term!r} looks like an IRI but maps to {iri!r}"
                    )
            definition.iri = iri
            definition.prefix = (
                simple_term and colon <= 0 and (iri.startswith("_:") or bool(_GEN_DELIM_END.fullmatch(iri)))
            )
    else:
        if colon > 0:
            prefix = term[:colon]
            if prefix in local:
                create_term_definition(active, local, prefix, defined, protected, override_protected)
            parent = active.terms.get(prefix)
            definition.iri = parent.iri + term[colon + 1 :] if parent is not None and parent.iri else term
        elif term == "@type":
            definition.iri = "@type"
        elif active.vocab is not None:
            definition.iri = active.vocab + term
        else:
            raise _error("invalid IRI mapping", f"term {term!r} has no @id and there is no @vocab")
    definition.protected = bool(value.get("@protected", protected))
    if "@protected" in value and not isinstance(value["@protected"], bool):
        raise _error("invalid @protected value", f"@protected of {term!r} must be true or false")
    defined[term] = True
    if "@container" in value:
        _set_container(definition, value["@container"], term)
    if "@index" in value:
        index = value["@index"]
        if "@index" not in definition.container or not isinstance(index, str) or index.startswith("@"):
            raise _error("invalid term definition", f"bad @index in the definition of {term!r}")
        definition.index = index
    if "@context" in value:
        definition.context = value["@context"]
        definition.context_key = _context_key(value["@context"])
    if "@language" in value and "@type" not in value:
        language = value["@language"]
        if language is not None and not isinstance(language, str):
            raise _error("invalid language mapping", f"@language of {term!r} must be a string or null")
        definition.language = language.lower() if isinstance(language, str) else None
    if "@direction" in value and "@type" not in value:
        direction = value["@direction"]
        if direction not in (None, "ltr", "rtl"):
            raise _error("invalid base direction", f"@direction of {term!r} must be ltr, rtl or null")
        definition.direction = direction
    if "@nest" in value:
        nest = value["@nest"]
        if not isinstance(nest, str) or (nest != "@nest" and nest.startswith("@")):
            raise _error("invalid @nest value", f"@nest of {term!r} must be a term or @nest")
        definition.nest = nest
    if "@prefix" in value:
        if ":" in term or "/" in term:
            raise _error("invalid term definition", f"@prefix is not allowed on the compact IRI {term!r}")
        if not isinstance(value["@prefix"], bool):
            raise _error("invalid @prefix value", f"@prefix of {term!r} must be true or false")
        if value["@prefix"] and is_keyword(definition.iri):
            raise _error("invalid term definition", "keywords may not be used as prefixes")
        definition.prefix = value["@prefix"]
    if previous is not None and previous.protected and not override_protected:
        if not definition.same_as(previous):
            raise _error("protected term redefinition", f"protected term {term!r} cannot be redefined")
        definition = previous
    active.terms[term] = definition
    if definition.protected:
        active.has_protected = True


def _set_container(definition: TermDefinition, raw: Any, term: str) -> None:
    values = raw if isinstance(raw, list) else [raw]
    container = frozenset(values)
    valid = all(isinstance(v, str) and v in _CONTAINERS for v in values)
    if "@list" in container:
        valid = valid and len(values) == 1
    elif "@graph" in container:
        valid = valid and container <= {"@graph", "@id", "@index", "@set"}
    else:
        valid = valid and len(values) <= (2 if "@set" in container else 1)
    if not valid:
        raise _error("invalid container mapping", f"invalid @container {raw!r} for {term!r}")
    if "@type" in container:
        if definition.type_mapping is None:
            definition.type_mapping = "@id"
        if definition.type_mapping not in ("@id", "@vocab"):
            raise _error("invalid type mapping", f"@container @type of {term!r} needs @type @id or @vocab")
    if definition.reverse and not container <= {"@index", "@set"}:
        raise _error(
            "invalid reverse property", f"@reverse term {term!r} may only be an @index or @set container"
        )
    definition.container = container


# --- 4.3 IRI Expansion ----------------------------------------------------------------------------------


def expand_iri(
    active: ActiveContext,
    value: str,
    *,
    vocab: bool = False,
    local: dict[str, Any] | None = None,
    defined: dict[str, bool] | None = None,
) -> str | None:
    """IRI Expansion, section 5.2.2 (https://www.w3.org/TR/json-ld11-api/#iri-expansion).

    There is no base IRI: a document-relative IRI is returned unchanged (still relative). Returns ``None``
    for values explicitly mapped to null and for non-keywords that look like keywords.
    """
    if value in KEYWORDS:
        return value
    if value.startswith("@") and _KEYWORD_FORM.fullmatch(value):
        return None
    if local is not None and defined is not None and value in local and not defined.get(value):
        create_term_definition(active, local, value, defined)
    definition = active.terms.get(value)
    if vocab and definition is not None:
        return definition.iri
    colon = value.find(":")
    if colon > 0:
        prefix = value[:colon]
        suffix = value[colon + 1 :]
        if prefix == "_" or suffix.startswith("//"):
            return value
        if local is not None and defined is not None and prefix in local and not defined.get(prefix):
            create_term_definition(active, local, prefix, defined)
        parent = active.terms.get(prefix)
        if parent is not None and parent.iri is not None and parent.prefix:
            return parent.iri + suffix
        if is_absolute_iri(value):
            return value
    if vocab and active.vocab is not None:
        return active.vocab + value
    return value
