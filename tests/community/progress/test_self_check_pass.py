"""A member's passed self-checks count in their progress: the pass is graded on the server from
the answers sent, stored once, shown on the module (to that member only) and on /community/me/."""

import re

from django.test import Client
from django.urls import reverse

from bs4 import BeautifulSoup

from community.models import SelfCheckPass
from tests.helpers import make_user

RECORD = "/community/progress/self-check/"


def right_answers(module):
    return [
        next(i for i, answer in enumerate(block.value["answers"]) if answer["correct"])
        for block in module.self_check
    ]


def wrong_answers(module):
    return [
        next(i for i, answer in enumerate(block.value["answers"]) if not answer["correct"])
        for block in module.self_check
    ]


def answers(module, choices):
    data = {"module": str(module.pk), "check": "1"}
    data.update({f"q{n}": str(choice) for n, choice in enumerate(choices, start=1)})
    return data


def query(choices):
    return "?check=1&" + "&".join(f"q{n}={c}" for n, c in enumerate(choices, start=1))


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def check_button(page):
    return page.select_one("#self-check .self-check__actions button")


def sent_by_the_check(page, choices):
    """What the browser sends when the reader picks `choices` and presses "Check my answers":
    the form's fields and every field tied to it by `form="self-check-form"`."""
    form = page.select_one("#self-check-form")
    data = {field["name"]: field["value"] for field in form.find_all("input", type="hidden")}
    for field in page.find_all("input", attrs={"form": "self-check-form"}):
        data[field["name"]] = field["value"]
    data.update({f"q{n}": str(choice) for n, choice in enumerate(choices, start=1)})
    return data


def test_a_members_check_records_the_pass_at_once(alt_client, alt, module):
    """One button: the member checks, passes, and lands on the result, which says the pass is
    recorded, above the questions (where #self-check lands), not screens below them."""
    page = soup(alt_client.get(module.url))
    button = check_button(page)
    assert button["form"] == "self-check-form"
    assert button["formmethod"] == "post" and button["formaction"] == RECORD
    right = right_answers(module)
    sent = sent_by_the_check(page, right)
    assert sent.pop("csrfmiddlewaretoken")
    assert sent == answers(module, right)

    response = alt_client.post(RECORD, sent)
    assert response.status_code == 302
    assert response["Location"] == module.url + query(right) + "#self-check"
    recorded = SelfCheckPass.objects.get(user=alt, module=module)
    assert (recorded.score, recorded.total) == (len(right), len(right))

    html = alt_client.get(response["Location"]).content.decode()
    page = BeautifulSoup(html, "html.parser")
    note = page.select_one("#self-check #self-check-record").get_text(" ", strip=True)
    assert "Recorded." in note and "your progress" in note
    assert page.select_one("#self-check-record form") is None
    # Beside the score, before the first question.
    assert html.index('id="self-check-record"') < html.index('id="self-check-1"')
    assert html.index('class="self-check__score"') < html.index('id="self-check-record"')


def test_checking_twice_or_reloading_stores_the_pass_once(alt_client, alt, module):
    data = answers(module, right_answers(module))
    assert alt_client.post(RECORD, data).status_code == 302
    second = alt_client.post(RECORD, data, follow=True)
    assert second.status_code == 200
    assert "Recorded." in soup(second).select_one("#self-check-record").get_text()
    assert SelfCheckPass.objects.filter(user=alt).count() == 1


def test_wrong_answers_store_nothing(alt_client, alt, module):
    wrong = wrong_answers(module)
    response = alt_client.post(RECORD, answers(module, wrong), follow=True)
    assert response.redirect_chain[0][0] == module.url + query(wrong) + "#self-check"
    note = soup(response).select_one("#self-check-record").get_text()
    assert "Nothing recorded yet" in note
    assert not SelfCheckPass.objects.exists()
    # No answers at all, or answers that are not the module's: nothing either.
    assert alt_client.post(RECORD, {"module": module.pk, "check": "1"}).status_code == 302
    half = answers(module, right_answers(module))
    half.pop("q1")
    half.pop("q2")
    alt_client.post(RECORD, half)
    assert alt_client.post(RECORD, {"module": module.pk}).status_code == 400
    for hostile in ("99999999999999999999", "-99999999999999999999", "1e400", "abc"):
        response = alt_client.post(RECORD, {**answers(module, wrong), "module": hostile})
        assert response.status_code == 400
    assert not SelfCheckPass.objects.exists()
    # Nor is a form to record offered for answers that do not pass.
    assert (
        soup(alt_client.get(module.url + query(wrong))).select_one("#self-check-record form")
        is None
    )


def test_a_pass_after_showing_the_answers_is_not_recorded(alt_client, alt, module):
    right = right_answers(module)
    response = alt_client.post(RECORD, {**answers(module, right), "show": "1"}, follow=True)
    assert response.redirect_chain[0][0] == module.url + query(right) + "&show=1#self-check"
    note = soup(response).select_one("#self-check-record").get_text(" ", strip=True)
    assert "Not recorded" in note and "answers were shown" in note
    assert soup(response).select_one("#self-check-record form") is None
    assert not SelfCheckPass.objects.exists()
    # Starting again (no show=1) and passing records it.
    alt_client.post(RECORD, answers(module, right))
    assert SelfCheckPass.objects.filter(user=alt, module=module).exists()


def test_opening_a_passing_address_records_nothing_but_offers_the_button(alt_client, alt, module):
    """A GET never writes: a link with the right answers in it (shared, prefetched, or the page
    a visitor signs in from) records nothing until the member presses the button."""
    right = right_answers(module)
    page = soup(alt_client.get(module.url + query(right)))
    assert not SelfCheckPass.objects.exists()
    form = page.select_one("#self-check-record form")
    assert form["method"] == "post" and form["action"] == RECORD
    sent = {field["name"]: field["value"] for field in form.find_all("input")}
    assert sent.pop("csrfmiddlewaretoken")
    assert sent == answers(module, right)
    alt_client.post(RECORD, sent)
    assert SelfCheckPass.objects.filter(user=alt, module=module).exists()


def test_the_pass_is_for_the_module_it_was_graded_on(alt_client, alt, module, other_module):
    # Answers right for one module are graded against the module named, never trusted.
    data = answers(other_module, right_answers(module))
    assert not other_module.grade_self_check(data).passed  # the premise
    alt_client.post(RECORD, data)
    assert not SelfCheckPass.objects.filter(module=other_module).exists()


def test_recording_needs_the_csrf_token(alt, module):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alt)
    right = right_answers(module)
    response = client.post(RECORD, answers(module, right))
    assert response.status_code == 400  # the site's CSRF failure page (altcms.http.views)
    assert not SelfCheckPass.objects.exists()
    page = soup(client.get(module.url))
    token = sent_by_the_check(page, right)["csrfmiddlewaretoken"]
    response = client.post(RECORD, {**answers(module, right), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert SelfCheckPass.objects.filter(user=alt, module=module).exists()


def test_a_visitor_who_passes_is_asked_to_sign_in(client, module):
    right = right_answers(module)
    page = soup(client.get(module.url + query(right)))
    assert not check_button(page).has_attr("formmethod")  # a visitor's check is the GET
    record = page.select_one("#self-check-record")
    assert record.find("form") is None
    assert "Not recorded" in record.get_text()
    link = record.find("a", string="Sign in")
    assert link["href"].startswith("/accounts/login/?next=")
    assert re.search(r"next=.*check%3D1.*%23self-check", link["href"])
    # A visitor's POST (the form is never shown to them) leads to sign-in, not to an error.
    response = client.post(RECORD, answers(module, right))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")
    assert not SelfCheckPass.objects.exists()


def test_passes_show_and_count_on_the_progress_page(alt_client, alt, module, other_module):
    for passed in (module, other_module):
        alt_client.post(RECORD, answers(passed, right_answers(passed)))
    page = soup(alt_client.get(reverse("community:me")))
    assert "2 of 19 self-checks passed" in page.select_one(".page-header__lede").get_text()
    cards = {card.find("h3").get_text(): card for card in page.select(".progress-card")}
    assert "1 self-check passed" in cards["Contextual"].get_text()
    assert "1 self-check passed" in cards["Training"].get_text()
    assert "0 self-checks passed" in cards["Professional Development"].get_text()
    passed = [
        li.find("a").get_text()
        for li in page.select(".progress-list li")
        if li.select_one(".progress-list__check")
    ]
    assert sorted(passed) == sorted([module.title, other_module.title])


def test_a_members_pass_never_reaches_the_parts_other_readers_share(
    client, alt, module, shared_cache_on
):
    member = Client()
    member.force_login(alt)
    right = right_answers(module)
    member.post(RECORD, answers(module, right))
    assert "Recorded." in soup(member.get(module.url + query(right))).get_text()
    other = Client()
    other.force_login(make_user("aoife"))
    for reader in (client, other):
        page = soup(reader.get(module.url + query(right)))
        assert "Recorded." not in page.get_text()
        # The member's button and token are theirs, never in a part another reader gets.
        assert check_button(page).has_attr("formmethod") == (reader is other)
        assert page.select_one("#self-check .self-check__score") is not None
