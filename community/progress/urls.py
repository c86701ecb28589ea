"""/certificates/<code>/: a certificate's public verification page and its PDF (mounted by
altcms.urls)."""

from django.urls import path

from community.progress import views

app_name = "certificates"

urlpatterns = [
    path("<str:code>/", views.certificate, name="certificate"),
    path("<str:code>/pdf/", views.certificate_pdf, name="certificate_pdf"),
]
