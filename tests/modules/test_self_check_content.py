"""Every module file carries a self-check and "Try it tomorrow" actions in the shape issue 19 asks.

These read the content files themselves, so a broken file fails here with its name and the rule
it breaks, before seed_site or any page is involved.
"""

import copy
import re
from pathlib import Path

import pytest

from altcms.content.seed import read_content

MODULE_DIR = Path(__file__).resolve().parents[2] / "content" / "modules"
MODULE_FILES = sorted(MODULE_DIR.glob("*/[0-9][0-9]-*.md"))
HEADING_RE = re.compile(r"^## +(.+?)\s*$", re.M)
SEE_RE = re.compile(r"\bSee (?:also )?\*([^*]+)\*")
QUESTION_KEYS = {"question", "section", "answers"}
ANSWER_KEYS = {"text", "correct", "feedback"}


def _filled(value):
    return isinstance(value, str) and bool(value.strip())


def self_check_problems(meta, body):
    """Every way a module's self_check and try_tomorrow break the rules, as readable strings."""
    headings = set(HEADING_RE.findall(body))
    problems = []

    questions = meta.get("self_check")
    if not isinstance(questions, list) or not 3 <= len(questions) <= 5:
        problems.append("self_check must be a list of 3-5 questions")
        questions = questions if isinstance(questions, list) else []
    positions = []
    for q_number, question in enumerate(questions, start=1):
        where = f"question {q_number}"
        if not isinstance(question, dict):
            problems.append(f"{where}: not a mapping")
            continue
        if set(question) != QUESTION_KEYS:
            problems.append(f"{where}: keys must be {sorted(QUESTION_KEYS)}")
        if not _filled(question.get("question")) or not question["question"].strip().endswith("?"):
            problems.append(f"{where}: the scenario must end in a question")
        if question.get("section") not in headings:
            problems.append(f"{where}: section {question.get('section')!r} is no '## ' heading")
        answers = question.get("answers")
        if not isinstance(answers, list) or not 3 <= len(answers) <= 4:
            problems.append(f"{where}: needs 3 or 4 answers")
            answers = answers if isinstance(answers, list) else []
        correct = []
        texts = set()
        for a_number, answer in enumerate(answers, start=1):
            a_where = f"{where}, answer {a_number}"
            if not isinstance(answer, dict):
                problems.append(f"{a_where}: not a mapping")
                continue
            if set(answer) != ANSWER_KEYS:
                problems.append(f"{a_where}: keys must be {sorted(ANSWER_KEYS)}")
            if not isinstance(answer.get("correct"), bool):
                problems.append(f"{a_where}: correct must be true or false")
            elif answer["correct"]:
                correct.append(a_number)
            if not _filled(answer.get("text")):
                problems.append(f"{a_where}: no text")
            elif answer["text"].strip() in texts:
                problems.append(f"{a_where}: same text as another answer")
            else:
                texts.add(answer["text"].strip())
            feedback = answer.get("feedback")
            if not _filled(feedback):
                problems.append(f"{a_where}: no feedback")
                continue
            cited = SEE_RE.findall(feedback)
            if not cited:
                problems.append(f"{a_where}: feedback names no section (See *Heading*.)")
            problems.extend(
                f"{a_where}: feedback points to {name!r}, which is no '## ' heading"
                for name in cited
                if " ".join(name.split()) not in headings
            )
        if len(correct) != 1:
            problems.append(f"{where}: exactly one answer must be correct, found {len(correct)}")
        else:
            positions.extend(correct)
    if len(positions) >= 3 and len(set(positions)) == 1:
        problems.append("the correct answer is in the same position in every question")

    actions = meta.get("try_tomorrow")
    if not isinstance(actions, list) or len(actions) != 3:
        problems.append("try_tomorrow must be a list of exactly 3 actions")
        actions = actions if isinstance(actions, list) else []
    for number, action in enumerate(actions, start=1):
        if not _filled(action):
            problems.append(f"try_tomorrow {number}: empty")
        elif not action[0].isupper() or len(action.split()) > 60:
            problems.append(f"try_tomorrow {number}: one or two sentences, starting with a verb")
    if len({a.strip() for a in actions if _filled(a)}) != len(actions):
        problems.append("try_tomorrow: the same action twice")
    return problems


def test_all_nineteen_module_files_are_checked():
    assert len(MODULE_FILES) == 19


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_module_self_check_and_try_tomorrow_have_the_agreed_shape(path):
    content = read_content(path)
    problems = self_check_problems(content.meta, content.body)
    assert not problems, f"{path.name}:\n" + "\n".join(problems)


def _break(mutate):
    content = read_content(MODULE_FILES[0])
    meta = copy.deepcopy(content.meta)
    mutate(meta)
    return self_check_problems(meta, content.body)


def _first_answer(meta):
    return meta["self_check"][0]["answers"][0]


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda m: m.pop("self_check"), "3-5 questions"),
        (lambda m: m["self_check"].__setitem__(slice(2, None), []), "3-5 questions"),
        (lambda m: m["self_check"].extend(m["self_check"][:3]), "3-5 questions"),
        (lambda m: m["self_check"][0].__setitem__("section", "Not a heading"), "no '## ' heading"),
        (lambda m: m["self_check"][0].__setitem__("question", "A statement."), "end in a question"),
        (lambda m: m["self_check"][0]["answers"].__setitem__(slice(2, None), []), "3 or 4"),
        (lambda m: m["self_check"][0]["answers"].append({}), "3 or 4"),
        (lambda m: _first_answer(m).pop("feedback"), "no feedback"),
        (lambda m: _first_answer(m).__setitem__("feedback", "Why, but no pointer."), "names no"),
        (lambda m: _first_answer(m).__setitem__("feedback", "See *Elsewhere*."), "'Elsewhere'"),
        (lambda m: _first_answer(m).__setitem__("correct", "yes"), "true or false"),
        (lambda m: _first_answer(m).__setitem__("feeback", "typo"), "keys must be"),
        (lambda m: [a.__setitem__("correct", True) for a in m["self_check"][0]["answers"]], "one"),
        (lambda m: [a.__setitem__("correct", False) for a in m["self_check"][0]["answers"]], "one"),
        (
            lambda m: [
                a.__setitem__("correct", n == 0)
                for q in m["self_check"]
                for n, a in enumerate(q["answers"])
            ],
            "same position",
        ),
        (lambda m: m.pop("try_tomorrow"), "exactly 3"),
        (lambda m: m["try_tomorrow"].append("Do one more thing."), "exactly 3"),
        (lambda m: m["try_tomorrow"].__setitem__(0, " "), "empty"),
        (lambda m: m["try_tomorrow"].__setitem__(1, m["try_tomorrow"][0]), "twice"),
    ],
)
def test_the_check_catches_each_broken_rule(mutate, expected):
    problems = _break(mutate)
    assert any(expected in problem for problem in problems), problems
