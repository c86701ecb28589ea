"""A module's self-check: scenario questions, each with several answers and feedback on every
one. A reader answers with a plain form (no account, no JavaScript needed): the module page
comes back with the feedback on each answer they chose and their score.

The answers travel in the address (`?check=1&q1=2&q2=0#self-check`), so a result is a page like
any other: the same for everyone who gives the same answers, and kept in the shared cache like
the rest of the module (`signature` is the part of the cache key it adds).

Until the reader passes, the page says which questions are not right yet and the section each
draws on, but not which answer is right: a reader who gets one wrong tries again without being
handed the answer. A pass shows every answer with its explanation; so does asking for them
(`show=1`), and an attempt whose answers were shown is not recorded as a pass.
"""

import math
from dataclasses import dataclass, field

PASS_SHARE = 0.75  # the share of questions to get right to pass (3 of 3, 3 of 4, 4 of 5)


@dataclass
class Answered:
    number: int  # 1-based, as the form and the page show it
    question: object  # the question block's value
    chosen: int | None  # the chosen answer's index, or None
    right: int  # the right answer's index

    @property
    def correct(self):
        return self.chosen == self.right

    @property
    def chosen_answer(self):
        return None if self.chosen is None else self.question["answers"][self.chosen]


@dataclass
class Result:
    items: list = field(default_factory=list)
    shown: bool = False  # the reader asked to see the answers in this attempt

    @property
    def revealed(self):
        """Every right answer and every explanation are shown."""
        return self.shown or self.passed

    @property
    def counts(self):
        """A pass that may be recorded: one earned without the answers shown."""
        return self.passed and not self.shown

    @property
    def not_right(self):
        """The questions answered wrongly or not at all."""
        return [item for item in self.items if not item.correct]

    @property
    def total(self):
        return len(self.items)

    @property
    def score(self):
        return sum(item.correct for item in self.items)

    @property
    def complete(self):
        return all(item.chosen is not None for item in self.items)

    @property
    def needed(self):
        return needed_to_pass(self.total)

    @property
    def passed(self):
        return self.complete and self.score >= self.needed

    @property
    def signature(self):
        """The answers given, as a short key part ("2.0.-.1", "2.0.-.1.shown")."""
        given = ["-" if item.chosen is None else str(item.chosen) for item in self.items]
        return ".".join(given + (["shown"] if self.shown else []))

    @property
    def shown_query(self):
        """The address's query for these answers with the answers shown."""
        given = [f"q{item.number}={item.chosen}" for item in self.items if item.chosen is not None]
        return "&".join(["check=1", *given, "show=1"])

    def for_number(self, number):
        return self.items[number - 1] if 0 < number <= len(self.items) else None


def needed_to_pass(total):
    return math.ceil(PASS_SHARE * total)


def grade(questions, data):
    """The Result of the answers in `data` (a QueryDict: q1, q2, … each an answer's index) to
    `questions` (the self-check's question values); None when `data` is not an answer
    (no `check`). An answer that is not one of a question's is taken as no answer; `show=1`
    asks for the answers."""
    if "check" not in data:
        return None
    items = []
    for number, question in enumerate(questions, start=1):
        answers = list(question["answers"])
        raw = data.get(f"q{number}", "")
        valid = len(raw) <= 2 and raw.isascii() and raw.isdigit()
        chosen = int(raw) if valid and int(raw) < len(answers) else None
        right = next((i for i, answer in enumerate(answers) if answer["correct"]), -1)
        items.append(Answered(number=number, question=question, chosen=chosen, right=right))
    return Result(items, shown=data.get("show") == "1")
