"""Pieces shared by the community app's wagtail-modeladmin screens."""

from django.http import Http404


class NumericIdsOnly:
    """modeladmin's URLs accept any word as an id and fail with a 500 on one that isn't a
    number; here a non-numeric id is simply not found."""

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
