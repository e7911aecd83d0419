"""As-you-type search in headless Chromium, typed through a real input-method composition."""

from __future__ import annotations

import time

import pytest

from tests.conftest import Factory, index_now
from tests.test_browser import browser, chromium, live_server, shot  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.meili, pytest.mark.slow]


def requests_sent(driver) -> list[str]:
    return driver.execute_script("return window.__queries || []")


def test_pinyin_composition_sends_one_request_after_it_ends(live_server, browser):  # noqa: F811
    app, base = live_server
    make = Factory(app)
    make.post(title="数控车工")
    make.post(title="电气工程师")
    index_now(app)
    browser.get(f"{base}/")
    browser.get(f"{base}/jobs")
    browser.execute_script(
        "window.__queries = [];"
        "document.body.addEventListener('htmx:beforeRequest', e => {"
        "  window.__queries.push(new URL(e.detail.requestConfig.path, location).searchParams.get('q') ??"
        "    e.detail.requestConfig.parameters.q); });"
    )
    box = browser.find_element("id", "q")
    box.click()
    for pinyin in ("s", "sh", "shu", "shuk", "shuko", "shukon", "shukong"):  # what an IME shows while typing
        browser.execute_cdp_cmd(
            "Input.imeSetComposition",
            {"text": pinyin, "selectionStart": len(pinyin), "selectionEnd": len(pinyin)},
        )
        time.sleep(0.12)
    time.sleep(0.6)  # longer than the pause that sends a request: none may go out mid-composition
    assert requests_sent(browser) == []
    browser.execute_cdp_cmd("Input.insertText", {"text": "数控"})  # the composition ends with 数控
    deadline = time.monotonic() + 5
    while not requests_sent(browser) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.6)
    assert requests_sent(browser) == ["数控"]
    results = browser.find_element("id", "results").text
    assert results.index("数控车工") < results.index("电气工程师 相近岗位")  # the word match first
    assert "q=%E6%95%B0%E6%8E%A7" in browser.current_url  # the address says what is shown
    shot(browser, "search-composition")
    browser.back()  # one press leaves the search page
    assert browser.current_url.rstrip("/") == base
