"""The STEP 2 判定: the user's criteria (scenario.workflow.criteria) against the metrics.

One rule, used by the app and the reports alike (issue 14 item 6):

- a scenario without a path gets no verdict (``no_path``) but a prompt to add one;
- every applicable criterion met → 進める (``go``);
- a failure no lever can close → 見送り (``no_go``): NPV < 0 with no payback in the horizon, DSCR below 1.0 or
  no repayment source (返済原資なし) in an operating year, the base case's lowest cash below the floor, a
  probability of a shortfall above the limit (the levers are worked on the base case only);
- otherwise the levers (:mod:`simulator.decision_levers`: occupancy, fee level, wage level, each within the
  range the criteria state) are tried one at a time: 条件付き (``conditional``) when at least one meets every
  failing criterion, naming it and the amount; else 見送り.

Criteria: NPV ≥ ``min_npv_yen``; lowest cash ≥ the cash floor (base case) and, when a risk analysis ran,
the probability of a shortfall ≤ ``max_shortfall_probability``; DSCR (lowest operating year) ≥ ``min_dscr``;
債務償還年数 in the first stable year ≤ ``max_debt_repayment_years``; break-even occupancy ≤
``max_break_even_occupancy``. DSCR does not apply without debt (no debt service and no operating year without
a repayment source); the break-even occupancy not where the plan adds or takes over no places.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from simulator.decision_levers import Lever
from simulator.decision_levers import find as find_levers
from simulator.engine.breakeven import REASONS
from simulator.format import finite, fmt_number, fmt_pct, fmt_yen
from simulator.i18n import Lang, t
from simulator.scenario import Scenario

Verdict = Literal["go", "conditional", "no_go", "no_path"]
CheckName = Literal["npv", "shortfall", "cash_floor", "dscr", "debt_repayment_years", "break_even_occupancy"]
DSCR_COVERED = 1.0  # below it the repayments are not covered (reference/finance.toml lender.dscr.min note)
LEVER_CRITERIA = frozenset({"npv", "dscr", "debt_repayment_years", "break_even_occupancy"})
NO_SOURCE = "engine.lender_status.no_repayment_source"
LeverFinder = Callable[[Scenario, Mapping[str, float], Callable[[Mapping[str, float]], bool], bool],
                       tuple[Lever, ...]]


@dataclass(frozen=True)
class Check:
    """One criterion: ``passed`` is None when it does not apply; ``value_key`` is shown instead of a value."""

    name: CheckName
    value: float | None
    threshold: float
    passed: bool | None
    why_not_applicable: str = ""  # message key when passed is None
    value_key: str = ""  # message key of a value that is not a number (返済原資なし)


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    checks: tuple[Check, ...]
    levers: tuple[Lever, ...] = ()  # the levers tried (a conditional verdict names those that close)
    blockers: tuple[str, ...] = ()  # message keys of the 見送り lines the plan hits

    def label(self, lang: Lang = "ja") -> str:
        return t(f"report.verdict.{self.verdict}", lang)

    def conditions(self, lang: Lang = "ja") -> list[str]:
        """A conditional verdict's conditions: each lever that alone meets every failing criterion."""
        return [lever.text(lang) for lever in self.levers if lever.closes] if self.verdict == "conditional" else []

    def reasons(self, lang: Lang = "ja", money: Callable[[float | None], str] | None = None) -> list[str]:
        """The verdict's explanation first, then why (the levers and their amounts, or the 見送り lines),
        then one line per criterion with its outcome. ``money`` formats yen (the app's unit); default 千円."""
        head = [t(f"report.reason.{self.verdict}", lang)]
        if self.verdict == "no_path":
            return head
        why = self.conditions(lang) if self.verdict == "conditional" else [t(k, lang) for k in self.blockers]
        if self.verdict == "no_go" and "report.blocker.no_lever" in self.blockers:
            why += [lever.text(lang) for lever in self.levers]
        return [*head, *why, *(format_check(c, lang, money) for c in self.checks)]


def format_check(check: Check, lang: Lang = "ja", money: Callable[[float | None], str] | None = None) -> str:
    """'NPV 12,346千円 が基準 0千円 以上か：満たす' (``money`` formats yen; default 千円)."""
    if check.name in {"npv", "cash_floor"}:
        show = money or (lambda yen: fmt_yen(yen, lang))
        value, threshold = show(check.value), show(check.threshold)
    elif check.name in {"shortfall", "break_even_occupancy"}:
        value, threshold = fmt_pct(check.value, lang), fmt_pct(check.threshold, lang)
    elif check.name == "debt_repayment_years":
        value, threshold = (t("report.check.years", lang, n=fmt_number(v, lang, 1)) for v in (check.value,
                                                                                             check.threshold))
    else:
        value, threshold = fmt_number(check.value, lang), fmt_number(check.threshold, lang)
    if check.value_key:
        value = t(check.value_key, lang)
    text = t(f"report.check.{check.name}", lang, value=value, threshold=threshold)
    if check.passed is None:
        outcome = t("report.check.not_applicable", lang, why=t(check.why_not_applicable, lang))
    else:
        outcome = t("report.check.pass" if check.passed else "report.check.fail", lang)
    return f"{text}：{outcome}" if lang == "ja" else f"{text}: {outcome}"


def _dscr(metrics: Mapping[str, float], minimum: float) -> Check:
    dscr = finite(metrics.get("dscr_min"))
    no_source = (finite(metrics.get("years_without_repayment_source")) or 0.0) > 0
    if dscr is None and not no_source:
        return Check("dscr", None, minimum, None, "report.check.no_debt")
    if dscr is None:  # debt outstanding, no operating year with a repayment source: not "no debt"
        return Check("dscr", None, minimum, False, value_key=NO_SOURCE)
    return Check("dscr", dscr, minimum, dscr >= minimum and not no_source)


def _debt_years(metrics: Mapping[str, float], maximum: float) -> Check:
    years = finite(metrics.get("debt_repayment_years"))
    if years is not None:
        return Check("debt_repayment_years", years, maximum, years <= maximum)
    if (finite(metrics.get("years_without_repayment_source")) or 0.0) > 0:
        return Check("debt_repayment_years", None, maximum, False, value_key=NO_SOURCE)
    return Check("debt_repayment_years", None, maximum, None, "report.check.no_stable_year")


def _break_even(metrics: Mapping[str, float], maximum: float) -> Check:
    value = finite(metrics.get("break_even_occupancy"))
    reason = finite(metrics.get("break_even_occupancy_reason"))
    name = REASONS[int(reason)] if reason is not None and 0 <= reason < len(REASONS) else "not_applicable"
    if value is not None:
        return Check("break_even_occupancy", value, maximum, value <= maximum)
    if name == "always_met":  # NPV ≥ 0 even at 0 % occupancy
        return Check("break_even_occupancy", None, maximum, True, value_key="engine.break_even_reason.always_met")
    if name == "never_met":
        return Check("break_even_occupancy", None, maximum, False, value_key="engine.break_even_reason.never_met")
    return Check("break_even_occupancy", None, maximum, None, "report.check.no_places")


def checks(scenario: Scenario, metrics: Mapping[str, float], shortfall_probability: float | None = None
           ) -> tuple[Check, ...]:
    """Every criterion of the scenario against ``metrics`` (the cash floor on the base case always; the
    probability of a shortfall when a risk analysis ran)."""
    c = scenario.workflow.criteria
    npv = finite(metrics.get("npv_yen"))
    out = [Check("npv", npv, c.min_npv_yen, npv is not None and npv >= c.min_npv_yen)]
    floor = scenario.assumptions.cash_floor_yen
    lowest = finite(metrics.get("lowest_cash_yen"))
    out.append(Check("cash_floor", lowest, floor, None if lowest is None else lowest >= floor,
                     "report.check.no_value"))
    prob = finite(shortfall_probability)
    if prob is not None:
        out.append(Check("shortfall", prob, c.max_shortfall_probability, prob <= c.max_shortfall_probability))
    out += [_dscr(metrics, c.min_dscr), _debt_years(metrics, c.max_debt_repayment_years),
            _break_even(metrics, c.max_break_even_occupancy)]
    return tuple(out)


def blockers(found: tuple[Check, ...], metrics: Mapping[str, float]) -> tuple[str, ...]:
    """The 見送り lines the failing checks hit (message keys), whatever the levers could do."""
    failed = {c.name: c for c in found if c.passed is False}
    out = []
    npv = failed.get("npv")
    if npv is not None and npv.value is not None and npv.value < 0 and finite(metrics.get("payback_month")) is None:
        out.append("report.blocker.npv_no_payback")
    dscr = failed.get("dscr")
    if dscr is not None:
        if (finite(metrics.get("years_without_repayment_source")) or 0.0) > 0:
            out.append("report.blocker.no_repayment_source")
        elif dscr.value is not None and dscr.value < DSCR_COVERED:
            out.append("report.blocker.dscr_below_one")
    if "cash_floor" in failed:
        out.append("report.blocker.cash_floor")
    if "shortfall" in failed:
        out.append("report.blocker.shortfall")
    return tuple(out)


def decide(scenario: Scenario, metrics: Mapping[str, float], shortfall_probability: float | None = None,
           levers: LeverFinder = find_levers) -> Decision:
    """Apply the scenario's criteria to ``metrics``; ``shortfall_probability`` comes from the risk run.
    ``levers`` works out the levers (the engine's; a test passes its own)."""
    found = checks(scenario, metrics, shortfall_probability)
    if not scenario.paths:
        return Decision("no_path", found)
    if all(c.passed is not False for c in found):
        return Decision("go", found)
    hard = blockers(found, metrics)
    if hard:
        return Decision("no_go", found, blockers=hard)

    def meets(moved: Mapping[str, float]) -> bool:
        return all(c.passed is not False for c in checks(scenario, moved) if c.name in LEVER_CRITERIA | {"cash_floor"})

    failing = {c.name for c in found if c.passed is False}
    tried = levers(scenario, metrics, meets, "break_even_occupancy" in failing)
    if any(lever.closes for lever in tried):
        return Decision("conditional", found, levers=tried)
    return Decision("no_go", found, levers=tried, blockers=("report.blocker.no_lever",))
