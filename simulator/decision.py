"""The STEP 2 判定: the user's criteria (scenario.workflow.criteria) against the metrics.

One rule, used by the app and the reports alike:

- every applicable criterion met → 進める (``go``);
- NPV below the criterion **and** the lowest cash below the scenario's cash floor → 見送り (``no_go``);
- otherwise → 条件付き (``conditional``), with the unmet criteria as the conditions.

The cash criterion is the probability of a shortfall when a risk analysis ran; without one, the base
case stands in for it (its lowest cash against the cash floor). The DSCR criterion does not apply when
there is no debt (NaN) and then does not count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from simulator.format import finite, fmt_number, fmt_pct, fmt_yen
from simulator.i18n import Lang, t
from simulator.scenario import Scenario

Verdict = Literal["go", "conditional", "no_go"]


@dataclass(frozen=True)
class Check:
    """One criterion: ``passed`` is None when it does not apply."""

    name: Literal["npv", "shortfall", "dscr", "cash_floor"]
    value: float | None
    threshold: float
    passed: bool | None
    why_not_applicable: str = ""  # message key when passed is None


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    checks: tuple[Check, ...]

    def label(self, lang: Lang = "ja") -> str:
        return t(f"report.verdict.{self.verdict}", lang)

    def reasons(self, lang: Lang = "ja", money: Callable[[float | None], str] | None = None) -> list[str]:
        """The verdict's explanation first, then one line per criterion with its outcome.

        ``money`` formats yen amounts (the app passes its 円/千円/万円 choice); default 千円.
        """
        checks = [format_check(c, lang, money) for c in self.checks]
        return [t(f"report.reason.{self.verdict}", lang), *checks]


def format_check(check: Check, lang: Lang = "ja", money: Callable[[float | None], str] | None = None) -> str:
    """'NPV 12,346千円 が基準 0千円 以上か：満たす' (``money`` formats yen; default 千円)."""
    if check.name in {"npv", "cash_floor"}:
        show = money or (lambda yen: fmt_yen(yen, lang))
        value, threshold = show(check.value), show(check.threshold)
    elif check.name == "shortfall":
        value, threshold = fmt_pct(check.value, lang), fmt_pct(check.threshold, lang)
    else:
        value, threshold = fmt_number(check.value, lang), fmt_number(check.threshold, lang)
    text = t(f"report.check.{check.name}", lang, value=value, threshold=threshold)
    if check.passed is None:
        outcome = t("report.check.not_applicable", lang, why=t(check.why_not_applicable, lang))
    else:
        outcome = t("report.check.pass" if check.passed else "report.check.fail", lang)
    return f"{text}：{outcome}" if lang == "ja" else f"{text}: {outcome}"


def decide(
    scenario: Scenario, metrics: Mapping[str, float], shortfall_probability: float | None = None
) -> Decision:
    """Apply the scenario's criteria to ``metrics``; ``shortfall_probability`` comes from the risk run."""
    criteria = scenario.workflow.criteria
    npv = finite(metrics.get("npv_yen"))
    npv_ok = npv is not None and npv >= criteria.min_npv_yen
    checks = [Check("npv", npv, criteria.min_npv_yen, npv_ok)]

    floor = scenario.assumptions.cash_floor_yen
    lowest = finite(metrics.get("lowest_cash_yen"))
    below_floor = lowest is not None and lowest < floor
    prob = finite(shortfall_probability)
    if prob is None:
        checks.append(Check("cash_floor", lowest, floor, None if lowest is None else not below_floor))
    else:
        limit = criteria.max_shortfall_probability
        checks.append(Check("shortfall", prob, limit, prob <= limit))

    dscr = finite(metrics.get("dscr_min"))
    if dscr is None:
        checks.append(Check("dscr", None, criteria.min_dscr, None, "report.check.no_debt"))
    else:
        checks.append(Check("dscr", dscr, criteria.min_dscr, dscr >= criteria.min_dscr))

    judged = [c.passed for c in checks if c.passed is not None]
    if all(judged):
        verdict: Verdict = "go"
    elif not npv_ok and below_floor:
        verdict = "no_go"
    else:
        verdict = "conditional"
    return Decision(verdict, tuple(checks))
