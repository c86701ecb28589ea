"""The blog app's admin registrations; the screens are in blog/admin.py."""

from wagtail.snippets.models import register_snippet

from blog.admin import PersonViewSet

register_snippet(PersonViewSet)
