"""A one-page handout in Japanese for the ALT's JTE, for every module: a page at
<module>/jte/ and a PDF at <module>/jte/pdf/ with a Japanese font embedded, kept by editors in
the module editor's own tab, linked from the module ("Share with your JTE")."""

import re
import subprocess

from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from modules.models import ModulePage
from tests.helpers import make_user, poppler

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


@pytest.mark.django_db
def test_every_module_shares_a_japanese_handout(client):
    for module in ModulePage.objects.live():
        share = soup(client.get(module.url)).select_one(".module-hero__share a")
        assert share["href"] == module.url + "jte/", module.title
        article = soup(client.get(share["href"])).select_one("article.handout[lang=ja]")
        assert article.h1.get_text(strip=True) == module.jte_title
        headings = [h2.get_text(strip=True) for h2 in article.find_all("h2")]
        assert headings[:2] == ["このモジュールについて", "先生の授業にとって"]
        assert len(article.select("#handout-proposals + ul li")) >= 2
        assert len(article.select("#handout-questions + ol li")) >= 2
        terms = article.select(".handout__terms tbody tr")
        assert len(terms) >= 4 and all(JAPANESE.search(row.get_text()) for row in terms)


@pytest.mark.django_db
def test_the_handout_pdf_is_one_page_with_its_japanese_embedded(client, tmp_path):
    module = ModulePage.objects.get(slug="teachers-working-together")
    response = client.get(module.url + "jte/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "handout.pdf"
    path.write_bytes(response.content)
    fonts = subprocess.run([poppler("pdffonts"), path], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert any("IPAex" in row for row in rows)
    assert all(" yes " in row for row in rows), fonts.stdout  # every font embedded
    text = subprocess.run(
        [poppler("pdftotext"), "-layout", path, "-"], capture_output=True, text=True, check=True
    )
    flat = re.sub(r"\s+", "", text.stdout)
    assert re.sub(r"\s+", "", module.jte_title) in flat
    assert "一緒に話し合いたいこと" in flat
    assert text.stdout.count("\f") == 1  # one page


@pytest.mark.django_db
def test_a_module_without_a_handout_shares_none(client, module):
    ModulePage.objects.filter(pk=module.pk).update(jte_title="", jte_about="")
    module.refresh_from_db()
    assert client.get(module.url + "jte/").status_code == 404
    assert client.get(module.url + "jte/pdf/").status_code == 404
    assert soup(client.get(module.url)).select_one(".module-hero__share") is None
    assert client.get(module.url + "no-such-thing/").status_code == 404


@pytest.mark.django_db
def test_editors_keep_the_handout_in_its_own_tab_with_a_preview(client, module):
    editor = make_user("edie")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk]))
    assert "JTE handout" in edit.content.decode()
    assert 'name="jte_title"' in edit.content.decode()
    preview = client.get(
        reverse("wagtailadmin_pages:preview_on_edit", args=[module.pk]), {"mode": "jte"}
    )
    # A preview needs the form posted first; Wagtail answers with its own page until then.
    assert preview.status_code == 200


@pytest.mark.django_db
def test_a_revised_handout_is_seen_at_once(cached_site, module):
    for url in [module.url + "jte/", module.url + "jte/pdf/"]:
        Client().get(url)
        assert Client().get(url)["X-Cache"] == "hit"
    module.jte_title = "ティーム・ティーチングの進め方（改訂版）"
    module.save_revision().publish()
    assert "（改訂版）" in Client().get(module.url + "jte/").content.decode()
    assert Client().get(module.url + "jte/pdf/")["X-Cache"] == "miss"
