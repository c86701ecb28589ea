"""The modules app's admin registrations; the screens are in modules/admin.py."""

from wagtail.snippets.models import register_snippet

from modules.admin import GlossaryTermViewSet, ModuleChangeViewSet, ReadingViewSet

register_snippet(ReadingViewSet)
register_snippet(GlossaryTermViewSet)
register_snippet(ModuleChangeViewSet)
