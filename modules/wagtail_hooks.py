from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from modules.models import Reading


class ReadingViewSet(SnippetViewSet):
    model = Reading
    icon = "openquote"
    menu_label = "Readings"
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["authors", "year", "title", "kind"]
    list_filter = ["kind"]
    ordering = ["authors", "year"]


register_snippet(ReadingViewSet)
