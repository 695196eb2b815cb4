"""AppTest: every page in both languages, inputs that move the results, invalid input kept out."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from simulator.files import load_scenario
from simulator.format import unit_label
from simulator.i18n import catalogue, t
from tests.conftest import APP, PAGES, ROOT

TIMEOUT = 60


def start(lang: str = "ja", page: str | None = None) -> AppTest:
    """The app as `make run` opens it (capacity example), in ``lang``, on ``page``."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception
    if page:
        at.switch_page(PAGES[page]).run()
    return at


def metric(at: AppTest, label_key: str, lang: str = "ja") -> str:
    label = t(label_key, lang)
    found = [m.value for m in at.metric if m.label == label]
    assert found, f"metric {label!r} not on the page: {[m.label for m in at.metric]}"
    return found[0]


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders(page, lang, library_dir):
    at = start(lang, page)
    assert not at.exception, at.exception
    titles = [x.value for x in at.title]
    expected = t("ui.home.title", lang) if page == "home" else t(f"ui.nav.{page}", lang)
    assert expected in titles
    # the page is in the chosen language: kana in the Japanese title, none in the English one
    has_kana = bool(re.search(r"[\u3040-\u30ff]", titles[0]))
    assert has_kana == (lang == "ja")


def test_opens_with_the_capacity_example():
    at = start()
    example = load_scenario(ROOT / "scenarios" / "capacity_tokuyo_30beds.toml")
    assert at.session_state["scenario"] == example


def test_language_switch_in_the_sidebar():
    at = start("ja")
    at.radio(key="lang").set_value("en").run()
    assert not at.exception
    assert t("ui.home.title", "en") in [x.value for x in at.title]


def test_step1_margin_from_the_accounts_is_after_depreciation():
    """The example states WAM's 30-59-bed unit 特養 (2023) accounts: revenue 251M, costs 225M without
    減価償却費, depreciation 16.3M (6.5 % of revenue) → (251 − 225 − 16.3) / 251 = 3.9 %. Without the
    depreciation the diagnosis would show 10.4 %."""
    from simulator import format as fmt

    at = start("ja", "step1")
    o = at.session_state["scenario"].organisation
    assert (o.services[0].actual_revenue_yen_per_year, o.services[0].actual_costs_yen_per_year,
            o.annual_depreciation_yen) == (251_000_000, 225_000_000, 16_300_000)
    assert metric(at, "ui.step1.margin") == fmt.percent((251 - 225 - 16.3) / 251) == "3.9%"


def test_step1_capacity_changes_total_capacity():
    at = start("ja", "step1")
    before = metric(at, "ui.step1.total_capacity")
    capacity = at.session_state["scenario"].organisation.services[0].capacity
    at.number_input(key="w.organisation.services.0.capacity").set_value(capacity + 20).run()
    assert not at.exception
    after = metric(at, "ui.step1.total_capacity")
    assert before != after
    assert at.session_state["scenario"].organisation.services[0].capacity == capacity + 20


def test_step2_added_places_change_npv():
    at = start("ja", "step2")
    before = metric(at, "ui.metric.npv")
    added = at.session_state["scenario"].paths[0].added_capacity
    at.number_input(key="w.paths.0.added_capacity").set_value(added + 10).run()
    assert not at.exception
    assert at.session_state["scenario"].paths[0].added_capacity == added + 10
    assert metric(at, "ui.metric.npv") != before


def test_money_unit_switch_changes_how_npv_is_written():
    at = start("ja", "step2")
    assert metric(at, "ui.metric.npv").endswith("万円")
    at.radio(key="money_unit").set_value("thousand").run()
    assert metric(at, "ui.metric.npv").endswith("千円")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_invalid_occupancy_shows_message_and_keeps_scenario(lang):
    at = start(lang, "step1")
    old = at.session_state["scenario"]
    at.number_input(key="w.organisation.services.0.occupancy").set_value(150.0).run()
    assert not at.exception
    messages = errors(at)
    assert any(t("ui.field.occupancy", lang) in m and "100" in m for m in messages), messages
    assert at.session_state["scenario"] == old  # the previous valid scenario stays
    # and the app keeps working
    at.number_input(key="w.organisation.services.0.occupancy").set_value(80.0).run()
    assert not at.exception
    assert at.session_state["scenario"].organisation.services[0].occupancy == pytest.approx(0.8)


def test_invalid_path_input_on_step2_shows_message():
    at = start("en", "step2")
    at.number_input(key="w.paths.0.added_capacity").set_value(0).run()
    assert not at.exception
    assert any(t("ui.field.added_capacity", "en") in m for m in errors(at)), errors(at)
    assert at.session_state["scenario"].paths[0].added_capacity >= 1


def test_care_mix_must_add_up():
    at = start("ja", "step1")
    for level in ("care_3", "care_4", "care_5"):
        at.number_input(key=f"w.mix.0.{level}").set_value(10.0)
    at.button[[b.label for b in at.button].index(t("ui.step1.mix_save", "ja"))].click().run()
    assert not at.exception
    assert any("100%" in m for m in errors(at)), errors(at)


def test_criteria_change_the_verdict():
    at = start("ja", "step2")
    banner = [*at.error, *at.warning, *at.success]
    verdicts = {t(f"report.verdict.{v}", "ja") for v in ("go", "conditional", "no_go")}
    assert any(any(v in b.value for v in verdicts) for b in banner)
    at.number_input(key="w.workflow.criteria.min_dscr").set_value(-1.0).run()  # invalid: below 0
    assert any(t("ui.field.min_dscr", "ja") in m for m in errors(at))


def test_checklist_is_saved_in_the_scenario():
    at = start("ja", "step1")
    at.checkbox(key="w.workflow.step1.policy").check().run()
    assert at.session_state["scenario"].workflow.step1["policy"] is True


def test_step3_actuals_give_a_reforecast():
    at = start("ja", "step3")
    s = at.session_state["scenario"]
    data = s.model_dump()
    data["workflow"]["actuals"] = [{"month": 0, "revenue_yen": 1.0e7, "users": 40},
                                   {"month": 1, "revenue_yen": 1.0e7, "users": 40}]
    at.session_state["scenario"] = type(s).model_validate(data)
    at.run()
    assert not at.exception
    assert t("ui.step3.profit_forecast", "ja") in [m.label for m in at.metric]


def test_step3_review_log_is_saved():
    at = start("en", "step3")
    at.text_area(key="review_findings").input("Occupancy slower than planned")
    at.text_area(key="review_actions").input("Visit care managers")
    at.button[[b.label for b in at.button].index(t("ui.step3.review_add", "en"))].click().run()
    assert not at.exception
    reviews = at.session_state["scenario"].workflow.reviews
    assert [r.findings for r in reviews][-1] == "Occupancy slower than planned"


def test_share_link_opens_the_scenario():
    from simulator.share import make_token

    s = load_scenario(ROOT / "scenarios" / "merger_two_welfare_corps.toml")
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["s"] = make_token(s)
    at.run()
    assert not at.exception
    assert at.session_state["scenario"] == s
    for page in ("step1", "step2", "step3", "home"):  # the linked scenario survives switching pages
        at.switch_page(PAGES[page]).run()
        assert not at.exception
        assert at.session_state["scenario"] == s


def test_broken_share_link_is_a_message():
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["s"] = "s1.AAAA.0123456789abcdef"
    at.run()
    assert not at.exception
    assert any(t("ui.share.broken", "ja") in m for m in errors(at))


def test_library_save_and_list(library_dir):
    at = start("ja")
    at.text_input(key="save_name").input("顧客A 案1")
    at.button(key="save_library").click().run()
    assert not at.exception
    at.switch_page(PAGES["library"]).run()
    assert not at.exception
    assert (library_dir / "library.sqlite3").exists()
    assert "顧客A 案1" in at.selectbox(key="library_pick").options


def test_every_ui_key_used_in_the_code_exists():
    used = set()
    for path in [APP, *(ROOT / "simulator" / "ui").glob("*.py")]:
        used |= set(re.findall(r"""["'](ui\.[a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")))
    missing = sorted(k for k in used if k not in catalogue() and not k.endswith("."))
    assert missing == []


@pytest.mark.slow
def test_risk_run_shows_probabilities_and_feeds_the_verdict():
    at = start("ja", "step2")
    at.button(key="run_risk").click().run()
    assert not at.exception
    failed = t("ui.common.engine_failed", "ja", detail="")
    assert not [m for m in errors(at) if m.startswith(failed)], errors(at)
    labels = [m.label for m in at.metric]
    assert t("ui.risk.p_shortfall", "ja") in labels
    assert at.session_state["risk_run"]["run"].shortfall_probability is not None  # the RiskRun the reports take
    # with a risk run the verdict no longer says the base case stands in for it
    assert t("ui.judge.no_risk", "ja") not in [c.value for c in at.caption]
    # the tornado says which inputs it leaves out, and why
    assert any("トルネードに含めていません" in c.value for c in at.caption)
    # the payback row reads like the CLI's: a month, 回収なし, or — for a mean that is not a month
    run = at.session_state["risk_run"]["run"]
    share = f"{run.probabilities['no_payback'] * 100:.1f}%"
    assert any("投資回収月は早い順" in c.value and share in c.value for c in at.caption)
    table = [df.value for df in at.dataframe if t("ui.metric.key.payback_month", "ja") in df.value.index][0]
    cells = set(table.loc[t("ui.metric.key.payback_month", "ja")])
    assert cells <= {"回収なし", "—"} | {c for c in cells if c.endswith("か月目")}, cells


def test_comparison_puts_do_nothing_beside_the_plan():
    from simulator import format as fmt
    from simulator.engine import simulate

    at = start("ja", "step2")
    s = at.session_state["scenario"]
    do_nothing, plan = t("ui.step2.do_nothing", "ja"), t("ui.step2.all_paths", "ja")
    table = [df.value for df in at.dataframe if do_nothing in df.value.columns][0]
    npv = t("ui.metric.npv", "ja")
    assert table.loc[npv, do_nothing] == fmt.DASH  # NPV is measured against do-nothing
    assert table.loc[npv, plan] == fmt.money(simulate(s).metrics["npv_yen"], "man", "ja")
    lowest = t("ui.metric.lowest_cash", "ja")
    alone = simulate(s.without_plan())  # without the plan's loan and subsidy (they had lifted its cash)
    assert s.financing.loans and table.loc[lowest, do_nothing] == fmt.money(alone.metrics["lowest_cash_yen"],
                                                                            "man", "ja")
    dscr = t("ui.metric.dscr", "ja")
    assert table.loc[dscr, do_nothing] == fmt.ratio(alone.metrics["dscr_min"])


def test_transfer_form_takes_an_agreed_price():
    """The valuation offers an agreed price, so the form has the price field; choosing the agreed price
    without one is refused with a message naming the field (the engine had failed with no way to enter it)."""
    from simulator.files import load_scenario as load

    at = start("ja", "step2")
    at.session_state["scenario"] = load(ROOT / "scenarios" / "transfer_buy_home_help.toml")
    at.run()
    assert not at.exception
    at.selectbox(key="w.paths.0.valuation.method").set_value("fixed_price").run()
    assert at.session_state["scenario"].paths[0].valuation.method == "net_assets_plus_earnings"
    assert any("price_yen" in e for e in errors(at)), errors(at)
    assert at.selectbox(key="w.paths.0.valuation.method").value == "net_assets_plus_earnings"  # shown as in force
    at.number_input(key="w.paths.0.valuation.price_yen").set_value(1_200).run()  # 万円
    at.selectbox(key="w.paths.0.valuation.method").set_value("fixed_price").run()
    valuation = at.session_state["scenario"].paths[0].valuation
    assert (valuation.method, valuation.price_yen) == ("fixed_price", 12_000_000)
    failed = t("ui.common.engine_failed", "ja", detail="")
    assert not [e for e in errors(at) if e.startswith(failed)], errors(at)


def _leaf_fields(model, prefix: str = "") -> list[str]:
    """Dotted scalar fields of a path spec and its nested settings (not lists of services)."""
    from pydantic import BaseModel

    from simulator import scenario as sc

    out = []
    for name, field in model.model_fields.items():
        kind = field.annotation
        if name in ("kind", "services", "operation", "members"):
            continue
        if isinstance(kind, type) and issubclass(kind, BaseModel) and kind is not sc.ServiceOperation:
            out += _leaf_fields(kind, f"{prefix}{name}.")
        else:
            out.append(prefix + name)
    return out


@pytest.mark.parametrize("example", ["capacity_tokuyo_30beds", "merger_two_welfare_corps", "transfer_buy_home_help",
                                     "new_service_small_multi", "collaboration_town_group"])
def test_every_setting_of_a_path_has_a_field_in_the_form(example):
    """A setting the scenario file has but the form lacks cannot be changed in the app (the agreed price,
    the hiring lead, the months to designation … were missing)."""
    from simulator.files import load_scenario as load

    at = start("ja", "step2")
    s = load(ROOT / "scenarios" / f"{example}.toml")
    at.session_state["scenario"] = s
    at.run()
    assert not at.exception
    keys = {w.key for kind in (at.number_input, at.selectbox, at.checkbox, at.text_input, at.multiselect)
            for w in kind}
    missing = [f for f in _leaf_fields(type(s.paths[0])) if f"w.paths.0.{f}" not in keys]
    if example == "capacity_tokuyo_30beds":  # places at the same site: the rent field is a new site's only
        assert not s.paths[0].new_site
        missing.remove("rent_yen_per_month")  # shown for a new site: test_the_site_rent_field_is_a_new_sites_only
    services = {"merger_two_welfare_corps": "partner", "transfer_buy_home_help": "business"}
    if example in services:  # the other party's services, as in STEP 1
        skip = ("service", "care_mix", "variant", "actual_revenue_yen_per_year", "actual_costs_yen_per_year", "name",
                *(("visits_per_user_month",) if example == "merger_two_welfare_corps" else
                  ("service_days_per_month", "add_ons", "hotel_yen_per_user_day")))  # home help: visits, no 加算/食費
        op = getattr(s.paths[0], services[example]).services[0]
        missing += [f"{services[example]}.services.0.{f}" for f in type(op).model_fields
                    if f not in skip and f"w.paths.0.{services[example]}.services.0.{f}" not in keys]
    if example == "collaboration_town_group":  # each member and its services, as a merger partner's
        missing += [f"members.0.{f}" for f in type(s.paths[0].members[0]).model_fields
                    if f != "services" and f"w.paths.0.members.0.{f}" not in keys]
        skip = ("service", "care_mix", "variant", "actual_revenue_yen_per_year", "actual_costs_yen_per_year", "name",
                "visits_per_user_month")
        op = s.paths[0].members[0].services[0]
        missing += [f"members.0.services.0.{f}" for f in type(op).model_fields
                    if f not in skip and f"w.paths.0.members.0.services.0.{f}" not in keys]
    if example == "new_service_small_multi":  # the new service's own settings, as in STEP 1
        skip = ("care_mix", "variant", "actual_revenue_yen_per_year", "actual_costs_yen_per_year",
                "occupancy", "name", "visits_per_user_month")  # occupancy: the ramp; no visits in 小多機 fees
        missing += [f"operation.{f}" for f in type(s.paths[0].operation).model_fields
                    if f not in skip and f"w.paths.0.operation.{f}" not in keys]
    # a unit's size is asked only of services staffed by unit (ユニット型特養, GH: reference unit_sizes)
    missing = [f for f in missing if not (f.endswith("places_per_unit") and not _has_units(s.paths[0], f))]
    assert missing == []


def _has_units(path, field: str) -> bool:
    from simulator import fieldpath
    from simulator.reference import unit_sizes

    op = fieldpath.get(path, field.removesuffix(".places_per_unit")) if "." in field else path.operation
    return unit_sizes(op.service.value, op.variant) is not None


def test_every_setting_of_a_service_and_of_the_assumptions_has_a_field():
    """STEP 1 shows each field of the organisation and of a running service (room type, 処遇改善 tier,
    加算, rent …), STEP 2 each assumption: before, the tier, the room type, the add-ons, the future fee
    revisions and more could only be set in the file."""
    from simulator import scenario as sc

    at = start("ja", "step1")
    keys = {w.key for kind in (at.number_input, at.selectbox, at.checkbox, at.text_input, at.text_area,
                               at.multiselect) for w in kind}
    # visits per user apply to visit-billed services (the example is a 特養, billed by day)
    service = {f for f in sc.ServiceOperation.model_fields
               if f not in ("service", "care_mix", "variant", "visits_per_user_month")}
    missing = [f for f in service if f"w.organisation.services.0.{f}" not in keys]
    missing += [f for f in sc.Organisation.model_fields
                if f not in ("services",) and f"w.organisation.{f}" not in keys]
    assert "w.organisation.services.0.variant.room_type" in keys
    at.switch_page(PAGES["step2"]).run()
    keys = {w.key for kind in (at.number_input, at.selectbox, at.checkbox, at.text_input) for w in kind}
    missing += [f for f in sc.Assumptions.model_fields
                if f not in ("start_date", "fee_revisions") and f"w.assumptions.{f}" not in keys]  # a table
    assert missing == [], missing


def test_room_type_and_tier_are_chosen_in_step1():
    """A 従来型 特養 bills the 従来型 units and 居住費; the tier moves the 処遇改善 rate."""
    at = start("ja", "step1")
    before = at.session_state["scenario"].organisation.services[0]
    assert before.variant == {"room_type": "unit"}
    at.selectbox(key="w.organisation.services.0.variant.room_type").set_value("conventional").run()
    at.selectbox(key="w.organisation.services.0.wage_improvement_tier").set_value("II").run()
    at.multiselect(key="w.organisation.services.0.add_ons").set_value(["typical"]).run()
    assert not at.exception
    after = at.session_state["scenario"].organisation.services[0]
    assert (after.variant, after.wage_improvement_tier, after.add_ons) == ({"room_type": "conventional"}, "II",
                                                                            ["typical"])
    # the 食費・居住費 default shown is the 従来型 one (基準費用額 2,360円), as the engine reads it
    assert any("2,360円" in c.value for c in at.caption)


def test_fee_revision_table_rows_become_revisions():
    """The table edits (a date and a change in %) become the scenario's revisions; a row still being
    typed (one cell empty) waits; the STEP 2 page shows the example's revisions in the table."""
    import datetime as dt

    import pandas as pd

    from simulator.ui.path_forms import revision_rows

    edited = pd.DataFrame({"date": [dt.date(2027, 4, 1), dt.date(2030, 4, 1), None],
                           "change": [-2.0, 1.5, 3.0]})
    assert revision_rows(edited) == [{"date": dt.date(2027, 4, 1), "change": -0.02},
                                     {"date": dt.date(2030, 4, 1), "change": 0.015}]
    at = start("ja", "step2")
    shown = [df.value for df in at.dataframe if t("ui.step2.revision_change", "ja") in list(df.value.columns)
             or "change" in list(df.value.columns)]
    example = at.session_state["scenario"].assumptions.fee_revisions
    assert shown and list(shown[0]["change"]) == pytest.approx([r.change * 100 for r in example])


def test_a_new_service_can_become_another_service():
    """Switching the new service from 小多機 to 特養 drops the old service's variant and 加算 (they would
    be unknown to the new one and the change refused) and keeps the typical set."""
    from simulator.files import load_scenario as load

    at = start("ja", "step2")
    s = load(ROOT / "scenarios" / "new_service_small_multi.toml")
    data = s.model_dump()
    data["paths"][0]["operation"]["variant"] = {"residence": "same_building"}
    at.session_state["scenario"] = type(s).model_validate(data)
    at.run()
    at.selectbox(key="w.paths.0.operation.service").set_value("tokuyo").run()
    assert not at.exception
    assert not [e for e in errors(at) if "区分" in e or "加算「" in e], errors(at)
    op = at.session_state["scenario"].paths[0].operation
    assert (op.service.value, op.variant) == ("tokuyo", {})
    assert set(op.add_ons) <= {"typical"}
    assert at.selectbox(key="w.paths.0.operation.variant.room_type").value == "unit"  # the 特養 default


def test_adding_a_second_capacity_increase_of_a_service_makes_it_a_new_site():
    """The example already grows its 特養 at its site: another capacity increase of it is added as a new
    site (a second one at the same site is refused by the schema, and the add form has no site choice)."""
    at = start("ja", "step2")
    assert len(at.session_state["scenario"].paths) == 1
    at.selectbox(key="new_path_kind").set_value("capacity_increase").run()  # 協働化 is listed first
    at.button(key="add_path").click().run()
    assert not at.exception
    paths = at.session_state["scenario"].paths
    assert len(paths) == 2 and paths[1].service_index == paths[0].service_index == 0
    assert (paths[0].new_site, paths[1].new_site) == (False, True)


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_site_rent_field_is_a_new_sites_only(lang):
    """A capacity increase at the same site keeps the service's rent (no field); 新しい事業所 shows the new site's
    rent (money in the sidebar's unit, 万円 by default), with the survey's average rent it replaces. Leaving the new
    site with a rent entered is refused with the reason, naming the rent: the rent typed is kept, never dropped."""
    at = start(lang, "step2")
    key = "w.paths.0.rent_yen_per_month"
    assert not at.session_state["scenario"].paths[0].new_site  # the example grows its 特養 at its site
    assert key not in {w.key for w in at.number_input}
    at.checkbox(key="w.paths.0.new_site").check().run()
    assert not at.exception and at.session_state["scenario"].paths[0].new_site
    field = at.number_input(key=key)
    assert field.label.startswith(t("ui.step2.site_rent", lang)) and unit_label("man", lang) in field.label
    assert field.value == 0
    # 特養: other_costs.rent.tokuyo = 0 (WAM borrowers own their homes), so the note says an entered rent adds
    assert any(c.value.startswith(t("ui.step1.survey_rent_none", lang, source="")) for c in at.caption)
    field.set_value(25).run()  # 25 万円 = 250,000 円 a month
    assert not at.exception
    assert at.session_state["scenario"].paths[0].rent_yen_per_month == 250_000
    at.checkbox(key="w.paths.0.new_site").uncheck().run()  # the same site again, with the rent still entered
    assert not at.exception
    path = at.session_state["scenario"].paths[0]
    assert (path.new_site, path.rent_yen_per_month) == (True, 250_000)  # refused: nothing changed
    assert at.checkbox(key="w.paths.0.new_site").value  # the box shows the choice in force
    refused = [e for e in errors(at) if "rent_yen_per_month" in e]
    assert refused and t("ui.field.rent_yen_per_month", lang) in refused[0], errors(at)
    if lang == "en":
        assert not re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", refused[0]), refused[0]
    at.number_input(key=key).set_value(0).run()
    at.checkbox(key="w.paths.0.new_site").uncheck().run()
    assert not at.exception and not at.session_state["scenario"].paths[0].new_site
    assert key not in {w.key for w in at.number_input}


def test_removing_a_path_takes_its_uncertain_inputs_along():
    """An uncertain input of a removed path would name nothing (and the schema refuses that): it goes,
    and the inputs of later paths follow their path's new number."""
    from simulator.ui import state

    at = start("ja", "step2")
    data = at.session_state["scenario"].model_dump()
    data["paths"].append({**data["paths"][0], "new_site": True, "label": "second"})
    data["uncertainty"]["inputs"] = [
        {"target": "paths.0.ramp.ceiling", "kind": "uniform", "low": 0.8, "high": 0.9},
        {"target": "paths.1.ramp.ceiling", "kind": "uniform", "low": 0.7, "high": 0.9},
        {"target": "market.hiring_delay_months", "kind": "uniform", "low": 1, "high": 5}]
    data["uncertainty"]["correlations"] = [("paths.1.ramp.ceiling", "market.hiring_delay_months", -0.3),
                                           ("paths.0.ramp.ceiling", "market.hiring_delay_months", -0.2)]
    left = type(at.session_state["scenario"]).model_validate(state.without_item(data, "paths", 0))
    assert [p.label for p in left.paths] == ["second"]
    assert [d.target for d in left.uncertainty.inputs] == ["paths.0.ramp.ceiling", "market.hiring_delay_months"]
    assert [d.low for d in left.uncertainty.inputs] == [0.7, 1]
    assert left.uncertainty.correlations == [("paths.0.ramp.ceiling", "market.hiring_delay_months", -0.3)]


def test_the_other_partys_services_are_added_and_removed_in_the_form():
    from simulator.files import load_scenario as load

    at = start("ja", "step2")
    at.session_state["scenario"] = load(ROOT / "scenarios" / "merger_two_welfare_corps.toml")
    at.run()
    before = len(at.session_state["scenario"].paths[0].partner.services)
    at.selectbox(key="w.paths.0.partner.new_service.kind").set_value("group_home").run()
    at.button(key="w.paths.0.partner.new_service.add").click().run()
    assert not at.exception
    services = at.session_state["scenario"].paths[0].partner.services
    assert len(services) == before + 1 and services[-1].service.value == "group_home"
    at.button(key=f"w.paths.0.partner.services.{before}.remove").click().run()
    assert not at.exception and len(at.session_state["scenario"].paths[0].partner.services) == before


def test_stress_case_sizes_are_edited_as_the_scenarios_own_cases():
    """A default case sized differently is saved under its name, labelled as edited, and replaces the
    default in the stress run; set back to the default size it is dropped again."""
    from simulator.risk.stress import cases_for, default_cases, stress
    from simulator.ui.stress_editor import own_cases, size, with_sizes

    at = start("ja", "step2")
    s = at.session_state["scenario"]
    cases = cases_for(s)
    sizes = [size(e) for c in cases for e in c.edits]
    fee = next(k for k, e in enumerate(e for c in cases for e in c.edits) if e.op == "append")
    assert sizes[fee] == -0.02
    sizes[fee] = -0.04
    ours = own_cases(with_sizes(cases, sizes), cases)
    assert [c.name for c in ours] == ["fee_revision_minus_2"]
    assert ours[0].label_ja.endswith("（編集済み）") and ours[0].edits[0].item["change"] == -0.04
    edited = s.model_copy(update={"uncertainty": s.uncertainty.model_copy(update={"stress_cases": ours})})
    table = stress(edited)
    assert table.attrs["labels"]["fee_revision_minus_2"].endswith("（編集済み）")
    assert table.at["npv_yen", "fee_revision_minus_2"] < stress(s).at["npv_yen", "fee_revision_minus_2"]
    back = own_cases(with_sizes(cases_for(edited), [size(e) for c in default_cases() for e in c.edits]),
                     cases_for(edited))
    assert back == []
    assert any("ストレスケースの大きさ" in e.label for e in at.expander)


def test_uncertain_ranges_are_edited_as_the_users_inputs():
    """A changed default range becomes the user's input for that field (replacing the default in the
    Monte Carlo), keeps its kind, and an unchanged row adds nothing."""
    from simulator.risk.defaults import uncertain_inputs
    from simulator.risk.tornado import tornado
    from simulator.ui.range_editor import USER_SOURCE, edited_inputs

    at = start("ja", "step2")
    s = at.session_state["scenario"]
    inputs, _ = uncertain_inputs(s)
    shown = [d for d in inputs if d.kind in ("triangular", "pert", "uniform")]
    rows = [{"low": d.low, "mode": d.mode, "high": d.high} for d in shown]
    assert edited_inputs(shown, s.uncertainty.inputs, rows) == list(s.uncertainty.inputs)
    k = [d.target for d in shown].index("paths.0.ramp.ceiling")
    rows[k] = {"low": 0.5, "mode": 0.9, "high": 0.95}
    ours = edited_inputs(shown, s.uncertainty.inputs, rows)
    assert [(d.target, d.kind, d.low, d.mode, d.high, d.source) for d in ours] == [
        ("paths.0.ramp.ceiling", "triangular", 0.5, 0.9, 0.95, USER_SOURCE)]
    wider = s.model_copy(update={"uncertainty": s.uncertainty.model_copy(update={"inputs": ours})})
    row = tornado(wider).set_index("target").loc["paths.0.ramp.ceiling"]
    assert row["low_value"] == pytest.approx(0.5 + (0.1 * 0.45 * 0.4) ** 0.5)  # P10 of the user's triangle (default: ≈ 0.80)
    assert any("不確実な入力の幅" in e.label for e in at.expander)
