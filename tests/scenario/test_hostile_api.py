"""Hostile input through the Python API: files.loads / load_bytes / load_scenario and share links.

Generated (hypothesis) and hand-written cases in classes — wrong types, NaN/inf, out-of-range
numbers, unknown and missing keys, deep nesting, non-UTF-8 bytes, truncated files, 10–50 MB files,
schema versions, cut or altered share links, random text. Each case must load to a valid scenario
or be rejected with ja/en messages naming the damaged field; the tally (well over 1,000 cases) is
printed at the end of the module and nothing may have crashed.
"""

from __future__ import annotations

import base64
import copy
import datetime as dt
import hashlib
import json
import math
import time
import tomllib
import zlib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hostile import Tally, classify, emit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator import files, share
from simulator.errors import dotted
from simulator.scenario import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "scenarios").glob("*.toml"))
SCENARIOS = [files.load_scenario(p) for p in EXAMPLES]
# plain data as each format reads it back: TOML keeps native dates, JSON has strings
BASES = {
    "toml": [tomllib.loads(files.dumps(s, "toml")) for s in SCENARIOS],
    "json": [json.loads(files.dumps(s, "json")) for s in SCENARIOS],
}
MB = 1024 * 1024


def fast(examples: int) -> settings:
    """Hypothesis settings for these cheap cases: ``examples`` of them, no deadline, no example database."""
    return settings(max_examples=examples, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])


TALLY = Tally("hostile input, Python API (files.loads / load_bytes / load_scenario, share.scenario_from_link)")
SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


def _crash_free(cls_prefix: str) -> None:
    crashed = [c for c in TALLY.crashes if c.startswith(f"[{cls_prefix}")]
    assert not crashed, "\n".join(crashed)
    assert sum(TALLY.counts[k]["crashed"] for k in TALLY.counts if k.startswith(cls_prefix)) == 0


# ---- building damaged data -------------------------------------------------------------------


def locations(node: Any, loc: tuple = ()) -> list[tuple]:
    """Every location in ``node`` (dict keys and list items), leaves and containers alike."""
    out = [loc] if loc else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += locations(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += locations(value, (*loc, i))
    return out


def leaves(node: Any, numeric: bool = False) -> list[tuple]:
    found = []
    for loc in locations(node):
        value = get(node, loc)
        if isinstance(value, dict | list):
            continue
        if numeric and (isinstance(value, bool) or not isinstance(value, int | float)):
            continue
        found.append(loc)
    return found


def get(node: Any, loc: tuple) -> Any:
    for part in loc:
        node = node[part]
    return node


def put(data: dict, loc: tuple, value: Any) -> dict:
    out = copy.deepcopy(data)
    parent = get(out, loc[:-1])
    parent[loc[-1]] = value
    return out


def drop(data: dict, loc: tuple) -> dict:
    out = copy.deepcopy(data)
    parent = get(out, loc[:-1])
    del parent[loc[-1]]
    return out


def text_of(data: dict, fmt: str) -> str:
    return tomli_w.dumps(data) if fmt == "toml" else json.dumps(data, ensure_ascii=False)


def field_of(loc: tuple) -> str:
    return dotted(loc)


def wrong_values(fmt: str) -> st.SearchStrategy:
    common = [SAFE_TEXT, st.integers(-(10**6), 10**6), st.floats(allow_nan=False, allow_infinity=False),
              st.booleans(), st.lists(st.integers(0, 9), max_size=3),
              st.dictionaries(st.sampled_from("abc"), st.integers(0, 9), max_size=2),
              st.just("0.95"), st.just("１２３"), st.just("1,000,000"), st.just("=SUM(A1:A9)")]
    if fmt == "toml":
        common += [st.dates(), st.datetimes(), st.times()]
    else:
        common += [st.none()]
    return st.one_of(*common)


# ---- field-level damage ----------------------------------------------------------------------


@fast(160)
@given(st.sampled_from(["toml", "json"]), st.integers(0, len(SCENARIOS) - 1), st.data())
def _wrong_type(fmt, which, data):
    base = BASES[fmt][which]
    loc = data.draw(st.sampled_from(locations(base)))
    value = data.draw(wrong_values(fmt))
    text = text_of(put(base, loc, value), fmt)
    classify(TALLY, "wrong_type", lambda: files.loads(text, fmt), field_path=field_of(loc), file_level_ok=False,
             shown=f"{fmt} {field_of(loc)}={value!r}")


@fast(100)
@given(st.sampled_from(["toml", "json", "json_1e400"]), st.integers(0, len(SCENARIOS) - 1),
       st.sampled_from([math.nan, math.inf, -math.inf]), st.data())
def _nan_inf(fmt, which, value, data):
    base = BASES["json" if fmt.startswith("json") else "toml"][which]
    loc = data.draw(st.sampled_from(leaves(base, numeric=True)))
    if fmt == "json_1e400":
        marker = 7_345_678_901_234_567
        text = json.dumps(put(base, loc, marker)).replace(str(marker), "-1e400" if value < 0 else "1e400")
        parse_fmt, file_level_ok = "json", False
    else:
        text = text_of(put(base, loc, value), fmt)  # TOML nan / inf, JSON NaN / Infinity
        parse_fmt, file_level_ok = fmt, fmt == "json"  # JSON's NaN constant is refused by the parser
    classify(TALLY, f"nan_inf_{fmt}", lambda: files.loads(text, parse_fmt), field_path=field_of(loc),
             file_level_ok=file_level_ok, shown=f"{field_of(loc)}={value}")


HUGE_NUMBERS = st.one_of(
    st.sampled_from([-1, -1e-9, -(10**9), 10**15, 1e300, -1e300, 10**30, 2**63, -(2**63) - 1, 10**400, 1e-320]),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=False, allow_infinity=False),
)


@fast(140)
@given(st.sampled_from(["toml", "json"]), st.integers(0, len(SCENARIOS) - 1), HUGE_NUMBERS, st.data())
def _out_of_range(fmt, which, value, data):
    base = BASES[fmt][which]
    loc = data.draw(st.sampled_from(leaves(base, numeric=True)))
    text = text_of(put(base, loc, value), fmt)
    classify(TALLY, "out_of_range", lambda: files.loads(text, fmt), field_path=field_of(loc), file_level_ok=False,
             shown=f"{fmt} {field_of(loc)}={value!r}")


@fast(100)
@given(st.sampled_from(["toml", "json"]), st.integers(0, len(SCENARIOS) - 1), st.data())
def _unknown_key(fmt, which, data):
    base = BASES[fmt][which]
    tables = [()] + [loc for loc in locations(base) if isinstance(get(base, loc), dict)]
    at = data.draw(st.sampled_from(tables))
    existing = list(get(base, at)) if at else list(base)
    key = data.draw(st.one_of(SAFE_TEXT.filter(bool),
                              st.sampled_from([k + "s" for k in existing] + [k.upper() for k in existing] or ["x"])))
    value = data.draw(st.one_of(st.integers(0, 9), SAFE_TEXT, st.booleans()))
    damaged = copy.deepcopy(base)
    (get(damaged, at) if at else damaged)[key] = value
    text = text_of(damaged, fmt)
    classify(TALLY, "unknown_key", lambda: files.loads(text, fmt), field_path=field_of((*at, key)),
             file_level_ok=False, shown=f"{fmt} {field_of((*at, key))}={value!r}")


@fast(100)
@given(st.sampled_from(["toml", "json"]), st.integers(0, len(SCENARIOS) - 1), st.data())
def _missing_key(fmt, which, data):
    base = BASES[fmt][which]
    keyed = [loc for loc in locations(base) if isinstance(loc[-1], str)]
    loc = data.draw(st.sampled_from(keyed))
    text = text_of(drop(base, loc), fmt)
    # a missing section can break a rule elsewhere (paths[0].service_index needs the services): name *a* field
    classify(TALLY, "missing_key", lambda: files.loads(text, fmt), field_path="", file_level_ok=False,
             shown=f"{fmt} without {field_of(loc)}")


@fast(70)
@given(st.one_of(st.integers(-3, 5), st.integers(2, 10**30), st.sampled_from(["1", "v1", 1.0, 1.5, True, False, [1]])),
       st.sampled_from(["toml", "json"]))
def _schema_version(version, fmt):
    data = dict(BASES[fmt][0], schema_version=version)
    text = text_of(data, fmt)
    classify(TALLY, "schema_version", lambda: files.loads(text, fmt), field_path="schema_version",
             file_level_ok=False, shown=f"schema_version={version!r}")


def _field_level_damage_is_named():
    """Wrong types, NaN/inf, out-of-range numbers, unknown and missing keys, schema versions."""
    for run in (_wrong_type, _nan_inf, _out_of_range, _unknown_key, _missing_key, _schema_version):
        run()
    for cls in ("wrong_type", "nan_inf", "out_of_range", "unknown_key", "missing_key", "schema_version"):
        _crash_free(cls)
    # the damage really was damage: most of these cases must be refused
    refused = sum(TALLY.counts[k]["rejected"] for k in ("wrong_type", "out_of_range", "missing_key"))
    assert refused > 100
    assert TALLY.counts["nan_inf_toml"]["accepted"] == 0
    assert TALLY.counts["nan_inf_json"]["accepted"] == 0
    assert TALLY.counts["nan_inf_json_1e400"]["accepted"] == 0


def test_hand_written_versions():
    """No schema_version = version 1 (accepted); newer, zero, text → a message naming schema_version."""
    data = {k: v for k, v in BASES["toml"][0].items() if k != "schema_version"}
    assert files.loads(tomli_w.dumps(data)) == SCENARIOS[0]
    for bad, code in [(SCHEMA_VERSION + 1, "version.newer"), (0, "version.invalid"), ("1", "version.invalid")]:
        with pytest.raises(files.ScenarioError) as info:
            files.loads(tomli_w.dumps(dict(data, schema_version=bad)))
        assert [(p.path, p.code) for p in info.value.problems] == [("schema_version", code)]
        assert "schema_version" in info.value.lines("ja")[0]


# ---- file-level damage -----------------------------------------------------------------------


def nested(kind: str, depth: int) -> str:
    if kind == "json_array":
        return "[" * depth + "]" * depth
    if kind == "json_object":
        return '{"a":' * depth + "1" + "}" * depth
    if kind == "toml_array":
        return "x = " + "[" * depth + "]" * depth
    if kind == "toml_inline":
        return "x = " + "{a = " * depth + "1" + "}" * depth
    if kind == "toml_dotted":
        return ".".join(["a"] * depth) + " = 1"
    if kind == "toml_header":
        return "[" + ".".join(["a"] * depth) + "]\nb = 1"
    if kind == "json_in_field":
        return '{"meta": {"notes": ' + "[" * depth + "]" * depth + "}}"
    return "[meta]\nnotes = " + "[" * depth + "]" * depth  # toml_in_field


NEST_KINDS = ["json_array", "json_object", "toml_array", "toml_inline", "toml_dotted", "toml_header",
              "json_in_field", "toml_in_field"]


@fast(48)
@given(st.sampled_from(NEST_KINDS), st.one_of(st.integers(50, 3000), st.sampled_from([10_000, 20_000])))
def _deep(kind, depth):
    text = nested(kind, depth)
    fmt = "json" if kind.startswith("json") else "toml"
    field_path = "meta.notes" if kind.endswith("in_field") else None
    classify(TALLY, "deep_nesting", lambda: files.loads(text, fmt), field_path=field_path, shown=f"{kind} depth {depth}")


@fast(110)
@given(st.integers(0, len(SCENARIOS) - 1), st.sampled_from(["toml", "json"]), st.sampled_from(
    ["shift_jis", "cp932", "euc_jp", "utf_16", "latin_1", "random", "insert"]), st.data())
def _non_utf8(which, fmt, encoding, data):
    text = files.dumps(SCENARIOS[which], fmt)
    if encoding == "random":
        raw = data.draw(st.binary(min_size=1, max_size=3000))
    elif encoding == "insert":
        raw = text.encode("utf-8")
        at = data.draw(st.integers(0, len(raw)))
        raw = raw[:at] + data.draw(st.sampled_from([b"\xff", b"\xc3", b"\xe3\x81", b"\x80", b"\xed\xa0\x80"])) + raw[at:]
    else:
        raw = text.encode(encoding, errors="replace")
    classify(TALLY, f"non_utf8_{encoding}", lambda: files.load_bytes(raw, fmt, "upload"), shown=f"{encoding} {raw[:40]!r}")


@fast(110)
@given(st.integers(0, len(SCENARIOS) - 1), st.sampled_from(["toml", "json"]), st.data())
def _truncated(which, fmt, data):
    raw = files.dumps(SCENARIOS[which], fmt).encode("utf-8")
    cut = data.draw(st.integers(0, len(raw) - 1))
    classify(TALLY, "truncated", lambda: files.load_bytes(raw[:cut], fmt, "upload"), shown=f"{fmt} cut at {cut}")


@fast(100)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))),
       st.sampled_from(["toml", "json"]))
def _random_text(text, fmt):
    classify(TALLY, "random_text", lambda: files.loads(text, fmt), shown=text)


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | SAFE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(SAFE_TEXT, inner, max_size=4),
    max_leaves=20,
)
SECTIONS = ["meta", "organisation", "market", "paths", "financing", "assumptions", "uncertainty", "workflow"]


@fast(80)
@given(st.dictionaries(st.sampled_from(SECTIONS), JSONISH, min_size=1, max_size=3))
def _structured_junk(data):
    text = json.dumps(data, ensure_ascii=False)
    classify(TALLY, "structured_junk", lambda: files.loads(text, "json"), shown=text)


def _file_level_damage_is_a_message():
    """Deep nesting (to 20,000 levels), non-UTF-8 bytes, truncated files, random text and junk."""
    for run in (_deep, _non_utf8, _truncated, _random_text, _structured_junk):
        run()
    for cls in ("deep_nesting", "non_utf8", "truncated", "random_text", "structured_junk"):
        _crash_free(cls)
    assert TALLY.counts["non_utf8_shift_jis"]["rejected"] > 0


def test_deep_nesting_is_refused_not_a_recursion_error():
    for kind in ("json_array", "json_object", "toml_array", "toml_inline"):
        with pytest.raises(files.ScenarioError) as info:
            files.loads(nested(kind, 10_000), "json" if kind.startswith("json") else "toml")
        assert info.value.problems[0].code == "file.too_deep"
        assert "深すぎ" in info.value.lines("ja")[0] and "too deep" in info.value.lines("en")[0]


def test_japanese_excel_encoding_says_utf8():
    raw = files.dumps(SCENARIOS[0], "toml").encode("cp932", errors="replace")
    with pytest.raises(files.ScenarioError) as info:
        files.load_bytes(raw, "toml", "from_excel.toml")
    assert info.value.problems[0].code == "file.not_utf8"
    assert "UTF-8" in info.value.lines("ja")[0]


# ---- size ------------------------------------------------------------------------------------


@fast(8)
@given(st.integers(10 * MB, 50 * MB), st.sampled_from(["comment", "valid_plus_padding", "json_string", "text"]))
def _huge(size, shape):
    head = files.dumps(SCENARIOS[0], "toml").encode("utf-8")
    if shape == "comment":
        raw, fmt = b"#" * size, "toml"
    elif shape == "valid_plus_padding":
        raw, fmt = head + b"# " + b"x" * size + b"\n", "toml"
    else:
        raw, fmt = b'{"meta": {"notes": "' + b"a" * size + b'"}}', "json"
    start = time.perf_counter()
    if shape == "text":
        text = raw.decode("ascii")
        outcome = classify(TALLY, "huge_10_50MB", lambda: files.loads(text, fmt), shown=f"{shape} {size}")
    else:
        outcome = classify(TALLY, "huge_10_50MB", lambda: files.load_bytes(raw, fmt, "big"), shown=f"{shape} {size}")
    elapsed = time.perf_counter() - start
    assert outcome == "rejected"
    assert elapsed < 1.5, f"{size} bytes took {elapsed:.2f} s: it was parsed, not refused by size"


def _huge_files_are_refused_by_size_quickly(tmp_path):
    _huge()
    _crash_free("huge")
    # on disk: a 30 MB file is refused from its size, without reading it
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(30 * MB)
    start = time.perf_counter()
    outcome = classify(TALLY, "huge_10_50MB", lambda: files.load_scenario(path), shown="30 MB file on disk")
    assert outcome == "rejected" and time.perf_counter() - start < 0.5
    with pytest.raises(files.ScenarioError) as info:
        files.load_scenario(path)
    assert info.value.problems[0].code == "file.too_large"


# ---- share links -----------------------------------------------------------------------------

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
LINKS = [share.make_link(s, "http://localhost:8501/step2") for s in SCENARIOS]


@fast(90)
@given(st.integers(0, len(SCENARIOS) - 1), st.data())
def _link_cut(which, data):
    link = LINKS[which]
    cut = data.draw(st.integers(0, len(link) - 1))
    classify(TALLY, "share_cut", lambda: share.scenario_from_link(link[:cut]), expect_equal=SCENARIOS[which],
             shown=f"cut at {cut}")


@fast(110)
@given(st.integers(0, len(SCENARIOS) - 1), st.sampled_from(["replace", "insert", "delete", "swap"]), st.data())
def _link_altered(which, how, data):
    link = LINKS[which]
    start = link.index("s=s1.") + 2
    at = data.draw(st.integers(start, len(link) - 1))
    char = data.draw(st.sampled_from(B64 + ".%=&?#/ あ"))
    if how == "replace":
        altered = link[:at] + char + link[at + 1:]
    elif how == "insert":
        altered = link[:at] + char + link[at:]
    elif how == "delete":
        altered = link[:at] + link[at + 1:]
    else:
        at = min(at, len(link) - 2)
        altered = link[:at] + link[at + 1] + link[at] + link[at + 2:]
    classify(TALLY, "share_altered", lambda: share.scenario_from_link(altered), expect_equal=SCENARIOS[which],
             shown=f"{how} at {at}")


def _token_for(raw: bytes) -> str:
    data = base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode("ascii")
    return f"s1.{data}.{hashlib.sha256(raw).hexdigest()[:16]}"


@fast(60)
@given(st.integers(0, len(SCENARIOS) - 1), st.data())
def _link_forged(which, data):
    """A link with a correct checksum around damaged content: validation must still name the field."""
    base = BASES["json"][which]
    loc = data.draw(st.sampled_from(locations(base)))
    value = data.draw(st.one_of(wrong_values("json"), HUGE_NUMBERS))
    raw = json.dumps(put(base, loc, value), ensure_ascii=False).encode("utf-8", "surrogatepass")
    token = _token_for(raw)
    classify(TALLY, "share_forged", lambda: share.scenario_from_link(token), field_path=field_of(loc),
             file_level_ok=False, shown=f"{field_of(loc)}={value!r}")


@fast(60)
@given(st.one_of(st.text(max_size=200), st.text(B64 + ".", max_size=200).map(lambda s: "s1." + s),
                 st.sampled_from(["", "?", "s=", "http://x/?s=", "http://x/?t=1", "s2.abc.def", "s1..", "s1.a.b.c",
                                  "s1." + "A" * 500_000 + ".0123456789abcdef"])))
def _link_random(text):
    classify(TALLY, "share_random", lambda: share.scenario_from_link(text), shown=text)


def _share_links_cut_altered_forged():
    for run in (_link_cut, _link_altered, _link_forged, _link_random):
        run()
    _crash_free("share")
    assert TALLY.counts["share_altered"]["rejected"] > 50
    # a zip bomb: 100 MB of zeros in a small link, with a correct checksum, is refused by size
    raw = b'{"meta":{"notes":"' + b"0" * (100 * MB) + b'"}}'
    token = _token_for(raw)
    assert len(token) < share.MAX_TOKEN_CHARS
    start = time.perf_counter()
    assert classify(TALLY, "share_zip_bomb", lambda: share.scenario_from_link(token), shown="100 MB bomb") == "rejected"
    assert time.perf_counter() - start < 2.0
    # non-text and non-object content with a correct checksum
    for raw in (b"\xff\xfe", b"[1, 2]", b"NaN", b'{"organisation": {"cash_yen": NaN}}', b"1e400"):
        assert classify(TALLY, "share_forged", lambda r=raw: share.scenario_from_link(_token_for(r)), shown=repr(raw)) \
            == "rejected"


def test_hostile_inputs_python_api(tmp_path, request):
    """Every class in one test (so one process counts them all): at least 1,000 cases, none crashed."""
    try:
        _field_level_damage_is_named()
        _file_level_damage_is_a_message()
        _huge_files_are_refused_by_size_quickly(tmp_path)
        _share_links_cut_altered_forged()
    finally:
        emit(request.config, TALLY.lines())
    assert TALLY.total() >= 1000
    assert TALLY.total("crashed") == 0, "\n".join(TALLY.crashes)
    assert {k.split("_")[0] for k in TALLY.counts} >= {"wrong", "nan", "out", "unknown", "missing", "schema",
                                                       "deep", "non", "truncated", "huge", "share", "random"}


def test_dates_are_checked_too():
    """A date field with text that is not a date names the field; a datetime where a date is expected is refused."""
    for text in ('[assumptions]\nstart_date = "next April"\n', "[assumptions]\nstart_date = 2026-13-01\n"):
        try:
            files.loads(text)
        except files.ScenarioError as exc:
            assert exc.problems and all(p.ja and p.en for p in exc.problems)
    data = put(BASES["toml"][0], ("assumptions", "start_date"), dt.datetime(2026, 4, 1, 12, 30))
    outcome = classify(Tally("dates"), "wrong_type", lambda: files.loads(tomli_w.dumps(data)),
                       field_path="assumptions.start_date", file_level_ok=False, shown="datetime for a date")
    assert outcome in ("accepted", "rejected")
