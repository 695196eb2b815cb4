"""Line breaking for the PDF: Japanese 禁則処理 (kinsoku) and whole English words.

Rules (JIS X 4051 in its common, simple form):
- a line may break between any two Japanese characters, but not before a character that must not start
  a line (、。」）ー small kana …: 行頭禁則) nor after one that must not end it (「（ …: 行末禁則);
  when the break would fall there, the character moves to the next line with its neighbour (追い出し);
- a run of Latin letters and digits (an English word, a number such as 1,234.5万円) is not split;
  it breaks at a space, unless it is wider than the whole line, when it is cut where it must be;
- explicit newlines are kept.

``wrap(text, width, measure)`` returns the lines; ``measure`` gives a string's width in the same unit
as ``width`` (the PDF's ``get_string_width`` for the current font).
"""

from __future__ import annotations

from collections.abc import Callable

NO_LINE_START = set(
    "、。，．,.・：；:;？！?!)）]］}｝〕〉》」』】〙〗〟’”｠»ゝゞーァィゥェォッャュョヮヵヶぁぃぅぇぉっゃゅょゎゕゖㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ々〻‐゠–〜～%％"
)
NO_LINE_END = set("(（[［{｛〔〈《「『【〘〖〝‘“｟«")
MAX_PULL = 3  # characters moved to the next line at most to satisfy the rules (then the rule gives way)


def _is_word_char(ch: str) -> bool:
    """Part of a Latin word or a number: kept together."""
    return (ch.isascii() and (ch.isalnum() or ch in "'-.,%/$+_:?=&#~@")) or ch in "€£¥"


def _tokens(line: str) -> list[str]:
    """Pieces a line may break between: a Latin word or number, a run of spaces, or one other character."""
    out: list[str] = []
    i = 0
    while i < len(line):
        j = i + 1
        if _is_word_char(line[i]):
            while j < len(line) and _is_word_char(line[j]):
                j += 1
        elif line[i] == " ":
            while j < len(line) and line[j] == " ":
                j += 1
        out.append(line[i:j])
        i = j
    return out


def _may_break(before: str, after: str) -> bool:
    """May a line end with token ``before`` and the next start with token ``after`` ("" = nothing follows)?"""
    return not (after and after[0] in NO_LINE_START) and before[-1] not in NO_LINE_END


def _split_long(token: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """A word wider than the line, cut into pieces that fit (at least one character each)."""
    pieces, current = [], ""
    for ch in token:
        if current and measure(current + ch) > width:
            pieces.append(current)
            current = ch
        else:
            current += ch
    return [*pieces, current] if current else pieces


def candidate_breaks(current: list[str]) -> list[int]:
    """Token positions the line ``current`` may end at, from its end back: each moves at most MAX_PULL
    words or characters (spaces not counted) to the next line, and keeps at least one on this line.
    A position right after a space is left out: spaces are dropped at a break, so it is the position
    before that space."""
    out = []
    for cut in range(len(current), 0, -1):
        if sum(not t.isspace() for t in current[cut:]) > MAX_PULL:
            break
        if not current[cut - 1].isspace():
            out.append(cut)
    return out


def _break_at(current: list[str], token: str) -> int:
    """Where to end the line ``current`` when ``token`` no longer fits: the last allowed break of
    :func:`candidate_breaks` (追い出し); the end of the line if none is allowed. A break is judged by the
    word before it and the first word after it."""
    following = [*current[1:], token]
    for cut in candidate_breaks(current):
        start = next((t for t in following[cut - 1:] if not t.isspace()), "")
        if _may_break(current[cut - 1], start):
            return cut
    return len(current)


def _wrap_line(line: str, width: float, measure: Callable[[str], float]) -> list[str]:
    tokens: list[str] = []
    for token in _tokens(line):
        tokens += _split_long(token, width, measure) if token.strip() and measure(token) > width else [token]
    lines: list[str] = []
    current: list[str] = []
    for i, token in enumerate(tokens):
        if not current or measure("".join(current) + token) <= width:
            current.append(token)
            continue
        # at a space the line breaks before the next word, so the rules look past the space to it
        upcoming = token if not token.isspace() else next((t for t in tokens[i + 1:] if not t.isspace()), "")
        cut = _break_at(current, upcoming) if upcoming else len(current)
        if measure("".join(current[cut:]) + token + (upcoming if token.isspace() else "")) > width:
            cut = len(current)  # what moves down must fit
        if token.isspace() and cut == len(current):  # a space at the break is dropped
            lines.append("".join(current).rstrip())
            current = []
            continue
        lines.append("".join(current[:cut]).rstrip())
        current = [*current[cut:], token]
        while current and current[0].isspace():
            current.pop(0)
    if current or not lines:
        lines.append("".join(current).rstrip())
    return lines


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (where a single character fits), by the rules above."""
    out: list[str] = []
    for line in text.split("\n"):
        out += _wrap_line(line, width, measure)
    return out
