"""The read-only Wagtail API v2 at /api/v2/, so other tools can read the curriculum.

Wagtail's own endpoints, with two guards added: an offset larger than any database integer
(`?offset=99999999999999999999`) is a 400 that says so, not a database error; and so is a
field filter whose value the field cannot read (`?first_published_at=99999999999999999999`,
which Django refuses with a ValidationError that Wagtail does not catch, or
`?alias_of=99999999999999999999`, which SQLite cannot hold). NUL bytes in
any parameter are refused before the API sees them (altcms.http.middleware).
The API's `html_url` is built from Wagtail's Site, which follows SITE_URL (altcms.http.siteurl).
"""

from django.core.exceptions import ValidationError

from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

MAX_OFFSET = 1_000_000_000


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # Wagtail says what is wrong with it
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class CheckedFilters:
    pagination_class = BoundedPagination

    def handle_exception(self, exc):
        # A filter value its field cannot read: Django raises ValidationError when the filter
        # is built, SQLite OverflowError for an integer it cannot hold when it is run.
        if isinstance(exc, ValidationError):
            exc = BadRequestError(f"field filter error. {' '.join(exc.messages)}")
        elif isinstance(exc, OverflowError):
            exc = BadRequestError("field filter error. A number in the query is too large.")
        return super().handle_exception(exc)


class PagesAPI(CheckedFilters, PagesAPIViewSet):
    pass


class ImagesAPI(CheckedFilters, ImagesAPIViewSet):
    pass


class DocumentsAPI(CheckedFilters, DocumentsAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
api_router.register_endpoint("documents", DocumentsAPI)
