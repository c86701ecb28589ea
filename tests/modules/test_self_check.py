"""Every module ends its text with a self-check (scenario questions, feedback on every answer)
and three things to try tomorrow; a reader answers without an account and without JavaScript,
and gets back the feedback on what they chose."""

from django.core.exceptions import ValidationError
from django.test import Client

import pytest
from bs4 import BeautifulSoup

from modules.models import ModulePage
from modules.self_check import needed_to_pass


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def right_answers(module):
    return [
        next(i for i, answer in enumerate(block.value["answers"]) if answer["correct"])
        for block in module.self_check
    ]


def answer_query(choices):
    return "?check=1&" + "&".join(
        f"q{number}={choice}"
        for number, choice in enumerate(choices, start=1)
        if choice is not None
    )


@pytest.mark.django_db
def test_every_module_has_a_self_check_and_three_things_to_try_tomorrow():
    modules = list(ModulePage.objects.live())
    assert len(modules) == 19
    for module in modules:
        headings = {heading for _anchor, heading in module.sections}
        questions = [block.value for block in module.self_check]
        assert 3 <= len(questions) <= 5, module.title
        for question in questions:
            assert question["question"].strip() and question["section"] in headings, module.title
            answers = list(question["answers"])
            assert 3 <= len(answers) <= 4
            assert sum(answer["correct"] for answer in answers) == 1
            assert all(answer["feedback"].strip() for answer in answers), module.title
        assert len(module.try_tomorrow) == 3, module.title
        assert all(block.value.strip() for block in module.try_tomorrow)


@pytest.mark.django_db
def test_the_self_check_is_a_plain_form_on_the_module_page(client, module):
    page = soup(client.get(module.url))
    section = page.find(id="self-check")
    form = section.find("form")
    assert form["method"] == "get" and form.find("input", {"name": "check"})
    radios = form.find_all("input", type="radio")
    assert len(radios) == sum(len(block.value["answers"]) for block in module.self_check)
    assert not section.select(".self-check__feedback")  # nothing given away before answering
    toc = [a["href"] for a in page.select(".module-toc a")]
    assert "#self-check" in toc and "#try-tomorrow" in toc
    tomorrow = page.find(id="try-tomorrow").select(".try-tomorrow__list li")
    assert [li.get_text(strip=True) for li in tomorrow] == [b.value for b in module.try_tomorrow]


@pytest.mark.django_db
def test_answers_come_back_with_the_feedback_on_each_choice_and_the_score(client, module):
    right = right_answers(module)
    wrong_first = [(right[0] + 1) % len(module.self_check[0].value["answers"]), *right[1:]]
    page = soup(client.get(module.url + answer_query(wrong_first)))
    section = page.find(id="self-check")
    total = len(right)
    score = section.select_one(".self-check__score").get_text(" ", strip=True)
    assert f"{total - 1} of {total} right" in score
    first = section.find(id="self-check-1")
    chosen = module.self_check[0].value["answers"][wrong_first[0]]
    assert "is-wrong" in first["class"]
    assert (
        chosen["feedback"][:40]
        in first.select_one(".self-check__answer .self-check__feedback").text
    )
    assert "Right answer" in first.select(".self-check__answer")[right[0]].get_text()
    every = first.select_one(".self-check__all").get_text(" ", strip=True)
    assert all(a["feedback"][:40] in every for a in module.self_check[0].value["answers"])
    assert first.select_one(".self-check__reread a")["href"].startswith("#section-")
    assert ("Passed" in score) == (total - 1 >= needed_to_pass(total))

    all_right = soup(client.get(module.url + answer_query(right)))
    assert "Passed" in all_right.select_one(".self-check__score").text


@pytest.mark.django_db
def test_unanswered_questions_are_said_to_be_unanswered(client, module):
    right = right_answers(module)
    page = soup(client.get(module.url + answer_query([right[0]])))
    assert "choose an answer for every question" in page.select_one(".self-check__score").text
    assert "Not answered yet." in page.find(id="self-check-2").get_text()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "value", ["99", "-1", "abc", "²", "1" * 5000, "0\x00", "%ff", "<script>", "1.0", ""]
)
def test_an_answer_that_is_none_of_the_questions_is_taken_as_no_answer(client, module, value):
    response = client.get(module.url, {"check": "1", "q1": value})
    page = soup(response)
    assert "Not answered yet." in page.find(id="self-check-1").get_text()
    assert "<script>" not in response.content.decode().split('id="self-check"', 1)[1][:20000]


@pytest.mark.django_db
def test_shared_results_never_mix_one_readers_answers_with_anothers(
    module, settings, shared_cache_on
):
    settings.PAGE_CACHE_SECONDS = 600
    right = right_answers(module)
    wrong = [(choice + 1) % 3 for choice in right]
    for _ in range(2):  # the second time from the caches
        for choices, show, expected in [
            (right, "", "Passed"),
            (wrong, "", f"0 of {len(right)} right"),
            (wrong, "&show=1", "Right answer"),
        ]:
            page = soup(Client().get(module.url + answer_query(choices) + show))
            text = page.find(id="self-check").text
            assert expected in text
            # The right answers only where the answers passed or were asked for.
            assert ("Right answer" in text) == (choices is right or bool(show))
    plain = soup(Client().get(module.url))
    assert plain.select_one(".self-check__score") is None


def wrong_answers(module):
    return [
        (choice + 1) % len(block.value["answers"])
        for choice, block in zip(right_answers(module), module.self_check, strict=True)
    ]


def right_marks(question):
    return question.select(".self-check__mark--right, .self-check__answer.is-right")


@pytest.mark.django_db
def test_a_failed_attempt_names_the_wrong_questions_but_keeps_their_answers(client, module):
    """Failing once must not hand over the answers: the page says which questions are not
    right yet and which section to reread, and explains only the answers the reader got right."""
    right = right_answers(module)
    choices = [right[0], *wrong_answers(module)[1:]]  # one right, the rest wrong: a fail
    page = soup(client.get(module.url + answer_query(choices)))
    score = page.select_one("#self-check .self-check__score")
    assert not needed_to_pass(len(right)) <= 1
    links = [a["href"] for a in score.select("a[href^='#self-check-']")]
    assert links == [f"#self-check-{n}" for n in range(2, len(right) + 1)]
    first = page.find(id="self-check-1")
    assert right_marks(first) and first.select_one(".self-check__all")
    for number in range(2, len(right) + 1):
        question = page.find(id=f"self-check-{number}")
        assert not right_marks(question), number
        assert question.select_one(".self-check__all") is None
        verdict = question.select_one(".self-check__verdict")
        assert "Not right yet." in verdict.get_text()
        assert verdict.find("a")["href"].startswith("#section-")
        answers = module.self_check[number - 1].value["answers"]
        for answer in answers:  # no explanation but the one of the answer chosen
            shown = answer["feedback"][:40] in question.get_text()
            assert shown == (answer is answers[choices[number - 1]])
    assert "once you pass" in score.get_text()


@pytest.mark.django_db
def test_a_pass_or_asking_shows_every_answer_and_why(client, module):
    right = right_answers(module)
    total = len(right)
    if needed_to_pass(total) < total:  # a pass with one wrong shows that one's right answer
        passing = [wrong_answers(module)[0], *right[1:]]
        question = soup(client.get(module.url + answer_query(passing))).find(id="self-check-1")
        assert right_marks(question) and question.select_one(".self-check__all")
    failing = wrong_answers(module)
    page = soup(client.get(module.url + answer_query(failing)))
    show = page.select_one("#self-check .self-check__score").find("a", string="Show the answers")
    assert show["href"] == answer_query(failing) + "&show=1#self-check"
    page = soup(client.get(module.url + show["href"].split("#")[0]))
    for number in range(1, total + 1):
        question = page.find(id=f"self-check-{number}")
        assert right_marks(question) and question.select_one(".self-check__all"), number
    # Checking again from there keeps them shown (that attempt does not count).
    assert page.select_one("#self-check-form input[name=show]")["value"] == "1"
    assert (
        page.select_one("#self-check .self-check__score").find("a", string="Show the answers")
        is None
    )


@pytest.mark.django_db
def test_editors_cannot_point_a_question_at_a_section_that_does_not_exist(module):
    question = module.self_check[0].value
    question["section"] = "A section nobody wrote"
    with pytest.raises(ValidationError) as error:
        module.full_clean()
    assert "A section nobody wrote" in str(error.value)


@pytest.mark.django_db
def test_editors_must_tick_exactly_one_right_answer(module):
    from wagtail.blocks import StructBlockValidationError

    block = module.self_check.stream_block.child_blocks["question"]
    value = module.self_check[0].value
    for answer in value["answers"]:
        answer["correct"] = True
    with pytest.raises(StructBlockValidationError):
        block.clean(value)
