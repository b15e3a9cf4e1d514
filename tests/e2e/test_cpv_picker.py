"""The CPV picker in a browser: the script searches every code and completes the last one,
under the site's Content-Security-Policy; without script the typed codes are still checked."""

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.e2e, pytest.mark.urls("tests.e2e.picker_urls")]


def suggestions(page) -> list[str]:
    return page.eval_on_selector_all("#id_cpv_codes-cpv option", "(os) => os.map((o) => o.value)")


@pytest.mark.django_db(transaction=True)
def test_typing_words_fills_the_suggestions_from_the_search_and_keeps_earlier_codes(
    page, live_server
):
    page.goto(f"{live_server.url}/picker/")
    assert len(suggestions(page)) == 317  # divisions and groups, there without script
    field = page.get_by_label("CPV-codes")
    field.fill("45000000-7, glazenwas")
    expect(page.locator("#id_cpv_codes-cpv option")).to_have_count(1)
    assert suggestions(page) == ["45000000-7, 90911000-6"]
    field.fill(suggestions(page)[0])
    page.get_by_role("button", name="Opslaan").click()
    assert page.locator("#saved").inner_text() == "45000000-7 | 90911000-6"


@pytest.mark.django_db(transaction=True)
def test_without_script_a_bad_code_is_named(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/picker/")
    page.get_by_label("CPV-codes").fill("45000000-7, 45000000-8")
    page.get_by_role("button", name="Opslaan").click()
    # Without script the click submits the form: expect waits for the answer page,
    # where reading page.content() at once can catch the browser between pages.
    expect(page.locator("body")).to_contain_text(
        "“45000000-8” heeft een verkeerd controlecijfer: de CPV-code is 45000000-7."
    )
    assert page.locator("#saved").count() == 0
    context.close()
