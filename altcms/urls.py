from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from altcms.api import api_router
from altcms.http import language
from altcms.http import views as altcms_views
from altcms.http.sitemap import PageSitemap
from community.accounts import views as accounts
from search import views as search_views

handler500 = "altcms.http.views.server_error"
handler429 = "altcms.http.views.too_many_requests"  # allauth's rate limits answer with this

# The same in every language: the admin (in each editor's own language), documents, the API,
# the sitemap, the language switch.
urlpatterns = [
    path("healthz", altcms_views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("language/<str:language>/", language.switch_language, name="switch_language"),
    # Every public page in English and in Japanese, each naming the other (hreflang).
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
]

# Uploaded files, when they are on this machine's disk and no web server in front serves them.
if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
    media_prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.append(path(f"{media_prefix}/<path:path>", altcms_views.media, name="media"))

# What a reader sees: in English at these addresses, in Japanese under /ja/ (altcms.http.language).
urlpatterns += i18n_patterns(
    # allauth's form views, answering invalid forms with a 400; then the rest of allauth.
    path("accounts/login/", accounts.LoginView.as_view(), name="account_login"),
    path("accounts/signup/", accounts.SignupView.as_view(), name="account_signup"),
    path(
        "accounts/password/change/",
        accounts.PasswordChangeView.as_view(),
        name="account_change_password",
    ),
    path(
        "accounts/password/reset/",
        accounts.PasswordResetView.as_view(),
        name="account_reset_password",
    ),
    path("accounts/email/", accounts.EmailView.as_view(), name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("community/", include("community.people.urls")),
    path("discussion/", include("community.discussion.urls")),
    path("certificates/", include("community.progress.urls")),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("search/opened/", search_views.opened, name="search_opened"),
    # Everything else is a Wagtail page; this must come last.
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
