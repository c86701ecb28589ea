"""content/glossary.yaml and content/paths.yaml keep the shape the glossary and the learning paths
are built from (issue 19, points 4 and 5): every field present, every module they name a real
module file, and each glossary entry listed only under modules whose text uses the term."""

import re
import shutil
from pathlib import Path

from django.conf import settings

import pytest
import yaml

from altcms.content.seed import read_content

GLOSSARY_FIELDS = ("term", "kana", "romaji", "english", "explanation", "modules")
PATH_FIELDS = ("slug", "title", "introduction", "steps")
# The terms issue 19 names, and the four paths it asks for.
REQUIRED_TERMS = {
    "学習指導要領",
    "訳読",
    "担任",
    "外国語活動",
    "部活動",
    "職員室",
    "教頭",
    "観点別評価",
    "班",
    "日直",
    "授業参観",
}
REQUIRED_PATHS = {
    "Your first month",
    "Elementary school ALT",
    "Junior and senior high ALT",
    "Growing as a professional",
}
KANA_RE = re.compile(r"[\u3040-\u30ffー・ /]+")
ROMAJI_RE = re.compile(r"[A-Za-zāīūēōĀĪŪĒŌ ,/'-]+")
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
WORD_RE = re.compile(r"\w+(?:['’-]\w+)*")
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def module_texts(content_dir):
    """{slug: the module file's text} for every module file."""
    texts = {}
    for path in sorted(Path(content_dir, "modules").glob("*/[0-9][0-9]-*.md")):
        texts[read_content(path).meta["slug"]] = path.read_text(encoding="utf-8")
    return texts


def spellings(entry):
    """The ways a module may write an entry: the term, its kana, its romaji or its English, each
    alternative (split at " / " or "・"), with and without a bracketed part, and the bracketed
    part itself (so "Board of education (BoE)" also gives "BoE")."""
    found = set()
    for field in ("term", "kana", "romaji", "english"):
        for part in re.split(r"\s*/\s*|・", str(entry.get(field) or "")):
            part = part.strip()
            found.update([part, re.sub(r"\s*\([^)]*\)", "", part).strip()])
            found.update(re.findall(r"\(([^)]*)\)", part))
    return {s for s in found if len(s) >= 2}


def spelling_re(spelling):
    if JAPANESE_RE.search(spelling):
        return re.escape(spelling)
    # English and romaji: whole words, case-insensitive, across line breaks, plural or singular.
    words = [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in WORD_RE.findall(spelling)]
    return r"(?<!\w)" + r"\W+".join(re.escape(w) + r"(?:s|es)?" for w in words) + r"(?!\w)"


def uses(text, entry):
    return any(re.search(spelling_re(s), text, re.I) for s in spellings(entry))


def one_line(value):
    return isinstance(value, str) and value.strip() and "\n" not in value.strip()


def glossary_problems(content_dir):
    entries = yaml.safe_load(Path(content_dir, "glossary.yaml").read_text(encoding="utf-8"))
    if not isinstance(entries, list):
        return ["glossary.yaml is not a list of entries"]
    modules = module_texts(content_dir)
    problems = []
    if len(entries) < 60:
        problems.append(f"only {len(entries)} entries; at least 60 are needed")
    terms = [entry.get("term") for entry in entries if isinstance(entry, dict)]
    problems += [f"{t}: listed twice" for t in sorted({t for t in terms if terms.count(t) > 1})]
    problems += [f"{t}: missing" for t in sorted(REQUIRED_TERMS - set(terms))]
    for entry in entries:
        if not isinstance(entry, dict):
            problems.append(f"not an entry: {entry!r}")
            continue
        name = entry.get("term", "?")
        missing = [f for f in GLOSSARY_FIELDS[:5] if not one_line(entry.get(f))]
        problems += [f"{name}: {f} missing, empty or more than one line" for f in missing]
        if not missing:
            if not KANA_RE.fullmatch(entry["kana"]):
                problems.append(f"{name}: kana {entry['kana']!r} is not all kana")
            if not ROMAJI_RE.fullmatch(entry["romaji"]):
                problems.append(f"{name}: romaji {entry['romaji']!r} is not Hepburn letters")
            if len(entry["explanation"]) > 250:
                problems.append(f"{name}: the explanation is longer than one line")
        listed = entry.get("modules")
        if not isinstance(listed, list):
            problems.append(f"{name}: modules is not a list")
            continue
        for slug in listed:
            if slug not in modules:
                problems.append(f"{name}: no module file has the slug {slug!r}")
            elif not uses(modules[slug], entry):
                problems.append(f"{name}: module {slug!r} never uses the term")
        if len(set(listed)) != len(listed):
            problems.append(f"{name}: a module is listed twice")
        see_also = entry.get("see_also") or []
        if not isinstance(see_also, list):
            problems.append(f"{name}: see_also is not a list")
            continue
        for other in see_also:
            if other not in terms or other == name:
                problems.append(f"{name}: see_also names {other!r}, which is no other entry")
    return problems


def paths_problems(content_dir):
    paths = yaml.safe_load(Path(content_dir, "paths.yaml").read_text(encoding="utf-8"))
    if not isinstance(paths, list):
        return ["paths.yaml is not a list of paths"]
    modules = module_texts(content_dir)
    problems = []
    if len(paths) < 4:
        problems.append(f"only {len(paths)} paths; at least 4 are needed")
    titles = {path.get("title") for path in paths if isinstance(path, dict)}
    problems += [f"{t}: missing" for t in sorted(REQUIRED_PATHS - titles)]
    slugs = [path.get("slug") for path in paths if isinstance(path, dict)]
    twice = sorted({s for s in slugs if slugs.count(s) > 1})
    problems += [f"{s}: two paths share the slug" for s in twice]
    for path in paths:
        if not isinstance(path, dict) or any(field not in path for field in PATH_FIELDS):
            problems.append(f"{path!r}: a field is missing")
            continue
        name = path["slug"]
        if not SLUG_RE.fullmatch(str(name)) or not one_line(path["title"]):
            problems.append(f"{name}: the slug or the title is not valid")
        words = len(WORD_RE.findall(str(path["introduction"])))
        if not 60 <= words <= 120:
            problems.append(f"{name}: the introduction has {words} words, not 60–120")
        steps = path["steps"]
        if not isinstance(steps, list) or len(steps) < 3:
            problems.append(f"{name}: fewer than 3 steps")
            continue
        seen = set()
        for step in steps:
            slug = step.get("module") if isinstance(step, dict) else None
            if slug not in modules:
                problems.append(f"{name}: no module file has the slug {slug!r}")
            if slug in seen:
                problems.append(f"{name}: {slug} comes twice")
            seen.add(slug)
            if not isinstance(step, dict) or not one_line(step.get("reason")):
                problems.append(f"{name}: the step {slug!r} has no one-line reason")
    return problems


@pytest.fixture
def content_copy(tmp_path):
    """A private copy of content/ that a test may break."""
    target = tmp_path / "content"
    shutil.copytree(settings.SEED_CONTENT_DIR, target)
    return target


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_glossary_is_complete_and_names_real_modules_that_use_each_term():
    assert glossary_problems(settings.SEED_CONTENT_DIR) == []


def test_the_learning_paths_are_complete_and_name_real_modules():
    assert paths_problems(settings.SEED_CONTENT_DIR) == []


def test_a_broken_glossary_is_caught(content_copy):
    glossary = content_copy / "glossary.yaml"
    edit(glossary, "  kana: たんにん\n", "")
    edit(glossary, "modules: [learners, speaking]", "modules: [learners, speaking, no-such-module]")
    edit(glossary, "  romaji: kyōtō\n", "  romaji: きょうとう\n")
    # A module that never mentions janken is listed under じゃんけん.
    karuta = "\n\n- term: かるた"
    edit(glossary, f"modules: [speaking]{karuta}", f"modules: [speaking, clil]{karuta}")
    problems = glossary_problems(content_copy)
    assert "担任: kana missing, empty or more than one line" in problems
    assert "班: no module file has the slug 'no-such-module'" in problems
    assert "教頭: romaji 'きょうとう' is not Hepburn letters" in problems
    assert "じゃんけん: module 'clil' never uses the term" in problems


def test_a_short_glossary_is_caught(content_copy):
    glossary = content_copy / "glossary.yaml"
    entries = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    kept = [e for e in entries if e["term"] != "日直"][:59]
    kept_terms = {entry["term"] for entry in kept}
    for entry in kept:
        entry["see_also"] = [t for t in entry.get("see_also") or [] if t in kept_terms]
    glossary.write_text(yaml.safe_dump(kept, allow_unicode=True), encoding="utf-8")
    problems = glossary_problems(content_copy)
    assert "only 59 entries; at least 60 are needed" in problems
    assert "日直: missing" in problems


def test_broken_learning_paths_are_caught(content_copy):
    paths = content_copy / "paths.yaml"
    edit(paths, "    - module: phonics\n", "    - module: phonic\n")
    edit(paths, "  title: Growing as a professional\n", "  title: Growing\n")
    edit(paths, "      reason: Spaced retrieval", "      reasons: Spaced retrieval")
    edit(paths, "    For ALTs in their first weeks", "    For new ALTs.\n  notes: >-\n    For ALTs")
    problems = paths_problems(content_copy)
    assert "elementary-school-alt: no module file has the slug 'phonic'" in problems
    assert "Growing as a professional: missing" in problems
    assert "your-first-month: the introduction has 3 words, not 60–120" in problems
    assert "junior-and-senior-high-alt: the step 'vocabulary' has no one-line reason" in problems
    # And a module file that goes away takes its paths' steps with it.
    (content_copy / "modules/training/03-speaking.md").unlink()
    problems = paths_problems(content_copy)
    assert "your-first-month: no module file has the slug 'speaking'" in problems
