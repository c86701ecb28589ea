from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from blog.models import Person


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = "People"
    menu_order = 220
    add_to_admin_menu = True
    list_display = ["name", "role", "prefecture"]
    list_filter = ["role"]
    ordering = ["name"]


register_snippet(PersonViewSet)
