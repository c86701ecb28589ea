"""seed_site is idempotent, updates what nobody has touched, and never overwrites an editor."""

import io
import shutil

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from wagtail.models import Page, Revision

import pytest

from modules.models import ModulePage, Reading

PHONICS = "modules/training/07-phonics.md"


def seed(settings, content_dir=None, *args):
    if content_dir is not None:
        settings.SEED_CONTENT_DIR = content_dir
    out = io.StringIO()
    call_command("seed_site", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def content_copy(tmp_path, settings):
    """A private copy of content/ that a test may edit."""
    target = tmp_path / "content"
    shutil.copytree(settings.SEED_CONTENT_DIR, target)
    return target


def edit_file(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.django_db
def test_a_second_run_changes_nothing(settings):
    pages = Page.objects.count()
    revisions = Revision.objects.count()
    readings = Reading.objects.count()
    output = seed(settings)
    assert "0 created, 0 updated" in output
    assert (Page.objects.count(), Revision.objects.count(), Reading.objects.count()) == (
        pages,
        revisions,
        readings,
    )


@pytest.mark.django_db
def test_a_changed_file_updates_a_page_nobody_has_touched(settings, content_copy):
    edit_file(content_copy / PHONICS, "title: Phonics", "title: Phonics and Letters")
    output = seed(settings, content_copy)
    assert "0 created, 1 updated" in output
    module = ModulePage.objects.get(slug="phonics")
    assert module.title == "Phonics and Letters"
    assert module.live and not module.has_unpublished_changes
    # Reflection tasks keep their ids (comments will point at them) when a page is rebuilt.
    assert "0 created, 0 updated" in seed(settings, content_copy)


@pytest.mark.django_db
def test_an_editors_revision_is_never_overwritten(settings, content_copy):
    editor = get_user_model().objects.create_user("ed", password="x")
    editor.groups.add(Group.objects.get(name="Editors"))
    module = ModulePage.objects.get(slug="phonics")
    task_ids = list(module.reflection_tasks.values_list("id", flat=True))
    module.summary = "Rewritten by an editor."
    module.save_revision(user=editor).publish(user=editor)

    edit_file(content_copy / PHONICS, "title: Phonics", "title: Phonics from the file")
    output = seed(settings, content_copy)

    module = ModulePage.objects.get(slug="phonics")
    assert module.summary == "Rewritten by an editor."
    assert module.title == "Phonics"
    assert list(module.reflection_tasks.values_list("id", flat=True)) == task_ids
    assert "modules:module:phonics: revised by an editor, their version kept" in output


@pytest.mark.django_db
def test_an_unpublished_draft_by_an_editor_is_kept_too(settings, content_copy):
    editor = get_user_model().objects.create_user("ed", password="x")
    module = ModulePage.objects.get(slug="listening")
    module.summary = "A draft in progress."
    module.save_revision(user=editor)  # saved, not published
    edit_file(content_copy / "modules/training/02-listening.md", "title: Listening", "title: L")
    seed(settings, content_copy)
    module = ModulePage.objects.get(slug="listening")
    assert module.title == "Listening"
    assert module.get_latest_revision_as_object().summary == "A draft in progress."


@pytest.mark.django_db
def test_a_page_an_editor_deleted_is_not_brought_back(settings):
    ModulePage.objects.get(slug="clil").delete()
    output = seed(settings)
    assert not ModulePage.objects.filter(slug="clil").exists()
    assert "modules:module:clil: deleted by an editor, not recreated" in output


@pytest.mark.django_db
def test_a_bad_content_file_stops_the_run_with_a_clear_message(settings, content_copy):
    (content_copy / PHONICS).write_text("no front matter here\n", encoding="utf-8")
    with pytest.raises(CommandError, match="07-phonics.md: no YAML front matter"):
        seed(settings, content_copy)
    edit = content_copy / "modules/training/06-vocabulary.md"
    text = edit.read_text(encoding="utf-8")
    (content_copy / PHONICS).unlink()
    edit.write_text(text.replace("\n## ", "\nStray text.\n\n## ", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="text before the first '## ' heading"):
        seed(settings, content_copy)


@pytest.mark.django_db
def test_demo_accounts_only_with_development_settings(settings):
    settings.SEED_DEMO_USERS = False
    with pytest.raises(CommandError, match="only created with development settings"):
        seed(settings, None, "--demo-users")
    assert not get_user_model().objects.filter(username="editor").exists()

    settings.SEED_DEMO_USERS = True
    output = seed(settings, None, "--demo-users")
    editor = get_user_model().objects.get(username="editor")
    assert editor.groups.filter(name="Editors").exists()
    assert editor.check_password("editor-demo-pass")
    assert "editor     password editor-demo-pass" in output
    assert get_user_model().objects.get(username="moderator").groups.filter(name="Moderators")


@pytest.mark.django_db
def test_the_page_tree_is_consistent_after_seeding():
    """Every page's child count matches its children (a stale count hides pages from routing)."""
    from wagtail.models import Page

    for page in Page.objects.all():
        assert page.numchild == Page.objects.child_of(page).count(), page.url_path
