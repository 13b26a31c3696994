"""A real headless Chromium against a running `storyline serve`: pages load, evidence is visible.

Chromium comes from Debian (installed by the test setup when missing and we are root); where it
cannot be installed the test is skipped with the reason. Screenshots are kept in test-artifacts/.
"""
from __future__ import annotations

import base64
import os
import shutil
import subprocess

import pytest
from playwright.sync_api import sync_playwright

from storyline import pipeline
from storyline.ingest.readers import record_to_raw
from storyline.store import Store
from tests.conftest import ROOT, serve

ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
pytestmark = pytest.mark.slow


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run("apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium",
                       shell=True, capture_output=True, timeout=900)
        path = shutil.which("chromium")
        if path:
            return path
    pytest.skip("headless Chromium is not installed and could not be installed here (apt-get install chromium)")


@pytest.fixture(scope="module")
def server(example_store):
    proc, base = serve(example_store.url)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


def _launch(p, chromium: str):
    return p.chromium.launch(executable_path=chromium, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"])


def test_pages_in_chromium(server):
    chromium = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = _launch(p, chromium)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, java_script_enabled=False)
        page.goto(server + "/")
        assert page.locator("table tbody tr").count() == 2
        page.screenshot(path=str(ARTIFACTS / "stories.png"), full_page=True)

        page.locator("a", has_text="Skerrow Reef").first.click()
        assert page.locator("h2#conflicts").is_visible()
        sides = page.locator(".finding.conflict .side")
        assert sides.count() >= 2 and "Tuesday" in sides.all_inner_texts()[0] + sides.all_inner_texts()[1]
        page.screenshot(path=str(ARTIFACTS / "dossier.png"), full_page=True)

        # follow the first conflict's evidence link: the article opens with that sentence highlighted
        link = page.locator(".finding.conflict .side a").first
        evidence = link.inner_text().strip()
        link.click()
        mark = page.locator("mark#hl")  # the first piece of the highlight carries the anchor
        assert mark.count() == 1 and mark.is_visible()
        pieces = page.locator("mark.hl").all_inner_texts()  # nested marks split it into pieces
        assert " ".join("".join(pieces).split()) == " ".join(evidence.split())
        box = mark.bounding_box()
        assert box is not None and -2 <= box["y"] < 900, box  # scrolled into view by the #hl anchor
        page.screenshot(path=str(ARTIFACTS / "article.png"))
        browser.close()
    for name in ("stories.png", "dossier.png", "article.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000


PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=\"window.__pwned=2\">"


def test_planted_markup_never_runs(tmp_path):
    """Script and markup planted in title, body, quotes, outlet and a name render as text, with JS on."""
    chromium = _chromium()
    url = f"sqlite:///{tmp_path / 'xss.db'}"
    store = Store(url)
    body = (f"Mayor Ana {PAYLOAD} Kovac said the bridge would reopen on Friday, the council said.\n\n"
            f"\"We will reopen it {PAYLOAD} on time,\" Kovac said. The repairs cost 40 million.\n")
    raw = record_to_raw({"text": body, "title": "Bridge " + PAYLOAD, "outlet": "Post " + PAYLOAD}, "xss.jsonl:1")
    assert pipeline.ingest([raw], store).ok
    sid = store.story_of(raw.id)
    proc, base = serve(url)
    try:
        with sync_playwright() as p:
            browser = _launch(p, chromium)
            page = browser.new_page(java_script_enabled=True)
            entity = next((e["id"] for e in store.list_entities(limit=50) if "Kovac" in e["name"]), None)
            for path in ["/", f"/stories/{sid}", f"/articles/{raw.id}", "/search?q=bridge"] + (
                    [f"/entities/{entity}"] if entity else []):
                page.goto(base + path)
                page.wait_for_load_state("load")
                assert page.evaluate("window.__pwned") is None, path
                assert page.locator("main script, main img").count() == 0, path
            page.goto(base + f"/articles/{raw.id}")
            assert "<script>window.__pwned=1</script>" in page.inner_text("main")  # shown as text
            browser.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_story_page_summary_chart_and_filter(server):
    """The dossier a fact-checker opens: summary on the first screen, charts drawn, a filter in the URL."""
    chromium = _chromium()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = _launch(p, chromium)
        page = browser.new_page(viewport={"width": 1366, "height": 900}, java_script_enabled=False)
        page.goto(server + "/")
        page.locator("a", has_text="Skerrow Reef").first.click()
        story_url = page.url.split("?")[0]
        summary = page.locator("#summary")
        assert summary.is_visible()
        box = summary.bounding_box()
        assert box is not None and box["y"] < 900  # on the first screen
        lede = page.locator("#summary .lede").inner_text()
        assert "Skerrow Reef" in lede and "outlets" in lede
        assert "Northern Wire" in summary.inner_text()  # the outlets with their first publication
        page.screenshot(path=str(ARTIFACTS / "story-summary.png"))

        charts = page.locator("img.chart")
        assert charts.count() >= 2
        for k in range(charts.count()):
            chart = charts.nth(k)
            chart.scroll_into_view_if_needed()
            size = chart.bounding_box()
            assert size is not None and size["width"] > 200 and size["height"] > 80, size  # drawn, not a broken image
            src = chart.get_attribute("src") or ""
            assert src.startswith("data:image/svg+xml;base64,")
            assert b"<path" in base64.b64decode(src.split(",", 1)[1])
        page.locator("#charts").screenshot(path=str(ARTIFACTS / "story-charts.png"))

        agreements = page.locator(".finding.agree").count()
        assert page.locator(".finding.conflict").count() >= 1 and agreements >= 2
        page.goto(story_url + "?kind=agreement&min_outlets=4")  # a filtered view, shared as a URL
        kept = page.locator(".finding.agree")
        assert page.locator(".finding.conflict").count() == 0 and page.locator(".finding.exclusive").count() == 0
        assert 1 <= kept.count() < agreements
        assert all("(4 independent outlets)" in t or "(5 independent outlets)" in t
                   for t in page.locator(".finding.agree .about").all_inner_texts())
        assert page.locator("input[name=kind][value=agreement]").is_checked()  # the form shows the state
        page.screenshot(path=str(ARTIFACTS / "story-filtered.png"), full_page=True)

        # the same filter through the form, without JavaScript: a GET that puts the state in the URL
        page.goto(story_url)
        page.locator("input[name=outlet][value='Harbor Gazette']").check()
        page.locator("form.filter button[type=submit]").click()
        assert "outlet=Harbor+Gazette" in page.url
        outlets = page.locator("#conflicts ~ .finding .side .outlet").all_inner_texts()
        assert outlets and all(any("Harbor Gazette" in o for o in
                                   page.locator(".finding").nth(k).locator(".side .outlet").all_inner_texts())
                               for k in range(page.locator(".finding").count()))
        browser.close()
    for name in ("story-summary.png", "story-charts.png", "story-filtered.png"):
        assert (ARTIFACTS / name).stat().st_size > 10_000
