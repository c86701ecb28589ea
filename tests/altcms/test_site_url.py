"""SITE_URL is the site's one public address: account emails, feeds, the API, citations and
admin notifications link to it, whatever host or port a request came on; migrate and
seed_site bring Django's and Wagtail's Site records in line with it; production warns while
it is unset or a placeholder."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.contrib.auth.models import Group
from django.contrib.sites.models import Site as DjangoSite
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import Site

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from defusedxml import ElementTree

from altcms.http import siteurl
from blog.models import ArticlePage
from modules.models import ModulePage
from tests.helpers import article_data, make_user

ROOT = Path(__file__).resolve().parents[2]
PUBLIC = "https://alt.example.org"


@pytest.fixture
def public_address(settings, db):
    """The site under its real domain; the request still arrives as http://testserver."""
    settings.SITE_URL = PUBLIC
    siteurl.sync_sites()
    return PUBLIC


def links_in(text):
    return re.findall(r"https?://[^\s\"'<>]+", text)


def test_migrate_and_seed_bring_both_site_records_in_line(settings, db):
    settings.SITE_URL = "http://127.0.0.1:8101"
    call_command("migrate", verbosity=0)
    assert (DjangoSite.objects.get().domain, DjangoSite.objects.get().name) == (
        "127.0.0.1:8101",
        "ALT Training Online",
    )
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_url) == ("127.0.0.1", 8101, settings.SITE_URL)
    settings.SITE_URL = PUBLIC
    call_command("seed_site", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    site.refresh_from_db()
    assert (site.hostname, site.port, site.root_url) == ("alt.example.org", 443, PUBLIC)
    assert DjangoSite.objects.get().domain == "alt.example.org"


def test_account_emails_name_the_site_and_link_to_its_address(client, public_address):
    client.post(
        reverse("account_signup"),
        {
            "email": "rio@example.com",
            "username": "rio",
            "password1": "a-long-pass-phrase-42",
            "password2": "a-long-pass-phrase-42",
        },
    )
    [message] = mail.outbox
    assert message.subject.startswith("[ALT Training Online] ")
    assert "example.com" not in message.subject
    assert "example.com!" not in message.body and "Hello from example.com" not in message.body
    assert "ALT Training Online" in message.body
    confirm = [link for link in links_in(message.body) if "/accounts/confirm-email/" in link]
    assert confirm and all(link.startswith(PUBLIC + "/") for link in confirm)
    assert not any("testserver" in link for link in links_in(message.body))


def test_password_reset_links_are_on_the_public_address(client, public_address):
    user = make_user("kenji")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.post(reverse("account_reset_password"), {"email": user.email})
    links = links_in(mail.outbox[0].body)
    assert any(link.startswith(PUBLIC + "/accounts/password/reset/key/") for link in links)
    assert not any("testserver" in link for link in links)


def test_feeds_link_to_the_public_address(client, public_address):
    for url in ("/blog/feed/", "/blog/feed/atom/"):
        feed = client.get(url).content.decode()
        assert "example.com/" not in feed.replace(PUBLIC, "")
        tree = ElementTree.fromstring(feed)
        links = [el.text for el in tree.iter() if el.tag.endswith("link") and el.text]
        links += [el.get("href") for el in tree.iter() if el.get("href")]
        assert links and all(link.startswith(PUBLIC + "/blog/") for link in links), links


def test_the_api_links_pages_on_the_public_address(client, public_address):
    items = client.get("/api/v2/pages/", {"type": "modules.ModulePage"}).json()["items"]
    assert items and all(item["meta"]["html_url"].startswith(PUBLIC + "/") for item in items)


def test_citations_name_the_public_address(client, public_address):
    article = ArticlePage.objects.live().first()
    page = BeautifulSoup(client.get(article.url).content, "html.parser")
    tag = page.find("meta", attrs={"name": "citation_abstract_html_url"})
    assert tag["content"] == PUBLIC + article.url
    assert f"url = {{{PUBLIC}{article.url}}}" in client.get(article.url + "cite/bibtex/").text
    assert f"UR  - {PUBLIC}{article.url}" in client.get(article.url + "cite/ris/").text


def test_notification_links_use_the_public_address(alt_client, public_address):
    module = ModulePage.objects.get(slug="listening")
    from tests.helpers import add_comment, form_data

    first = add_comment(module, "First", user_email="follower@example.com", followup=True)
    alt_client.post("/discussion/post/", form_data(module, comment="Reply", reply_to=first.pk))
    [message] = [m for m in mail.outbox if m.to == ["follower@example.com"]]
    assert links_in(message.body)
    assert all(link.startswith(PUBLIC + "/") for link in links_in(message.body))


def test_admin_notifications_link_to_the_site_address(alt_client, db):
    """Wagtail's review emails use WAGTAILADMIN_BASE_URL, which follows SITE_URL."""
    editor = make_user("edna", email="edna@example.com")
    editor.groups.add(Group.objects.get(name="Editors"))
    alt_client.post(
        "/resources/research/submit/",
        article_data(keywords=""),
    )
    [review] = [m for m in mail.outbox if m.to == ["edna@example.com"]]
    assert any(link.startswith("http://testserver/admin/") for link in links_in(review.body))


def settings_value(module, expression, **env):
    code = f"import {module} as s; print({expression})"
    environment = {"PATH": os.environ["PATH"], "SECRET_KEY": "x" * 50, **env}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    ).stdout.strip()


def test_admin_links_and_account_links_follow_site_url():
    assert (
        settings_value(
            "altcms.settings.base",
            "s.WAGTAILADMIN_BASE_URL, s.ACCOUNT_DEFAULT_HTTP_PROTOCOL",
            SITE_URL="https://alt.example.org/",
        )
        == "https://alt.example.org https"
    )


def deploy_check(**env):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "altcms.settings.production",
        "SECRET_KEY": "k2Vq9#xT7pL!wZ4rN8sB3mH6jD1fG5cY0aE_uR-oI&tK=vM@q7Wn2Zp5Xc8Lb4Hj",
        "ALLOWED_HOSTS": "alt.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
        **env,
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize(
    "site_url, warning",
    [
        (None, "altcms.W001"),
        ("https://example.com", "altcms.W003"),
        ("alt.example.org", "altcms.W002"),
    ],
)
def test_production_warns_without_a_real_site_url(site_url, warning):
    result = deploy_check(**({"SITE_URL": site_url} if site_url else {}))
    assert result.returncode != 0 and warning in result.stderr


def test_production_is_content_with_a_real_site_url():
    result = deploy_check(SITE_URL=PUBLIC)
    assert result.returncode == 0, result.stderr


def test_make_run_on_another_port_links_to_that_port():
    dry_run = subprocess.run(  # noqa: S603
        ["make", "-n", "run", "PORT=8101"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "SITE_URL"},
    ).stdout
    runserver = next(line for line in dry_run.splitlines() if "runserver" in line)
    assert "SITE_URL=${SITE_URL:-http://127.0.0.1:8101}" in runserver
    assert runserver.rstrip().endswith("runserver 127.0.0.1:8101")
    seed = next(line for line in dry_run.splitlines() if "seed_site" in line)
    assert "http://127.0.0.1:8101" in seed
