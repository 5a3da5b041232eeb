"""JCS, RFC 8785."""

from __future__ import annotations

import json
import math
import random
import struct

import pytest
from c14n.Canonicalize import canonicalize as reference_jcs
from c14n.NumberToJson import convert2Es6Format
from hypothesis import given, settings
from hypothesis import strategies as st

from microcred.openbadges.canon import JcsError, jcs
from microcred.openbadges.canon.jcs import jcs_number
from microcred.openbadges.errors import CanonicalizationError


def test_rfc8785_section_3_2_2_example() -> None:
    value = {
        "numbers": [333333333.33333329, 1e30, 4.50, 2e-3, 0.000000000000000000000000001],
        "string": "\u20ac$\u000f\u000aA'\u0042\u0022\u005c\\\"/",
        "literals": [None, True, False],
    }
    expected = (
        '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],'
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
    )
    assert jcs(value) == expected


def test_rfc8785_sorting_by_utf16_code_units() -> None:
    value = {
        "\u20ac": "Euro Sign",
        "\r": "Carriage Return",
        "\ufb33": "Hebrew Letter Dalet With Dagesh",
        "1": "One",
        "\U0001f600": "Emoji: Grinning Face",
        "\u0080": "Control",
        "\u00f6": "Latin Small Letter O With Diaeresis",
    }
    keys = list(json.loads(jcs(value)))
    assert keys == ["\r", "1", "\u0080", "\u00f6", "\u20ac", "\U0001f600", "\ufb33"]


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (0, "0"),
        (-0.0, "0"),
        (1, "1"),
        (-1.5, "-1.5"),
        (1e21, "1e+21"),
        (1e20, "100000000000000000000"),
        (1e-7, "1e-7"),
        (1e-6, "0.000001"),
        (123.456, "123.456"),
        (5e-324, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"),
        (2**53 + 1, "9007199254740992"),
        (-(2**60), "-1152921504606847000"),
    ],
)
def test_numbers(number: float, text: str) -> None:
    assert jcs_number(number) == text


def test_numbers_match_reference_on_random_doubles() -> None:
    rng = random.Random(8785)
    for _ in range(20000):
        value = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if math.isfinite(value):
            assert jcs_number(value) == convert2Es6Format(value)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 10**400])
def test_non_finite_numbers_are_rejected(bad: float) -> None:
    with pytest.raises(JcsError):
        jcs([bad])


@pytest.mark.parametrize("bad", [{1: "x"}, {"a": object()}, b"bytes", "\ud800"])
def test_non_json_values_are_rejected(bad: object) -> None:
    with pytest.raises(CanonicalizationError):
        jcs(bad)


_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53) + 1, 2**53 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    _scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(json_values)
def test_matches_reference_implementation(value: object) -> None:
    try:
        expected = reference_jcs(value).decode("utf-8")
    except UnicodeEncodeError:  # lone surrogates from st.text()
        with pytest.raises(JcsError):
            jcs(value)
        return
    assert jcs(value) == expected
    assert json.loads(jcs(value)) == json.loads(expected)
