"""Line breaking of the PDF (simulator/report/linebreak.py): 禁則処理, whole English words, nothing too wide.

Measured with the report's own font (IPAexGothic through fpdf2), as the PDF measures it.
"""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from simulator.report.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    _is_word_char,
    _may_break,
    _tokens,
    candidate_breaks,
    wrap,
)
from simulator.report.pdf import ReportPDF

PDF = ReportPDF("ja", "test")
MEASURE = PDF.get_string_width

JAPANESE = ("法人では「社会福祉法人 2法人の合併」を検討しています。この資料は、計画の内容と皆さんの働き方への"
            "影響をわかりやすく説明するものです。人員基準を下回らないよう採用を進めます（常勤換算）。"
            "ショートステイ、デイサービス、ケアマネジャー…。稼働率は95%、借入は1,234,567千円です。")
ENGLISH = ("The occupancy of the added places rises from the opening month to the ceiling after twelve months, "
           "and the staff for the opening month's users are hired three months before opening.")


def _check_rules(lines: list[str]) -> None:
    for before, after in zip(lines, lines[1:], strict=False):
        if before and after:
            assert after[0] not in NO_LINE_START, (before, after)
            assert before[-1] not in NO_LINE_END, (before, after)


@pytest.mark.parametrize("width", [20.0, 33.3, 47.0, 60.0, 95.0, 180.0])
def test_japanese_keeps_the_text_fits_and_follows_kinsoku(width: float) -> None:
    lines = wrap(JAPANESE, width, MEASURE)
    assert "".join(lines).replace(" ", "") == JAPANESE.replace(" ", "")  # nothing lost or added
    assert all(MEASURE(line) <= width for line in lines)
    _check_rules(lines)
    assert len(lines) > 1


def test_a_period_that_would_start_a_line_takes_a_character_with_it() -> None:
    width = MEASURE("あいうえ")  # naive breaking puts 。 at the start of line 2
    lines = wrap("あいうえ。かきくけ", width, MEASURE)
    assert lines[0] == "あいう" and lines[1].startswith("え。")


def test_an_opening_bracket_does_not_end_a_line() -> None:
    lines = wrap("あいう「えお」かき", MEASURE("あいうえ"), MEASURE)
    assert lines[0] == "あいう" and lines[1].startswith("「")


@pytest.mark.parametrize("width", [30.0, 50.0, 80.0, 120.0])
def test_english_words_are_not_split(width: float) -> None:
    lines = wrap(ENGLISH, width, MEASURE)
    assert " ".join(lines).split() == ENGLISH.split()
    assert all(MEASURE(line) <= width for line in lines)


def test_numbers_with_units_stay_whole() -> None:
    lines = wrap("借入は1,234,567千円、稼働率は95.5%です。", MEASURE("借入は1,234,5"), MEASURE)
    assert any("1,234,567" in line for line in lines)
    assert any("95.5%" in line for line in lines)


def test_a_word_longer_than_the_line_is_cut_and_nothing_overflows() -> None:
    url = "https://example.org/" + "x" * 200
    lines = wrap(url, 40.0, MEASURE)
    assert "".join(lines) == url
    assert len(lines) > 3 and all(MEASURE(line) <= 40.0 for line in lines)


def test_newlines_and_empty_text_are_kept() -> None:
    assert wrap("", 50.0, MEASURE) == [""]
    assert wrap("一行目\n\n三行目", 50.0, MEASURE) == ["一行目", "", "三行目"]


ALPHABET = st.sampled_from(list("あいうえおかきくけこ漢字語。、「」（）ー・っゃ abc1,.%"))


def _could_pull_back(before: str, after: str, width: float, space: bool) -> bool:
    """Could the line ``before`` have ended earlier, at an allowed break at most MAX_PULL tokens back,
    with what moves down (and the ``space`` that was at the break) fitting the next line together with
    ``after``'s first token?"""
    tokens, first = _tokens(before), _tokens(after)[0]
    following = [*tokens[1:], first]
    gap = " " if space else ""
    for cut in candidate_breaks(tokens)[1:]:  # [0]: the break taken
        start = next(t for t in following[cut - 1:] if not t.isspace())  # spaces go at a break
        if _may_break(tokens[cut - 1], start) and MEASURE("".join(tokens[cut:]) + gap + first) <= width:
            return True
    return False


def _space_at_breaks(text: str, lines: list[str]) -> list[bool]:
    """For each break between ``lines``: was there a space in ``text`` (dropped at the break)?"""
    out, i = [], 0
    for line in lines:
        while i < len(text) and text[i] == " " and not text[i:].startswith(line):
            i += 1
        i += len(line)
        out.append(i < len(text) and text[i] == " ")
    return out[:-1]


@settings(max_examples=60, deadline=None)
# found by hypothesis: a number as wide as the line before 、; a break at a space before ）or %;
# a space counted as one of the MAX_PULL characters moved down
@example(text="1111、", width=9.0)
@example(text="、1 ）", width=8.0)
@example(text="1 %）", width=8.0)
@example(text="1「1、 ）", width=14.0)
@given(text=st.text(alphabet=ALPHABET, max_size=120), width=st.floats(min_value=8.0, max_value=120.0))
def test_any_text_fits_loses_nothing_and_follows_the_rules_where_it_can(text: str, width: float) -> None:
    lines = wrap(text, width, MEASURE)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(MEASURE(line) <= width for line in lines)
    # a line starts with 、。」… only where no break MAX_PULL tokens back was allowed and fitted
    # (e.g. a number as wide as the whole line before 、), or inside a Latin word cut because it is too long
    spaces = _space_at_breaks(text, lines)
    for before, after, space in zip(lines, lines[1:], spaces, strict=False):
        if before and after and after[0] in NO_LINE_START and not (_is_word_char(before[-1]) and _is_word_char(after[0])):
            assert not _could_pull_back(before, after, width, space), (before, after)


@pytest.mark.parametrize("label,lines", [
    ("wage growth per year", ["wage growth per year"]),
    ("extra attrition in the first year, path 1", ["extra attrition in the first year,", "path 1"]),
    ("道筋1「30床の増築」の上限に達するまでの月数", ["道筋1「30床の増築」の上限に達する", "までの月数"]),
])
def test_chart_labels_break_between_words_and_japanese_characters(label: str, lines: list[str]) -> None:
    """Tornado axis labels (static charts): English words stay whole (the English PDF showed 'y ear'),
    Japanese breaks by 禁則; each line at most 34 half-width columns."""
    from simulator.report.static_charts import _columns, _wrap

    assert _wrap(label).split("\n") == lines
    assert all(_columns(line) <= 34 for line in lines)


def test_a_chart_label_of_more_than_two_lines_ends_in_an_ellipsis() -> None:
    from simulator.report.static_charts import _columns, _wrap

    shown = _wrap("extra attrition in the first year, path 1 “社会福祉法人 さくら会 を吸収合併”").split("\n")
    assert len(shown) == 2 and shown[1].endswith("…") and all(_columns(line) <= 34 for line in shown)
