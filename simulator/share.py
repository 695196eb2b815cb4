"""Share links that carry the scenario itself (no server-side state).

A link is ``<base_url>?s=<token>``; the token is ``s1.<data>.<check>``: ``s1`` the format version,
``<data>`` the scenario's compact JSON compressed with zlib in URL-safe base64 (no padding), and
``<check>`` the first 16 hex digits of the SHA-256 of that JSON, so a cut or altered link is
detected. Decoding stops at :data:`MAX_DECODED_BYTES` (a zip bomb is refused), and the scenario
then goes through the normal validation and schema migrations.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import zlib
from urllib.parse import parse_qs, urlsplit, urlunsplit

from simulator.errors import ScenarioError
from simulator.files import MAX_BYTES, loads, to_data
from simulator.i18n import Lang, t
from simulator.scenario import Scenario

PREFIX = "s1"
QUERY_PARAM = "s"  # the app reads st.query_params["s"]
CHECK_HEX = 16
MAX_DECODED_BYTES = MAX_BYTES
MAX_TOKEN_CHARS = 400_000
_B64 = re.compile(r"^[A-Za-z0-9_-]+$")


class ShareError(ValueError):
    """A share link that cannot be opened, with its message in ja and en."""

    def __init__(self, key: str, problems: ScenarioError | None = None, **fields: object) -> None:
        self.key, self.fields, self.problems = key, fields, problems
        super().__init__(self.message("ja"))

    def message(self, lang: Lang = "ja") -> str:
        if self.problems is not None:
            return t("store.share.invalid", lang, detail="; ".join(self.problems.lines(lang)))
        return t(f"store.share.{self.key}", lang, **self.fields)


def share_note(lang: Lang = "ja") -> str:
    """The note shown next to a link: it carries the data itself."""
    return t("store.share.note", lang)


def _check(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:CHECK_HEX]


def make_token(scenario: Scenario) -> str:
    """The link token for ``scenario``."""
    raw = json.dumps(to_data(scenario), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    data = base64.urlsafe_b64encode(zlib.compress(raw, 9)).rstrip(b"=").decode("ascii")
    return f"{PREFIX}.{data}.{_check(raw)}"


def share_base(url: str, page: str = "") -> str:
    """The app's root from the address a page is open at: ``https://care.example.jp/sim/library?x=1`` with
    ``page="library"`` → ``https://care.example.jp/sim/``; no address (a test run) → the local default."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return "http://localhost:8501/"
    path = parts.path.rstrip("/")
    if page and (path.endswith("/" + page) or path == page):
        path = path[: -len(page)].rstrip("/")
    return urlunsplit((parts.scheme, parts.netloc, path + "/", "", ""))


def make_link(scenario: Scenario, base_url: str) -> str:
    """``base_url`` with the scenario in its query string (other query parameters are kept)."""
    base = base_url.split("#", 1)[0]
    separator = "&" if "?" in base else "?"
    if base.endswith(("?", "&")):
        separator = ""
    return f"{base}{separator}{QUERY_PARAM}={make_token(scenario)}"


def token_from(url_or_token: str) -> str:
    """The token in a full link, a query string, or the token itself."""
    text = (url_or_token or "").strip()
    if not text:
        raise ShareError("empty")
    if "?" not in text and "://" not in text and not text.startswith(f"{QUERY_PARAM}="):
        return text  # the token itself
    query = urlsplit(text).query if "?" in text else text
    values = parse_qs(query.split("#", 1)[0], keep_blank_values=True).get(QUERY_PARAM)
    if not values or not values[0].strip():
        raise ShareError("no_token")
    return values[0].strip()


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    try:
        raw = inflater.decompress(data, MAX_DECODED_BYTES + 1)
    except zlib.error:
        raise ShareError("broken") from None
    if len(raw) > MAX_DECODED_BYTES or inflater.unconsumed_tail:
        raise ShareError("too_large", limit=MAX_DECODED_BYTES)
    if not inflater.eof or inflater.unused_data:
        raise ShareError("broken")
    return raw


def scenario_from_link(url_or_token: str) -> Scenario:
    """The scenario carried by a share link; :class:`ShareError` for a broken or tampered one."""
    token = token_from(url_or_token)
    if len(token) > MAX_TOKEN_CHARS:
        raise ShareError("too_large", limit=MAX_DECODED_BYTES)
    parts = token.split(".")
    if parts[0] != PREFIX:
        raise ShareError("unknown_version", prefix=parts[0][:20])
    if len(parts) != 3 or not _B64.match(parts[1]) or not re.fullmatch(f"[0-9a-f]{{{CHECK_HEX}}}", parts[2]):
        raise ShareError("broken")
    try:
        data = base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4))
    except (binascii.Error, ValueError):
        raise ShareError("broken") from None
    raw = _inflate(data)
    if _check(raw) != parts[2]:
        raise ShareError("tampered")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ShareError("broken") from None
    try:
        return loads(text, "json", "link")
    except ScenarioError as exc:
        raise ShareError("invalid", problems=exc) from None
