"""A real browser (Debian Chromium through Playwright) walks the app as a first-time user would.

The test starts its own server on a free port and stops that process in teardown. Screenshots go
to test-artifacts/ (look at them: Japanese glyphs must render). Under CI=true a missing
/usr/bin/chromium fails the test instead of skipping it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from simulator.i18n import t
from tests.conftest import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "test-artifacts"
WAIT_MS = 60_000


def _need_browser() -> None:
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("CI=true but /usr/bin/chromium is missing (install the Debian chromium package)")
    pytest.skip("no /usr/bin/chromium on this machine (install Debian chromium to run browser tests)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need_browser()
    port = _free_port()
    env = {**os.environ, "KAIGO_SIM_DATA": str(tmp_path_factory.mktemp("library"))}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the streamlit server did not start")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ja-JP", accept_downloads=True)
        pg = context.new_page()
        pg.set_default_timeout(WAIT_MS)
        yield pg
        context.close()
        browser.close()


def _metric(page, label: str) -> str:
    box = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return box.locator('[data-testid="stMetricValue"]').inner_text()


def _settle(page) -> None:
    """Wait until Streamlit has finished the rerun."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=WAIT_MS)


def _shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_walk_steps_change_input_switch_language_download(server, page):
    from playwright.sync_api import expect

    page.goto(server)
    expect(page.get_by_role("heading", name=t("ui.home.title", "ja"))).to_be_visible()
    _settle(page)
    _shot(page, "01_home_ja")

    page.get_by_role("link", name=t("ui.nav.step1", "ja")).first.click()
    expect(page.get_by_role("heading", name=t("ui.nav.step1", "ja"))).to_be_visible()
    page.get_by_role("tab", name=t("ui.step1.tab.diagnosis", "ja")).click()
    expect(page.locator('[data-testid="stMetric"]').filter(has_text=t("ui.step1.total_capacity", "ja"))
           ).to_be_visible()
    _settle(page)
    _shot(page, "02_step1_ja")

    page.get_by_role("link", name=t("ui.nav.step2", "ja")).first.click()
    npv_label = t("ui.metric.npv", "ja")
    expect(page.locator('[data-testid="stMetric"]').filter(has_text=npv_label)).to_be_visible()
    _settle(page)
    before = _metric(page, npv_label)
    box = page.get_by_label(f"{t('ui.field.added_capacity', 'ja')}（{t('ui.unit.places', 'ja')}）")
    added = int(box.input_value())
    box.fill(str(added + 10))
    box.press("Enter")
    expect(page.locator('[data-testid="stMetric"]').filter(has_text=npv_label).locator(
        '[data-testid="stMetricValue"]')).not_to_have_text(before)
    assert _metric(page, npv_label).endswith("万円")
    _settle(page)
    _shot(page, "03_step2_ja")

    page.get_by_role("tab", name=t("ui.step2.tab.decision", "ja")).click()
    with page.expect_download(timeout=WAIT_MS) as info:
        page.get_by_role("button", name=t("ui.report.pdf", "ja")).click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF")
    _shot(page, "04_step2_decision_ja")

    page.get_by_role("tab", name=t("ui.step2.tab.risk", "ja")).click()
    page.get_by_role("button", name=t("ui.risk.run", "ja")).click()
    expect(page.locator('[data-testid="stMetric"]').filter(has_text=t("ui.risk.p_shortfall", "ja"))
           ).to_be_attached()
    _settle(page)
    page.get_by_role("tab", name=t("ui.step2.tab.risk", "ja")).click()
    _shot(page, "04b_step2_risk_ja")

    page.get_by_role("link", name=t("ui.nav.step3", "ja")).first.click()
    expect(page.get_by_role("heading", name=t("ui.nav.step3", "ja"))).to_be_visible()
    _settle(page)
    page.get_by_role("tab", name=t("ui.step3.tab.targets", "ja")).click()
    _shot(page, "05_step3_ja")

    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("heading", name=t("ui.nav.step3", "en"))).to_be_visible()
    _settle(page)
    _shot(page, "06_step3_en")

    with page.expect_download(timeout=WAIT_MS) as info:
        page.get_by_role("button", name=t("ui.side.download_toml", "en")).click()
    saved = tomllib.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert saved["paths"][0]["added_capacity"] == added + 10  # the edit is in the downloaded file

    page.get_by_role("link", name=t("ui.nav.step2", "en")).first.click()
    expect(page.locator('[data-testid="stMetric"]').filter(has_text=t("ui.metric.npv", "en"))).to_be_visible()
    _settle(page)
    _shot(page, "07_step2_en")
