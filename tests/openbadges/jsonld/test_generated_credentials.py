"""Property test: 10,000 generated, realistic OB 3.0 credentials canonicalize exactly as pyld does."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from microcred.openbadges.canon import canonicalize
from tests.openbadges.jsonld.ob3_generator import credentials
from tests.openbadges.jsonld.oracle import CachedPyldContexts, pyld_canonicalize

EXAMPLES = 500
PER_EXAMPLE = 20  # 500 x 20 = 10,000 credentials
ORACLE = CachedPyldContexts()


def test_cached_oracle_agrees_with_plain_pyld() -> None:
    batch = credentials(20240521, 12)
    plain = [pyld_canonicalize(credential) for credential in batch]
    with ORACLE:
        assert [pyld_canonicalize(credential) for credential in batch] == plain


def test_generator_is_deterministic_and_varied() -> None:
    first, second = credentials(7, 50), credentials(7, 50)
    assert first == second
    texts = {json.dumps(credential, sort_keys=True) for credential in first}
    assert len(texts) == 50
    assert any("alignment" in credential["credentialSubject"]["achievement"] for credential in first)
    assert any("id" not in credential["credentialSubject"] for credential in first)


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.integers(min_value=0, max_value=2**32 - 1))
def test_generated_credentials_match_pyld(seed: int) -> None:
    with ORACLE:
        for credential in credentials(seed, PER_EXAMPLE):
            ours = canonicalize(credential)
            expected = pyld_canonicalize(credential)
            assert ours == expected, json.dumps(credential, ensure_ascii=False, indent=1)
