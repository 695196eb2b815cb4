"""The guideline's STEP 1-3 points as checklist items (ids; texts in locales/ui.toml: ui.check.<step>.<id>).

Source: 厚生労働省「介護サービス事業者の協働化・大規模化ガイドライン」第2章 6. 大規模化の進め方.
"""

from __future__ import annotations

CHECKLISTS: dict[str, tuple[str, ...]] = {
    # STEP 1 大規模化を検討する
    "step1": ("policy", "finances", "demand", "labour", "municipal_plan", "possibility"),
    # STEP 2 具体的な準備を進める
    "step2": ("market_research", "financial_estimate", "partner_analysis", "risks", "subsidies", "stages",
              "decision"),
    # STEP 3 大規模化し PDCA を回す
    "step3": ("staff_sessions", "milestones", "kpi_targets", "regular_review", "improvement"),
}
