"""Every module has a Japanese handout for the JTE in content/handouts/<slug>.yaml (issue 20).

The files are checked as text, before anything is built from them: each one names a module that
exists, has every field in the counts the handout format sets, is written in Japanese, and is short
enough to print on one A4 page. The checker reports every problem it finds, so the tests below
also break a good handout in each way on purpose and make sure each break is reported.
"""

import copy
import re
from pathlib import Path

from django.conf import settings

import pytest
import yaml

from altcms.content.seed import read_content

FIELDS = ("module", "title", "about", "why_it_matters", "alt_may_propose", "questions", "key_terms")
SENTENCES = {"about": (3, 4), "why_it_matters": (2, 4)}
ITEMS = {"alt_may_propose": (2, 4), "questions": (2, 3), "key_terms": (4, 8)}
TERM_KEYS = {"en", "ja", "note"}
# One A4 page: the Japanese text of a handout, spaces aside, in this range of characters.
LENGTH = (450, 850)

KANA = re.compile(r"[\u3041-\u309f\u30a1-\u30fa\u30fc]")
JAPANESE = r"\u3000-\u303f\u3041-\u309f\u30a1-\u30ff\u4e00-\u9fff\uff01-\uff60"
HAS_JAPANESE = re.compile(f"[{JAPANESE}]")
# A half-width space between two Japanese characters: what a wrapped line in a folded YAML
# scalar (`>-`) leaves behind. Japanese text has no spaces between words.
FOLDED_SPACE = re.compile(f"[{JAPANESE}] +[{JAPANESE}]")
SENTENCE_END = re.compile(r"[。！？]")
# A question ends in か。, か？ or ？, before any closing remark in brackets (…ありますか（…）。).
QUESTION_END = re.compile(r"(か[。？]|？)$")


def content_dir():
    return Path(settings.SEED_CONTENT_DIR)


def module_slugs(content):
    """The slug of every module file, as seed_site reads them."""
    return {
        read_content(path).meta["slug"]
        for path in sorted((content / "modules").glob("*/[0-9][0-9]-*.md"))
    }


def japanese_length(data):
    parts = [data["title"], data["about"], data["why_it_matters"]]
    parts += data["alt_may_propose"] + data["questions"]
    parts += [term["ja"] + term.get("note", "") for term in data["key_terms"]]
    return len(re.sub(r"\s", "", "".join(parts)))


def is_question(text):
    return bool(QUESTION_END.search(re.sub(r"（[^（）]*）。$", "。", text)))


def text_problems(where, value):
    """What is wrong with one piece of Japanese prose."""
    if not isinstance(value, str) or not value.strip():
        return [f"{where}: empty or not text"]
    problems = []
    if not KANA.search(value):
        return [f"{where}: not Japanese (no kana): {value!r}"]
    if FOLDED_SPACE.search(value):
        problems.append(f"{where}: a space between Japanese characters (a folded line?)")
    if "\n" in value:
        problems.append(f"{where}: more than one line")
    return problems


def term_problems(where, term):
    if not isinstance(term, dict):
        return [f"{where}: not an en/ja pair"]
    problems = [f"{where}: unknown key {key!r}" for key in sorted(set(term) - TERM_KEYS)]
    en, ja = term.get("en"), term.get("ja")
    if not isinstance(en, str) or not en.strip():
        problems.append(f"{where}: no en")
    elif HAS_JAPANESE.search(en) or not re.search(r"[A-Za-z]", en):
        problems.append(f"{where}: en is not English: {en!r}")
    if not isinstance(ja, str) or not ja.strip():
        problems.append(f"{where}: no ja")
    elif not HAS_JAPANESE.search(ja):
        problems.append(f"{where}: ja is not Japanese: {ja!r}")
    if "note" in term:
        problems += text_problems(f"{where} note", term["note"])
    return problems


def handout_problems(path, slugs):
    """Every way the handout at path breaks the format; [] when it is good."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        return [f"not valid YAML: {error}"]
    if not isinstance(data, dict):
        return ["not a mapping of fields"]
    problems = [f"missing field {name!r}" for name in FIELDS if name not in data]
    problems += [f"unknown field {name!r}" for name in sorted(set(data) - set(FIELDS))]
    module = data.get("module")
    if module is not None:
        if module not in slugs:
            problems.append(f"module {module!r} names no module file")
        if module != path.stem:
            problems.append(f"module {module!r} differs from the file name {path.stem!r}")
    if "title" in data:
        problems += text_problems("title", data["title"])
    for name, (low, high) in SENTENCES.items():
        if name not in data:
            continue
        found = text_problems(name, data[name])
        if not found:
            count = len(SENTENCE_END.findall(data[name]))
            if not low <= count <= high:
                found.append(f"{name}: {count} sentences, not {low}–{high}")
            if not data[name].endswith("。"):
                found.append(f"{name}: does not end a sentence")
        problems += found
    for name, (low, high) in ITEMS.items():
        items = data.get(name)
        if name not in data:
            continue
        if not isinstance(items, list):
            problems.append(f"{name}: not a list")
            continue
        if not low <= len(items) <= high:
            problems.append(f"{name}: {len(items)} items, not {low}–{high}")
        for number, item in enumerate(items, 1):
            where = f"{name} {number}"
            if name == "key_terms":
                problems += term_problems(where, item)
                continue
            found = text_problems(where, item)
            if not found and name == "questions" and not is_question(item):
                found.append(f"{where}: not a question: {item!r}")
            problems += found
    if isinstance(data.get("key_terms"), list):
        english = [term.get("en") for term in data["key_terms"] if isinstance(term, dict)]
        english = [en for en in english if isinstance(en, str)]
        problems += [
            f"key_terms: {en!r} twice" for en in sorted(set(english)) if english.count(en) > 1
        ]
    try:
        length = japanese_length(data)
    except (KeyError, TypeError, AttributeError):
        length = None  # a field is missing or malformed, reported above
    if length is not None and not LENGTH[0] <= length <= LENGTH[1]:
        low, high = LENGTH
        problems.append(f"{length} Japanese characters, not {low}–{high} (one A4 page)")
    return problems


SLUGS = sorted(module_slugs(content_dir()))


def test_there_are_nineteen_modules_to_hand_out():
    assert len(SLUGS) == 19


@pytest.mark.parametrize("slug", SLUGS)
def test_each_module_has_a_good_handout(slug):
    path = content_dir() / "handouts" / f"{slug}.yaml"
    assert path.is_file(), f"no handout for {slug}: {path}"
    assert handout_problems(path, set(SLUGS)) == []


def test_every_handout_is_for_a_module():
    names = sorted(path.stem for path in (content_dir() / "handouts").glob("*"))
    assert names == SLUGS


# Breaking a good handout: each change below must be reported, with these words.
BREAKS = {
    "no title": (lambda d: d.pop("title"), "missing field 'title'"),
    "no about": (lambda d: d.pop("about"), "missing field 'about'"),
    "no why": (lambda d: d.pop("why_it_matters"), "missing field 'why_it_matters'"),
    "no proposals": (lambda d: d.pop("alt_may_propose"), "missing field 'alt_may_propose'"),
    "no questions": (lambda d: d.pop("questions"), "missing field 'questions'"),
    "no terms": (lambda d: d.pop("key_terms"), "missing field 'key_terms'"),
    "no module": (lambda d: d.pop("module"), "missing field 'module'"),
    "misspelt field": (lambda d: d.update(why_it_matter=d.pop("why_it_matters")), "unknown field"),
    "unknown module": (lambda d: d.update(module="no-such-module"), "names no module file"),
    "other module": (lambda d: d.update(module="phonics"), "differs from the file name"),
    "about unfinished": (lambda d: d.update(about=d["about"][:-1]), "does not end a sentence"),
    "about in English": (
        lambda d: d.update(about="ALTs learn things. They plan. They teach."),
        "about: not Japanese",
    ),
    "folded line": (
        lambda d: d.update(about=d["about"].replace("モジュール", "モジュ ール", 1)),
        "a space between Japanese characters",
    ),
    "title empty": (lambda d: d.update(title=""), "title: empty"),
    "empty proposal": (
        lambda d: d["alt_may_propose"].__setitem__(0, ""),
        "alt_may_propose 1: empty",
    ),
    "a statement, not a question": (
        lambda d: d["questions"].__setitem__(0, "一緒に話し合います。"),
        "questions 1: not a question",
    ),
    "term without en": (lambda d: d["key_terms"][0].pop("en"), "key_terms 1: no en"),
    "term without ja": (lambda d: d["key_terms"][0].pop("ja"), "key_terms 1: no ja"),
    "ja left in English": (
        lambda d: d["key_terms"][0].update(ja="team teaching"),
        "ja is not Japanese",
    ),
    "en written in Japanese": (
        lambda d: d["key_terms"][0].update(en="学習指導要領"),
        "en is not English",
    ),
    "term twice": (
        lambda d: d["key_terms"].__setitem__(1, dict(d["key_terms"][0])),
        "twice",
    ),
    "too long for a page": (
        lambda d: d.update(about=d["about"].replace("。", "、と詳しく説明しています" * 10 + "。")),
        "one A4 page",
    ),
}


def sentences(name, count):
    return lambda d: d.update({name: "これは文です。" * count})


def items(name, count):
    return lambda d: d.update({name: (d[name] * count)[:count]})


# One sentence or item too few and one too many, for every field that has a count.
for name, (low, high) in SENTENCES.items():
    for count in (low - 1, high + 1):
        BREAKS[f"{name}, {count} sentences"] = (sentences(name, count), f"{name}: {count} sent")
for name, (low, high) in ITEMS.items():
    for count in (low - 1, high + 1):
        BREAKS[f"{name}, {count} items"] = (items(name, count), f"{name}: {count} items")

GOOD = "teachers-working-together"


def good_handout():
    path = content_dir() / "handouts" / f"{GOOD}.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", BREAKS)
def test_a_broken_rule_is_reported(name, tmp_path):
    change, expected = BREAKS[name]
    data = copy.deepcopy(good_handout())
    change(data)
    path = tmp_path / f"{GOOD}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    problems = handout_problems(path, set(SLUGS))
    assert any(expected in problem for problem in problems), problems


def test_the_unbroken_copy_passes(tmp_path):
    """The breaks above fail because of the break, not because of the copying."""
    path = tmp_path / f"{GOOD}.yaml"
    path.write_text(
        yaml.safe_dump(good_handout(), allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    assert handout_problems(path, set(SLUGS)) == []


@pytest.mark.parametrize(
    "text, expected",
    [("module: [unclosed\n", "not valid YAML"), ("- just\n- a list\n", "not a mapping")],
)
def test_a_file_that_is_not_a_handout_is_reported(text, expected, tmp_path):
    path = tmp_path / f"{GOOD}.yaml"
    path.write_text(text, encoding="utf-8")
    assert any(expected in problem for problem in handout_problems(path, set(SLUGS)))
