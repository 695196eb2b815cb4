"""The guideline's chapter 1 (協働化の進め方) as a light workflow: its three steps, their points, and the
checks the scenario itself can answer.

Source: 厚生労働省「介護現場の働きやすい職場環境づくりに向けた経営の協働化・大規模化の進め方ガイドライン」
(介護保険最新情報 Vol.1466, 2026-01-30) 第1章 6. 協働化の進め方: STEP 1 仲間をつくる, STEP 2 協働化を検討する,
STEP 3 協働し、PDCAを回す. Points are stored in ``workflow.step1..3`` under the ids below (prefix ``collab_``).
"""

from __future__ import annotations

from simulator.scenario import Collaboration, CorpType, Scenario

STEPS: dict[str, tuple[str, ...]] = {
    # STEP 1 仲間をつくる: ① つながりをつくる ② つながりを深める ③ 課題や目標を共有する
    "step1": ("collab_connect", "collab_deepen", "collab_goals"),
    # STEP 2 協働化を検討する: ① 取り組む内容 ② 取り組む体制 ③ 協働の形態
    "step2": ("collab_content", "collab_structure", "collab_form"),
    # STEP 3 協働し、PDCAを回す: 振り返り、他の分野との協働化
    "step3": ("collab_review", "collab_other_fields"),
}


def checks(scenario: Scenario) -> dict[str, bool | None]:
    """What the scenario shows for the guideline's points (None = not applicable: no such path or lever).

    - ``coordinator``: a dedicated coordinator is planned (事例⑥: 専任の事務局職員がいると進めやすい);
    - ``start_small``: joint training is among the levers (STEP 2 ①: 初めてでも取り組みやすい合同の勉強会など);
    - ``welfare_majority``: with a 社会福祉連携推進法人, more than half of the members are 社会福祉法人
      (社会福祉法 の認定基準: 社員の過半数が社会福祉法人);
    - ``review``: a review has been recorded in STEP 3 (PDCA: 協働化の結果を振り返る).
    """
    paths = [p for p in scenario.paths if isinstance(p, Collaboration)]
    if not paths:
        return {"coordinator": None, "start_small": None, "welfare_majority": None, "review": None}
    path = paths[0]
    corp_types = [scenario.organisation.corp_type, *(m.corp_type for m in path.members)]
    welfare = sum(c == CorpType.social_welfare for c in corp_types)
    return {
        "coordinator": path.backoffice.enabled and path.backoffice.coordinator_fte > 0,
        "start_small": path.training.enabled,
        "welfare_majority": (welfare * 2 > len(corp_types)) if path.link_corporation.enabled else None,
        "review": bool(scenario.workflow.reviews),
    }
