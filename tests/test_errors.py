"""Unknown URLs and server errors get designed pages, never a traceback."""

from django.urls import path

import pytest

from altcms.urls import urlpatterns as site_urlpatterns


def broken_view(request):
    raise RuntimeError("boom: secret internals")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/no-such-page/",
        "/modules/no-such-category/",
        "/modules/training/no-such-module/",
        "/modules/training/phonics/extra/",
    ],
)
def test_unknown_urls_get_the_designed_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    content = response.content.decode()
    assert "We can&#x27;t find that page" in content or "We can't find that page" in content
    assert 'href="/modules/"' in content  # a way back in
    assert 'aria-label="Main"' in content  # the normal site chrome


@pytest.mark.django_db
def test_an_unpublished_module_is_a_404(client):
    from modules.models import ModulePage

    module = ModulePage.objects.get(slug="writing")
    module.unpublish()
    assert client.get("/modules/training/writing/").status_code == 404


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_server_error_gets_the_designed_500_page_without_a_traceback(client, settings):
    assert settings.DEBUG is False
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert "boom" not in content and "Traceback" not in content
