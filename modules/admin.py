"""The modules app's admin screens (snippet viewsets); registered in modules/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from modules.models import GlossaryTerm, ModuleChange, Reading


class ReadingChooserViewSet(SnippetChooserViewSet):
    """The reading chooser in the module editor: search by author, title, year or source, and
    add a reading that is not there yet without leaving the module."""

    form_fields = ["authors", "year", "title", "source", "kind", "url"]
    create_action_label = _("Add a new reading")
    creation_tab_label = _("New reading")


class ReadingViewSet(SnippetViewSet):
    model = Reading
    chooser_viewset_class = ReadingChooserViewSet
    icon = "openquote"
    menu_label = _("Readings")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["authors", "year", "title", "kind"]
    list_filter = ["kind"]
    ordering = ["authors", "year"]


class ModuleChangeViewSet(SnippetViewSet):
    """The entries of modules' "What changed" lists, for correcting or removing one."""

    model = ModuleChange
    icon = "history"
    menu_label = _("Module changelog")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["page", "date", "note", "feedback_count"]
    list_filter = ["page"]
    ordering = ["-date"]


class GlossaryTermViewSet(SnippetViewSet):
    """The glossary of Japanese school terms (/glossary/), searchable by kanji, kana, romaji or
    English."""

    model = GlossaryTerm
    icon = "doc-full"
    menu_label = _("Glossary")
    menu_order = 215
    add_to_admin_menu = True
    list_display = ["term", "kana", "romaji", "english"]
    list_filter = ["modules"]
    ordering = ["romaji"]
