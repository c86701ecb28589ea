"""The consented-answers export (CSV) for researchers, in the admin's Reports menu; registered
in community/wagtail_hooks.py."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils import timezone

from wagtail.admin.auth import require_admin_access
from wagtail.admin.menu import MenuItem

from community.progress import research


@require_admin_access
def export_research_answers(request):
    if not request.user.has_perm("community.export_research_answers"):
        raise PermissionDenied
    response = HttpResponse(research.as_csv(), content_type="text/csv; charset=utf-8")
    filename = f"consented-answers-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ResearchExportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("community.export_research_answers")
