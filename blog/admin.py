"""The blog app's admin screens; registered in blog/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.views.snippets import SnippetViewSet

from blog.authors import Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("People")
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "role", "prefecture"]
    list_filter = ["role"]
    ordering = ["name"]
