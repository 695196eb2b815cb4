"""Share links: a link round-trips to an equal scenario; broken, cut, altered or oversized links are refused."""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from test_scenario_roundtrip import scenarios

from simulator.files import load_scenario
from simulator.share import (
    MAX_DECODED_BYTES,
    ShareError,
    make_link,
    make_token,
    scenario_from_link,
    share_note,
)

EXAMPLE = load_scenario(sorted((Path(__file__).resolve().parents[2] / "scenarios").glob("*.toml"))[0])
BASE = "http://localhost:8501/step2"


def test_link_round_trips_and_keeps_other_parameters() -> None:
    link = make_link(EXAMPLE, BASE)
    assert link.startswith(BASE + "?s=s1.")
    assert scenario_from_link(link) == EXAMPLE
    assert scenario_from_link(make_link(EXAMPLE, BASE + "?lang=en")) == EXAMPLE
    assert "lang=en&s=" in make_link(EXAMPLE, BASE + "?lang=en")
    assert scenario_from_link(make_token(EXAMPLE)) == EXAMPLE
    assert len(link) < 8000  # fits browsers and chat tools


@settings(max_examples=50, deadline=None)
@given(scenarios())
def test_generated_scenarios_round_trip(scenario) -> None:
    assert scenario_from_link(make_link(scenario, BASE)) == scenario


def _expect(link: str, key: str) -> ShareError:
    with pytest.raises(ShareError) as info:
        scenario_from_link(link)
    assert info.value.key == key
    assert info.value.message("ja") and info.value.message("en") and info.value.message("ja") != info.value.message("en")
    return info.value


def test_cut_link_is_rejected() -> None:
    link = make_link(EXAMPLE, BASE)
    _expect(link[: len(link) // 2], "broken")
    token = make_token(EXAMPLE)
    prefix, data, check = token.split(".")
    _expect(f"{prefix}.{data[:-10]}.{check}", "broken")


def test_altered_data_is_rejected() -> None:
    prefix, data, check = make_token(EXAMPLE).split(".")
    i = len(data) // 2
    flipped = data[:i] + ("A" if data[i] != "A" else "B") + data[i + 1 :]
    with pytest.raises(ShareError) as info:
        scenario_from_link(f"{prefix}.{flipped}.{check}")
    assert info.value.key in {"broken", "tampered"}


def test_recompressed_edit_with_old_checksum_is_tampering() -> None:
    prefix, data, check = make_token(EXAMPLE).split(".")
    raw = json.loads(zlib.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))))
    raw["organisation"]["cash_yen"] = 999_999_999_999
    forged = base64.urlsafe_b64encode(zlib.compress(json.dumps(raw).encode())).rstrip(b"=").decode()
    err = _expect(f"{prefix}.{forged}.{check}", "tampered")
    assert "改変" in err.message("ja")


def test_zip_bomb_is_refused() -> None:
    raw = b"{" + b" " * (MAX_DECODED_BYTES + 10) + b"}"
    data = base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode()
    _expect(f"s1.{data}.{hashlib.sha256(raw).hexdigest()[:16]}", "too_large")


def test_valid_checksum_but_invalid_scenario_names_the_field() -> None:
    raw = json.dumps({"organisation": {"region_grade": 12}}).encode()
    data = base64.urlsafe_b64encode(zlib.compress(raw)).rstrip(b"=").decode()
    err = _expect(f"s1.{data}.{hashlib.sha256(raw).hexdigest()[:16]}", "invalid")
    assert "organisation.region_grade" in err.message("ja")


@pytest.mark.parametrize(
    ("link", "key"),
    [("", "empty"), ("   ", "empty"), (BASE, "no_token"), (BASE + "?s=", "no_token"), ("s9.abc.0123456789abcdef", "unknown_version"),
     ("s1.***.0123456789abcdef", "broken"), ("s1.abc", "broken")],
)
def test_malformed_links(link: str, key: str) -> None:
    _expect(link, key)


def test_note_says_the_link_carries_the_data() -> None:
    assert "シナリオの内容" in share_note("ja") and "carries" in share_note("en")
