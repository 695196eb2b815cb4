"""Where a corporation or an acquired business is, and the 地域区分 (級地) that prices it.

The fee per unit (地域区分 単価) and the regional pay level follow from the 級地 of the municipality. A scenario
states both the municipality and ``region_grade``; they must agree with the reference table
(simulator/reference/municipalities.py) on the start date, or the file says on purpose that they do not:

- **Choice (documented):** a contradiction is refused at load with a message naming the municipality, the
  reference data's grade and the scenario's, unless ``region_grade_override = true`` is set next to it. With the
  flag the scenario loads and the app shows a warning badge (STEP 1) that the grade is not the reference one.
  Reasons to override exist (a 経過措置 the table does not mark, a grade the 指定権者 confirmed otherwise,
  a what-if on a future revision), so the model does not refuse them outright, but they are never silent.
- A municipality the table does not know (a typo, an example name, a name two prefectures share) cannot be
  checked: the grade given is used (the app says the name was not found).
- A merger partner, an acquired business or a 協働化 member (``OtherParty``) is priced at its own 級地: its
  ``region_grade``, else its municipality's, else (neither given) the organisation's. The same check applies to it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Protocol

from pydantic_core import PydanticCustomError

if TYPE_CHECKING:
    from simulator.scenario import Scenario
    from simulator.schema_types import OtherParty

OTHER_GRADE = 8  # その他
ORG_GRADE_PATH = "organisation.region_grade"


class Located(Protocol):
    municipality: str
    region_grade_override: bool


def reference_grade(municipality: str, on: dt.date) -> int | None:
    """The 級地 of ``municipality`` in the reference table in force on ``on``; None when it is not found."""
    if not municipality.strip():
        return None
    from simulator.reference import region_grade_of

    return region_grade_of(municipality, on=on)


def _labels(grade: int) -> dict[str, str]:
    return {"ja": "その他" if grade == OTHER_GRADE else f"{grade}級地",
            "en": "other (その他)" if grade == OTHER_GRADE else f"grade {grade} ({grade}級地)"}


def _contradiction(where: Located, grade: int | None, path: str, on: dt.date) -> None:
    if grade is None or where.region_grade_override:
        return
    found = reference_grade(where.municipality, on)
    if found is None or found == grade:
        return
    ref, given = _labels(found), _labels(grade)
    raise PydanticCustomError(
        "region_grade_contradicts_municipality",
        "{path}: {municipality} is {ref_en} in the reference data, the scenario says {given_en}",
        {"path": path, "municipality": where.municipality, "ref_ja": ref["ja"], "ref_en": ref["en"],
         "given_ja": given["ja"], "given_en": given["en"], "reference": found, "given": grade})


def check_grades(scenario: Scenario) -> None:
    """Refuse a 級地 that contradicts the municipality's (organisation, merger partner, business transferred)
    unless its ``region_grade_override`` is set; raises PydanticCustomError naming both grades."""
    on = scenario.assumptions.start_date
    org = scenario.organisation
    _contradiction(org, org.region_grade, ORG_GRADE_PATH, on)
    for i, path in enumerate(scenario.paths):
        for field in ("partner", "business"):
            profile = getattr(path, field, None)
            if profile is not None:
                _contradiction(profile, profile.region_grade, f"paths[{i}].{field}.region_grade", on)
        for j, member in enumerate(getattr(path, "members", [])):
            _contradiction(member, member.region_grade, f"paths[{i}].members[{j}].region_grade", on)


def partner_grade(scenario: Scenario, profile: OtherParty) -> int | None:
    """The 級地 a merger partner, acquired business or 協働化 member is priced at when it differs in source from the
    organisation's: its own ``region_grade``, else its municipality's; None = neither given (the organisation's)."""
    if profile.region_grade is not None:
        return profile.region_grade
    return reference_grade(profile.municipality, scenario.assumptions.start_date)
