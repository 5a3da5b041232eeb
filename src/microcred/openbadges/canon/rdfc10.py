"""RDF Dataset Canonicalization, RDFC-1.0 (W3C Recommendation, 21 May 2024).

https://www.w3.org/TR/rdf-canon/ -- function names follow the sections of the specification. Quads are the
term-string tuples of :mod:`microcred.openbadges.canon.nquads`. Blank nodes whose first-degree hash is
unique (nearly all of them in real credentials) are labelled without any N-degree work.

The N-degree step can be exponential on crafted "poison" datasets (section 4.4.3, "Dataset Poisoning"): a
configurable work budget (Hash N-Degree Quads calls plus permutations examined) bounds it and
:class:`~microcred.openbadges.canon.errors.CanonicalizationLimitError` is raised when it is exceeded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from itertools import permutations

from microcred.openbadges.canon.errors import CanonicalizationError, CanonicalizationLimitError
from microcred.openbadges.canon.nquads import Quad

__all__ = [
    "DEFAULT_MAX_WORK",
    "CanonicalizationState",
    "IdentifierIssuer",
    "canonicalize_dataset",
    "issue_canonical_identifiers",
    "rdfc10_nquads",
]

#: Default work budget: far above what any real credential or the W3C test suite needs (the heaviest
#: positive tests need up to 3,348 units), far below what a poison graph would consume (10-node clique:
#: millions).
DEFAULT_MAX_WORK = 20_000

_HASHES: dict[str, Callable[[bytes], hashlib._Hash]] = {
    "sha256": hashlib.sha256,
    "sha384": hashlib.sha384,
}


class IdentifierIssuer:
    """Issue Identifier algorithm state, section 4.5 (https://www.w3.org/TR/rdf-canon/#issue-identifier)."""

    __slots__ = ("counter", "issued", "prefix")

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.counter = 0
        #: existing identifier -> issued identifier, in issuance order
        self.issued: dict[str, str] = {}

    def issue(self, existing: str) -> str:
        """Return the identifier issued for ``existing``, issuing the next one if needed (section 4.5.2)."""
        issued = self.issued.get(existing)
        if issued is None:
            issued = self.issued[existing] = f"{self.prefix}{self.counter}"
            self.counter += 1
        return issued

    def copy(self) -> IdentifierIssuer:
        """Return an independent copy (used for the permutations of section 4.8.3)."""
        clone = IdentifierIssuer(self.prefix)
        clone.counter = self.counter
        clone.issued = dict(self.issued)
        return clone


class CanonicalizationState:
    """Canonicalization state, section 4.2 (https://www.w3.org/TR/rdf-canon/#canon-state)."""

    def __init__(self, hash_algorithm: str = "sha256", max_work: int = DEFAULT_MAX_WORK):
        try:
            self.hash_fn = _HASHES[hash_algorithm.lower().replace("-", "")]
        except KeyError:
            raise CanonicalizationError(f"unsupported RDFC-1.0 hash algorithm {hash_algorithm!r}") from None
        self.max_work = max_work
        self.work = 0
        #: blank node to quads map (keys keep the "_:" prefix)
        self.blank_node_to_quads: dict[str, list[Quad]] = {}
        #: hash to blank nodes map
        self.hash_to_blank_nodes: dict[str, list[str]] = {}
        self.canonical_issuer = IdentifierIssuer("c14n")
        self._first_degree: dict[str, str] = {}

    def hash(self, data: str) -> str:
        """Hex digest of ``data`` (UTF-8) with the configured hash algorithm."""
        return self.hash_fn(data.encode("utf-8")).hexdigest()

    def spend(self, units: int = 1) -> None:
        """Account for N-degree work; raise :class:`CanonicalizationLimitError` beyond the budget."""
        self.work += units
        if self.work > self.max_work:
            raise CanonicalizationLimitError(
                f"RDFC-1.0 gave up after {self.max_work} units of N-degree work: the dataset has too many "
                "interchangeable blank nodes (poison graph, RDFC-1.0 section 4.4.3)"
            )

    # -- 4.6 Hash First Degree Quads ------------------------------------------------------------------------

    def hash_first_degree_quads(self, reference: str) -> str:
        """Hash First Degree Quads, section 4.6 (https://www.w3.org/TR/rdf-canon/#hash-1d-quads)."""
        cached = self._first_degree.get(reference)
        if cached is not None:
            return cached
        nquads = []
        for s, p, o, g in self.blank_node_to_quads[reference]:
            if s[0] == "_":
                s = "_:a" if s == reference else "_:z"
            if o[0] == "_":
                o = "_:a" if o == reference else "_:z"
            if g:
                if g[0] == "_":
                    g = "_:a" if g == reference else "_:z"
                nquads.append(f"{s} {p} {o} {g} .\n")
            else:
                nquads.append(f"{s} {p} {o} .\n")
        nquads.sort()
        digest: str = self.hash_fn("".join(nquads).encode("utf-8")).hexdigest()
        self._first_degree[reference] = digest
        return digest

    # -- 4.7 Hash Related Blank Node ------------------------------------------------------------------------

    def hash_related_blank_node(
        self, related: str, quad: Quad, issuer: IdentifierIssuer, position: str
    ) -> str:
        """Hash Related Blank Node, section 4.7 (https://www.w3.org/TR/rdf-canon/#hash-related-blank-node)."""
        issued = self.canonical_issuer.issued.get(related) or issuer.issued.get(related)
        identifier = "_:" + issued if issued is not None else self.hash_first_degree_quads(related)
        if position != "g":
            return self.hash(position + quad[1] + identifier)
        return self.hash(position + identifier)

    # -- 4.8 Hash N-Degree Quads ----------------------------------------------------------------------------

    def hash_n_degree_quads(self, identifier: str, issuer: IdentifierIssuer) -> tuple[str, IdentifierIssuer]:
        """Hash N-Degree Quads, section 4.8 (https://www.w3.org/TR/rdf-canon/#hash-nd-quads)."""
        self.spend()
        # 4.8.3 (1-3): hash to related blank nodes map
        related_map: dict[str, list[str]] = {}
        for quad in self.blank_node_to_quads[identifier]:
            s, _, o, g = quad
            for component, position in ((s, "s"), (o, "o"), (g, "g")):
                if component and component[0] == "_" and component != identifier:
                    related_hash = self.hash_related_blank_node(component, quad, issuer, position)
                    related_map.setdefault(related_hash, []).append(component)
        # 4.8.3 (4-5)
        data_to_hash = []
        canonical = self.canonical_issuer.issued
        for related_hash in sorted(related_map):
            data_to_hash.append(related_hash)
            chosen_path = ""
            chosen_issuer: IdentifierIssuer | None = None
            for permutation in _permutations(related_map[related_hash]):
                self.spend()
                issuer_copy = issuer.copy()
                path = ""
                recursion_list = []
                skip = False
                for related in permutation:
                    label = canonical.get(related)
                    if label is not None:
                        path += "_:" + label
                    else:
                        if related not in issuer_copy.issued:
                            recursion_list.append(related)
                        path += "_:" + issuer_copy.issue(related)
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for related in recursion_list:
                    result_hash, issuer_copy = self.hash_n_degree_quads(related, issuer_copy)
                    path += "_:" + issuer_copy.issue(related) + "<" + result_hash + ">"
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            data_to_hash.append(chosen_path)
            assert chosen_issuer is not None
            issuer = chosen_issuer
        return self.hash("".join(data_to_hash)), issuer


def _permutations(items: list[str]) -> Iterable[tuple[str, ...]]:
    """The distinct permutations of ``items`` (section 4.8.3 step 5.4).

    The blank node list may hold the same node several times (one entry per quad relating it); identical
    permutations give identical paths and issuers, so visiting each distinct permutation once yields the
    same result with far less work (a proof graph's six quads no longer cost 6! permutations).
    """
    if len(items) == len(set(items)):
        yield from permutations(items)
        return
    seq = sorted(items)
    last = len(seq) - 1
    while True:
        yield tuple(seq)
        i = last - 1
        while i >= 0 and seq[i] >= seq[i + 1]:
            i -= 1
        if i < 0:
            return
        j = last
        while seq[j] <= seq[i]:
            j -= 1
        seq[i], seq[j] = seq[j], seq[i]
        seq[i + 1 :] = reversed(seq[i + 1 :])


def _add_blank_node_quads(state: CanonicalizationState, quad: Quad) -> bool:
    """Section 4.4.3 step 2 for one quad: reference it once from each of its blank nodes; False if none."""
    s, _, o, g = quad
    bnode_quads = state.blank_node_to_quads
    found = False
    if s[0] == "_":
        bnode_quads.setdefault(s, []).append(quad)
        found = True
    if o[0] == "_":
        if o != s:
            bnode_quads.setdefault(o, []).append(quad)
        found = True
    if g and g[0] == "_":
        if g != s and g != o:
            bnode_quads.setdefault(g, []).append(quad)
        found = True
    return found


def issue_canonical_identifiers(state: CanonicalizationState) -> IdentifierIssuer:
    """Steps 3-5 of the Canonicalization Algorithm (section 4.4.3), once the blank node to quads map is built.

    Returns the canonical issuer (existing blank node, ``_:``-prefixed -> canonical label ``c14nN``).
    """
    bnode_quads = state.blank_node_to_quads
    # 4.4.3 (3): first degree hashes
    hash_to_bnodes = state.hash_to_blank_nodes
    for bnode in bnode_quads:
        hash_to_bnodes.setdefault(state.hash_first_degree_quads(bnode), []).append(bnode)
    # 4.4.3 (4): unique hashes get canonical identifiers right away (the fast path)
    issuer = state.canonical_issuer
    shared = []
    for first_hash in sorted(hash_to_bnodes):
        bnodes = hash_to_bnodes[first_hash]
        if len(bnodes) == 1:
            issuer.issue(bnodes[0])
        else:
            shared.append(bnodes)
    # 4.4.3 (5): shared hashes need N-degree hashing
    for bnodes in shared:
        hash_path_list = []
        for bnode in bnodes:
            if bnode in issuer.issued:
                continue
            temporary_issuer = IdentifierIssuer("b")
            temporary_issuer.issue(bnode)
            hash_path_list.append(state.hash_n_degree_quads(bnode, temporary_issuer))
        for _, result_issuer in sorted(hash_path_list, key=lambda item: item[0]):
            for existing in result_issuer.issued:
                issuer.issue(existing)
    return issuer


def canonicalize_dataset(
    quads: Iterable[Quad], *, hash_algorithm: str = "sha256", max_work: int = DEFAULT_MAX_WORK
) -> tuple[list[Quad], dict[str, str]]:
    """Canonicalization Algorithm, section 4.4 (https://www.w3.org/TR/rdf-canon/#canon-algorithm).

    Returns the relabelled quads (unsorted) and the issued identifiers map (input label -> canonical
    label, both without ``_:``). Duplicated quads are merged (a dataset is a set).
    """
    dataset = list(dict.fromkeys(quads))
    state = CanonicalizationState(hash_algorithm, max_work)
    for quad in dataset:
        _add_blank_node_quads(state, quad)
    if not state.blank_node_to_quads:
        return dataset, {}
    issued = issue_canonical_identifiers(state).issued
    # 4.4.3 (6): relabel
    labels = {bnode: "_:" + label for bnode, label in issued.items()}
    relabelled = [
        (
            labels[s] if s[0] == "_" else s,
            p,
            labels[o] if o[0] == "_" else o,
            labels[g] if g and g[0] == "_" else g,
        )
        for s, p, o, g in dataset
    ]
    return relabelled, {bnode[2:]: label for bnode, label in issued.items()}


def rdfc10_nquads(
    quads: Iterable[Quad], *, hash_algorithm: str = "sha256", max_work: int = DEFAULT_MAX_WORK
) -> str:
    """Return the canonical N-Quads document of a dataset: RDFC-1.0 relabelling, lines in code point order.

    Same result as serializing :func:`canonicalize_dataset`; quads without blank nodes are serialized once,
    up front. Serialization per https://www.w3.org/TR/rdf-canon/#canonical-quads .
    """
    state = CanonicalizationState(hash_algorithm, max_work)
    bnode_quads = state.blank_node_to_quads
    lines = []
    blank = []
    for quad in dict.fromkeys(quads):  # step 2, inlined from _add_blank_node_quads for speed
        s, p, o, g = quad
        if s[0] == "_":
            bnode_quads.setdefault(s, []).append(quad)
            if o[0] == "_" and o != s:
                bnode_quads.setdefault(o, []).append(quad)
            if g and g[0] == "_" and g != s and g != o:
                bnode_quads.setdefault(g, []).append(quad)
            blank.append(quad)
        elif o[0] == "_" or (g and g[0] == "_"):
            _add_blank_node_quads(state, quad)
            blank.append(quad)
        else:
            lines.append(f"{s} {p} {o} {g} .\n" if g else f"{s} {p} {o} .\n")
    if blank:
        issued = issue_canonical_identifiers(state).issued
        for s, p, o, g in blank:
            if s[0] == "_":
                s = "_:" + issued[s]
            if o[0] == "_":
                o = "_:" + issued[o]
            if g:
                if g[0] == "_":
                    g = "_:" + issued[g]
                lines.append(f"{s} {p} {o} {g} .\n")
            else:
                lines.append(f"{s} {p} {o} .\n")
    lines.sort()
    return "".join(lines)
