"""Pieces shared by the site's wagtail-modeladmin screens."""

from django.core.exceptions import PermissionDenied
from django.http import Http404


class NumericIdsOnly:
    """modeladmin's URLs accept any word as an id and fail with a 500 on one that isn't a
    number; here a non-numeric id is simply not found. And its history view asks for no
    permission at all (any editor or moderator could read the history of a feedback item):
    here it asks for the list's."""

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
