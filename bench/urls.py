"""The site's URLs plus the trivial view the page benchmarks compare against: a plain
HttpResponse("ok"), behind exactly the same middleware as every page."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from altcms.urls import handler429, handler500  # noqa: F401 - the same error pages
from altcms.urls import urlpatterns as site_urlpatterns


@never_cache
def ok(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/ok", ok), *site_urlpatterns]
