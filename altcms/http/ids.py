"""Pieces shared by the site's wagtail-modeladmin screens."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from wagtail_modeladmin.views import HistoryView


class NamedHistoryView(HistoryView):
    """An item's history, whose header says where it is: the list (a link back to it) and the
    item (modeladmin's own header says only "Home" under Wagtail 8)."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": self.index_url, "label": self.model_admin.get_menu_label()},
            {"url": "", "label": _("History"), "sublabel": str(self.instance)},
        ]


class NumericIdsOnly:
    """modeladmin's URLs accept any word as an id and fail with a 500 on one that isn't a
    number; here a non-numeric id is simply not found. Its history view asks for no
    permission at all (any editor or moderator could read the history of a feedback item):
    here it asks for the list's. And the history's header names the list and the item
    (`NamedHistoryView`; a screen with a history view of its own derives it from that one)."""

    history_view_class = NamedHistoryView

    def _check(self, instance_pk):
        if not str(instance_pk).isdigit():
            raise Http404("Not found.")

    def edit_view(self, request, instance_pk):
        self._check(instance_pk)
        return super().edit_view(request, instance_pk)

    def inspect_view(self, request, instance_pk):
        self._check(instance_pk)
        return super().inspect_view(request, instance_pk)

    def delete_view(self, request, instance_pk):
        self._check(instance_pk)
        return super().delete_view(request, instance_pk)

    def history_view(self, request, instance_pk):
        self._check(instance_pk)
        if not self.permission_helper.user_can_list(request.user):
            raise PermissionDenied
        return super().history_view(request, instance_pk)
