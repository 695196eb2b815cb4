"""A municipality whose 級地 in the reference data contradicts ``region_grade`` is refused at load, naming both
grades in Japanese and English, unless ``region_grade_override = true`` says it is on purpose (simulator/location.py).

Reference (simulator/reference/municipalities.toml, 令和6〜8年度): 東京都世田谷区 = 1級地 (東京都特別区), 北海道夕張市 = その他,
船橋市 = 4級地.
"""

from __future__ import annotations

import pytest

from simulator import reference
from simulator.errors import ScenarioError
from simulator.files import loads

SETAGAYA_7 = '[organisation]\nmunicipality = "世田谷区"\nregion_grade = 7\n'


def problems(text: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        loads(text, "toml", "test.toml")
    return info.value


def test_the_reference_grades_the_test_relies_on():
    assert reference.region_grade_of("世田谷区") == 1
    assert reference.region_grade_of("北海道夕張市") == 8
    assert reference.region_grade_of("船橋市") == 4


def test_setagaya_at_grade_7_is_refused_naming_both_grades_in_both_languages():
    (p,) = problems(SETAGAYA_7).problems
    assert (p.path, p.code) == ("organisation.region_grade", "region_grade_contradicts_municipality")
    ja, en = problems(SETAGAYA_7).lines("ja")[0], problems(SETAGAYA_7).lines("en")[0]
    assert "世田谷区" in ja and "1級地" in ja and "7級地" in ja and "region_grade_override" in ja
    assert ja.startswith("organisation.region_grade（地域区分（級地））")
    assert "世田谷区" in en and "grade 1" in en and "grade 7" in en and "region_grade_override = true" in en


def test_the_override_flag_accepts_the_contradiction_and_agreeing_grades_need_none():
    s = loads(SETAGAYA_7 + "region_grade_override = true\n")
    assert (s.organisation.region_grade, s.organisation.region_grade_override) == (7, True)
    assert loads('[organisation]\nmunicipality = "世田谷区"\nregion_grade = 1\n').organisation.region_grade == 1
    # a name the table does not know cannot be checked: the grade given stands
    assert loads('[organisation]\nmunicipality = "（例）7級地の市"\nregion_grade = 7\n').organisation.region_grade == 7


def test_no_table_in_force_means_no_check():
    # the 令和6〜8年度 table ends 2027-03-31: a scenario starting later is not checked against it
    text = SETAGAYA_7 + "[assumptions]\nstart_date = 2027-04-01\n"
    assert loads(text).organisation.region_grade == 7


@pytest.mark.parametrize("kind,field", [("merger", "partner"), ("business_transfer", "business")])
def test_a_partner_or_business_in_another_municipality_is_checked_the_same_way(kind, field):
    text = f'[[paths]]\nkind = "{kind}"\n[paths.{field}]\nmunicipality = "北海道夕張市"\nregion_grade = 1\n'
    (p,) = problems(text).problems
    assert (p.path, p.code) == (f"paths[0].{field}.region_grade", "region_grade_contradicts_municipality")
    assert "夕張市" in p.ja and "その他" in p.ja and "1級地" in p.ja
    assert "other (その他)" in p.en and "grade 1" in p.en
    assert loads(text + "region_grade_override = true\n").paths[0].model_dump()[field]["region_grade"] == 1
    # without its own region_grade it takes its municipality's: nothing to contradict
    assert loads(text.replace("region_grade = 1\n", "")).paths[0].model_dump()[field]["region_grade"] is None


def test_a_collaboration_member_in_another_municipality_is_checked_the_same_way():
    member = '[[paths.members]]\nname = "B"\nmunicipality = "北海道夕張市"\nregion_grade = 1\n'
    text = '[[paths]]\nkind = "collaboration"\n' + member
    (p,) = problems(text).problems
    assert (p.path, p.code) == ("paths[0].members[0].region_grade", "region_grade_contradicts_municipality")
    assert "夕張市" in p.ja and "その他" in p.ja and "1級地" in p.ja and "grade 1" in p.en
    assert loads(text + "region_grade_override = true\n").paths[0].members[0].region_grade == 1
