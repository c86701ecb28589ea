"""content/dialogues.yaml: the model ALT–JTE and ALT–HRT exchanges have the shape the site shows."""

import copy
import re

import pytest
import yaml

from altcms.content.seed import read_content

PARTNERS = {"JTE", "HRT"}
# The issue places the dialogues in these two modules.
HOMES = {"teachers-working-together", "jtes"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KANA_RE = re.compile(r"[\u3040-\u30ff]")
JAPANESE_RE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def module_slugs(content_dir):
    return {
        read_content(path).meta["slug"]
        for path in content_dir.joinpath("modules").glob("*/[0-9][0-9]-*.md")
    }


def problems(dialogues, modules):
    """Everything wrong with a list of dialogues, as readable messages (empty when all is well)."""
    if not isinstance(dialogues, list):
        return ["the file is not a list of dialogues"]
    found = []
    if len(dialogues) < 12:
        found.append(f"only {len(dialogues)} dialogues; at least 12 are needed")
    seen = set()
    for number, dialogue in enumerate(dialogues, 1):
        if not isinstance(dialogue, dict):
            found.append(f"entry {number} is not a mapping")
            continue
        name = dialogue.get("slug") or f"entry {number}"
        for key in ("slug", "title", "partner", "module", "situation", "lines", "notes"):
            if not dialogue.get(key):
                found.append(f"{name}: no {key}")
        slug = dialogue.get("slug", "")
        if slug and not SLUG_RE.match(str(slug)):
            found.append(f"{name}: slug is not lower-case words joined by hyphens")
        if slug in seen:
            found.append(f"{name}: slug used twice")
        seen.add(slug)
        partner = dialogue.get("partner")
        if partner not in PARTNERS:
            found.append(f"{name}: partner {partner!r} is not JTE or HRT")
        module = dialogue.get("module")
        if module not in modules:
            found.append(f"{name}: module {module!r} does not exist")
        elif module not in HOMES:
            found.append(f"{name}: module {module!r} is not one of {sorted(HOMES)}")
        lines = dialogue.get("lines") or []
        if not 6 <= len(lines) <= 12:
            found.append(f"{name}: {len(lines)} lines; 6 to 12 are needed")
        speakers = set()
        for turn, line in enumerate(lines, 1):
            where = f"{name}, line {turn}"
            if not isinstance(line, dict):
                found.append(f"{where}: not a mapping")
                continue
            speaker = line.get("speaker")
            speakers.add(speaker)
            if speaker not in {"ALT", partner}:
                found.append(f"{where}: speaker {speaker!r} is neither the ALT nor the {partner}")
            en, ja = line.get("en"), line.get("ja")
            if not isinstance(en, str) or not en.strip():
                found.append(f"{where}: no English (en)")
            elif JAPANESE_RE.search(en):
                found.append(f"{where}: the English (en) contains Japanese")
            if not isinstance(ja, str) or not ja.strip():
                found.append(f"{where}: no Japanese (ja)")
            elif not KANA_RE.search(ja):
                found.append(f"{where}: the Japanese (ja) has no kana")
        if lines and not {"ALT", partner} <= speakers:
            found.append(f"{name}: the ALT and the {partner} must both speak")
        notes = dialogue.get("notes") or []
        if not 2 <= len(notes) <= 4 or not all(isinstance(n, str) and n.strip() for n in notes):
            found.append(f"{name}: 2 to 4 teaching notes, each a sentence or more, are needed")
    for partner in sorted(PARTNERS):
        count = sum(1 for d in dialogues if isinstance(d, dict) and d.get("partner") == partner)
        if count < 5:
            found.append(f"only {count} dialogues with a {partner}; at least 5 are needed")
    return found


@pytest.fixture
def dialogues(settings):
    path = settings.SEED_CONTENT_DIR / "dialogues.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture
def modules(settings):
    return module_slugs(settings.SEED_CONTENT_DIR)


def test_the_dialogues_file_has_the_shape_the_site_shows(dialogues, modules):
    assert problems(dialogues, modules) == []


def test_each_partner_meets_the_five_situations_the_issue_names(dialogues):
    # Proposing, agreeing roles, disagreeing, asking for feedback, debriefing: with both partners.
    for partner in ("jte", "hrt"):
        slugs = {d["slug"] for d in dialogues if d["partner"].lower() == partner}
        for situation in ("proposing", "roles", "disagreeing", "feedback", "debriefing"):
            assert any(situation in slug for slug in slugs), (partner, situation)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda ds: ds.__delitem__(slice(11, None)), "at least 12 are needed"),
        (lambda ds: ds[0]["lines"][2].pop("ja"), "line 3: no Japanese (ja)"),
        (lambda ds: ds[0]["lines"][1].update(ja="Sure."), "the Japanese (ja) has no kana"),
        (lambda ds: ds[0]["lines"][0].update(en=""), "line 1: no English (en)"),
        (lambda ds: ds[1].update(module="no-such-module"), "does not exist"),
        (lambda ds: ds[1].update(module="phonics"), "is not one of"),
        (lambda ds: ds[2].update(partner="Principal"), "is not JTE or HRT"),
        (lambda ds: ds[3]["lines"][0].update(speaker="HRT"), "neither the ALT nor the JTE"),
        (lambda ds: ds[3].update(lines=ds[3]["lines"][:4]), "6 to 12 are needed"),
        (lambda ds: ds[4].update(notes=[]), "no notes"),
        (lambda ds: ds[5].update(slug=ds[0]["slug"]), "slug used twice"),
        (
            lambda ds: [d.update(partner="JTE") for d in ds if d["partner"] == "HRT"],
            "only 0 dialogues with a HRT",
        ),
    ],
)
def test_a_broken_file_is_reported(dialogues, modules, breakage, message):
    broken = copy.deepcopy(dialogues)
    breakage(broken)
    assert any(message in problem for problem in problems(broken, modules)), problems(
        broken, modules
    )
