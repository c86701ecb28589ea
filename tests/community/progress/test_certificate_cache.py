"""Revoking or restoring a certificate changes what its address answers at once, whatever kept
it: the shared page cache (Redis, as the site runs) and the frontend cache (Varnish), purged
through the same path as every save (altcms.caching.changes, the model's `cache_stale()`)."""

from django.test import Client
from django.urls import reverse

import pytest

from tests.altcms import test_cache_faults as faults
from tests.community.progress.test_certificate_admin import issue
from tests.helpers import make_editor, make_user

frontend = faults.frontend  # the frontend cache that records what it is asked to purge


@pytest.fixture
def certificate(db):
    return issue(make_user("kenji", first_name="Kenji", last_name="Sato"))


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(make_editor("edna"))
    return client


def admin_url(action, certificate):
    return reverse(f"community_certificate_modeladmin_{action}", args=[certificate.pk])


def test_a_cached_certificate_answers_410_right_after_it_is_revoked(
    cached_site, certificate, editor_client
):
    urls = [certificate.get_absolute_url(), "/ja" + certificate.get_absolute_url()]
    untouched = "/forum/"
    for url in [*urls, untouched]:
        assert Client().get(url).status_code == 200
        assert Client().get(url)["X-Cache"] == "hit", url  # kept for readers, as the site runs

    response = editor_client.post(admin_url("revoke", certificate), {"reason": "Copied"})
    assert response.status_code == 302
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 410 and "X-Cache" not in response, url
        assert "Kenji Sato" not in response.content.decode()
        assert Client().get(url).status_code == 410, url  # and never kept
    assert Client().get(untouched)["X-Cache"] == "hit"  # nothing else made stale

    assert editor_client.post(admin_url("restore", certificate)).status_code == 302
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200 and response["X-Cache"] == "miss", url
        assert "Kenji Sato" in response.content.decode()


def test_revoking_and_restoring_purge_its_address_from_the_frontend_cache(
    frontend, certificate, editor_client
):
    address = certificate.get_absolute_url()
    faults.commit()  # making the accounts above (their profile pages)
    frontend.purged.clear()
    editor_client.post(admin_url("revoke", certificate), {"reason": "Copied"})
    assert frontend.purged == []  # not while the change could still be rolled back
    faults.commit()
    paths = {path for _host, path in frontend.purged}
    # The page and its PDF below it, in every interface language; nothing else.
    assert paths == {address + "*", "/ja" + address + "*"}

    frontend.purged.clear()
    editor_client.post(admin_url("restore", certificate))
    faults.commit()
    assert {path for _host, path in frontend.purged} == {address + "*", "/ja" + address + "*"}


def test_asking_twice_purges_nothing_more(frontend, certificate, editor_client):
    editor_client.post(admin_url("revoke", certificate), {"reason": "Copied"})
    faults.commit()
    frontend.purged.clear()
    editor_client.post(admin_url("revoke", certificate), {"reason": "Copied"})
    editor_client.get(admin_url("revoke", certificate))
    faults.commit()
    assert frontend.purged == []
