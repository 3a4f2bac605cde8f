"""The HTML report in a real (headless) Chromium: no console error, no request beyond file://,
leaderboard order, an inert hostile team name, a working sample filter, and screenshots."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from harness.cli import main
from tests.conftest import require_system
from tests.test_report import EVIL_OUTPUT, EVIL_TEAM, build_competition

pytestmark = pytest.mark.browser

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser_competition")
    build_competition(root)
    for args in (["run", "--no-report", "--quiet"], ["report", "--out", "reports/browser", "--lang", "zh"]):
        result = CliRunner().invoke(main, ["--root", str(root), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return root / "reports" / "browser"


@pytest.fixture(scope="module")
def browser() -> Iterator:
    chromium = require_system("chromium", "browser tests of the HTML report")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page with every console error, page error, non-file request and dialog recorded."""

    def __init__(self, browser, url: str):
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on(
            "request", lambda r: None if r.url.startswith("file://") else self.requests.append(r.url)
        )
        self.page.on("dialog", self._dialog)
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def check_quiet(self) -> None:
        assert self.errors == [] and self.requests == [] and self.dialogs == []

    def shot(self, path: Path) -> None:
        self.page.screenshot(path=str(path), full_page=True)
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000


def test_overview_ranks_in_order_and_the_hostile_name_is_text(report: Path, browser, tmp_path: Path) -> None:
    w = Watched(browser, (report / "index.html").as_uri())
    rows = w.page.locator("#track-demo table.board tr.row")
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.submission)") == ["strong", "mid", "weak"]
    assert rows.evaluate_all("rs => rs.map(r => r.dataset.position)") == ["1", "2", "3"]
    assert w.page.locator("#track-demo tr.row td.team").all_text_contents() == ["强队", "中队", EVIL_TEAM]
    assert w.page.locator("img").count() == 0  # the team name made no element
    assert "<img" in w.page.locator("#track-demo tr.row").nth(2).text_content()
    assert w.page.locator("tr[data-submission='mid'] td.absent").text_content() == "未参赛"
    assert w.page.locator("svg.cibar").count() == 3 + 2  # an interval bar per row: demo, extra
    w.shot(tmp_path / "index.png")
    w.check_quiet()


def test_track_page_shows_heatmap_and_every_task(report: Path, browser, tmp_path: Path) -> None:
    w = Watched(browser, (report / "tracks" / "demo.html").as_uri())
    assert w.page.locator("table.heatmap tbody tr").count() == 3
    assert w.page.locator("table.heatmap td.heat").count() == 9  # 3 submissions x 3 tasks
    tasks = w.page.locator("section.task h3 code").all_text_contents()
    assert tasks == ["routing", "quiz", "brief"]
    w.shot(tmp_path / "track.png")
    w.check_quiet()


def test_sample_filter_hides_other_tasks_and_output_stays_text(report: Path, browser, tmp_path: Path) -> None:
    w = Watched(browser, (report / "submissions" / "weak" / "index.html").as_uri())
    page = w.page
    cards = page.locator("details.sample")
    assert cards.count() == 22  # 9 + 4 + 5 on demo, 4 on extra: all below the default K of 50
    assert page.locator("#filter-count").text_content() == "22"
    page.select_option("#filter-task", "demo/quiz")
    assert page.locator("#filter-count").text_content() == "4"
    assert page.locator("details.sample[data-task='demo/quiz']").first.is_visible()
    for key in ("demo/routing", "demo/brief", "extra/quiz"):
        assert page.locator(f"details.sample[data-task='{key}']").first.is_hidden()
    page.select_option("#filter-task", "demo/routing")
    page.select_option("#filter-status", "unparsed")
    assert page.locator("#filter-count").text_content() == "1"
    evil = page.locator("details.sample[data-sample='006']")  # the worst sample: opened on load
    assert evil.evaluate("node => node.open")
    assert evil.locator(".kv.raw pre").text_content() == EVIL_OUTPUT
    assert evil.locator(".trace li.final .badge").text_content() == "unparsed"
    assert page.locator("script").count() == 2  # the page's own two: no injected script
    page.select_option("#filter-status", "")
    page.select_option("#filter-task", "")
    assert page.locator("#filter-count").text_content() == "22"
    quiz = page.locator("details.sample[data-task='extra/quiz']").first  # closed: its body is built on click
    assert quiz.locator(".variant").count() == 0
    quiz.locator(":scope > summary").click()
    quiz.locator(".variant h5 code").nth(2).wait_for()  # built by the page's script after the click
    assert quiz.locator(".variant h5 code").all_text_contents() == ["rot0", "rot1", "rot2"]
    quiz.locator(".variant details.prompt > summary").first.click()
    assert "A. " in quiz.locator(".variant .msg pre").first.text_content()
    w.shot(tmp_path / "submission.png")
    w.check_quiet()
