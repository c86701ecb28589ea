"""Seed the synonym sets search starts with: the curriculum's (content/synonyms.yaml) and the
glossary's (content/glossary.yaml), once each; editors keep them afterwards (a set an editor
changed or deleted is left as it is)."""

from django.contrib.contenttypes.models import ContentType

import yaml

from altcms.content.search_text import query_terms
from altcms.models import SeedRecord
from search.models import SynonymSet
from search.synonyms import seed_sets

SOURCES = ("synonyms.yaml", "glossary.yaml")


def seed(seeder):
    files = [seeder.path(name) for name in SOURCES]
    if not all(path.exists() for path in files):
        return
    curriculum, glossary = (yaml.safe_load(path.read_text(encoding="utf-8")) for path in files)
    content_type = ContentType.objects.get_for_model(SynonymSet)
    recorded = set(
        SeedRecord.objects.filter(key__startswith="synonyms:").values_list("key", flat=True)
    )
    taken = {
        term for synonym_set in SynonymSet.objects.all() for term in _terms(synonym_set.forms())
    }
    for key, source, forms in seed_sets(curriculum or [], glossary or []):
        record_key = f"synonyms:{key}"[:255]
        if record_key in recorded:
            seeder.counts["unchanged"] += 1
            continue
        forms = [form for form in forms if not _terms([form]) & taken]  # an editor's set has it
        if len(forms) < 2:
            continue
        synonym_set = SynonymSet.objects.create(
            terms="\n".join(forms), source=source, source_key=key.partition(":")[2][:200]
        )
        taken |= _terms(forms)
        SeedRecord.objects.create(
            key=record_key, content_type=content_type, object_id=synonym_set.pk, digest="set"
        )
        seeder.counts["created"] += 1


def _terms(forms):
    return {tuple(query_terms(form)) for form in forms} - {()}
