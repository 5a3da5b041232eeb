"""Every test starts with an empty cache of decrypted issuer keys."""

from __future__ import annotations

import pytest

from microcred.signing import services


@pytest.fixture(autouse=True)
def _empty_key_cache():
    services.clear_key_cache()
    yield
    services.clear_key_cache()
