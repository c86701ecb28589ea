"""ALT profiles: who they are and where they teach, public only when they choose."""

from django.urls import reverse

from bs4 import BeautifulSoup

from altcms.content.choices import PREFECTURES
from community.models import ForumBoardPage, Profile, Topic
from tests.helpers import add_comment, make_user


def profile_data(**changes):
    data = {
        "display_name": "Kenji S.",
        "hiring_route": "dispatch",
        "prefecture": "27",
        "school_levels": ["elementary", "junior_high"],
        "years_as_alt": "3",
        "bio": "I teach at four elementary schools in Osaka.",
        "is_public": "on",
    }
    data.update(changes)
    return data


def test_the_profile_offers_all_47_prefectures_and_four_hiring_routes(alt_client):
    soup = BeautifulSoup(alt_client.get(reverse("community:edit_profile")).content, "html.parser")
    prefectures = soup.find("select", attrs={"name": "prefecture"}).find_all("option")
    assert len([o for o in prefectures if o["value"]]) == 47 == len(PREFECTURES)
    assert {o.get_text() for o in prefectures} >= {"Hokkaido", "Tokyo", "Okinawa"}
    routes = [
        o.get_text()
        for o in soup.find("select", attrs={"name": "hiring_route"}).find_all("option")
        if o["value"]
    ]
    assert routes == [
        "JET Programme",
        "Board of education (direct hire)",
        "Private dispatch company",
        "Other",
    ]


def test_an_alt_fills_in_a_public_profile(alt_client, alt, module):
    response = alt_client.post(reverse("community:edit_profile"), profile_data())
    assert response.status_code == 302
    profile = Profile.objects.get(user=alt)
    assert profile.get_prefecture_display() == "Osaka"
    assert profile.school_levels == ["elementary", "junior_high"]

    board = ForumBoardPage.objects.get(slug="lesson-ideas")
    Topic.objects.create(board=board, author=alt, title="Phonics karuta", body="Try it")
    add_comment(module, "My answer about planning", user=alt)
    page = alt_client.get(reverse("community:person", args=["kenji"]))
    text = page.content.decode()
    assert "Kenji S." in text and "Private dispatch company" in text and "Osaka" in text
    assert "Elementary school, Junior high school" in text
    assert "Phonics karuta" in text and "My answer about planning" in text
    # Their comments now link to the profile.
    discussion = alt_client.get(module.url).content.decode()
    assert 'href="/community/people/kenji/"' in discussion


def test_a_private_profile_is_hidden_from_others(client, alt):
    Profile.objects.create(user=alt, display_name="Kenji", is_public=False)
    assert client.get(reverse("community:person", args=["kenji"])).status_code == 404
    client.force_login(alt)
    own = client.get(reverse("community:person", args=["kenji"]))
    assert own.status_code == 200 and "Only you can see this page" in own.content.decode()


def test_bad_profile_input_comes_back_with_messages(alt_client, alt):
    response = alt_client.post(
        reverse("community:edit_profile"),
        profile_data(years_as_alt="99", prefecture="48", hiring_route="spy", bio="x" * 1001),
    )
    assert response.status_code == 400
    assert not Profile.objects.filter(user=alt, years_as_alt=99).exists()
    content = response.content.decode()
    assert "Select a valid choice" in content and "from 0 to 60" in content


def test_years_as_an_alt_are_0_to_60_in_the_browser_and_on_the_server(alt_client, alt):
    page = BeautifulSoup(alt_client.get(reverse("community:edit_profile")).content, "html.parser")
    years = page.find("input", attrs={"name": "years_as_alt"})
    assert (years["type"], years["min"], years["max"]) == ("number", "0", "60")
    response = alt_client.post(reverse("community:edit_profile"), profile_data(years_as_alt="-3"))
    assert response.status_code == 400
    assert not Profile.objects.filter(user=alt, years_as_alt__isnull=False).exists()
    errors = BeautifulSoup(response.content, "html.parser").find(id="id_years_as_alt_errors")
    assert errors.get_text(strip=True) == "Enter a number of years from 0 to 60."
    japanese = alt_client.post(
        "/ja" + reverse("community:edit_profile"), profile_data(years_as_alt="61")
    )
    assert japanese.status_code == 400 and "0〜60" in japanese.content.decode()


def test_the_bio_box_carries_its_limit_for_the_live_count(alt_client, alt):
    page = BeautifulSoup(alt_client.get(reverse("community:edit_profile")).content, "html.parser")
    assert page.find("textarea", attrs={"name": "bio"})["data-max-length"] == "1000"


def test_nobody_can_edit_someone_elses_profile(client, alt):
    Profile.objects.create(user=alt, display_name="Kenji", bio="Mine")
    other = make_user("intruder")
    client.force_login(other)
    client.post(reverse("community:edit_profile"), profile_data(display_name="Hacked", user=alt.pk))
    assert Profile.objects.get(user=alt).display_name == "Kenji"
    assert Profile.objects.get(user=other).display_name == "Hacked"


def test_an_unknown_person_is_a_404(client, db):
    assert client.get(reverse("community:person", args=["nobody-here"])).status_code == 404


def test_in_japanese_prefectures_and_hiring_routes_have_their_japanese_names(alt_client, alt):
    """The stored values stay the codes; what a reader sees under /ja/ is Japanese."""
    alt_client.post(reverse("community:edit_profile"), profile_data(prefecture="13"))
    assert Profile.objects.get(user=alt).prefecture == "13"
    form = BeautifulSoup(
        alt_client.get("/ja" + reverse("community:edit_profile")).content, "html.parser"
    )
    prefectures = {
        o["value"]: o.get_text()
        for o in form.find("select", attrs={"name": "prefecture"}).find_all("option")
    }
    assert prefectures["01"] == "北海道" and prefectures["13"] == "東京都"
    assert prefectures["26"] == "京都府" and prefectures["27"] == "大阪府"
    assert prefectures["47"] == "沖縄県"
    routes = [
        o.get_text()
        for o in form.find("select", attrs={"name": "hiring_route"}).find_all("option")
        if o["value"]
    ]
    assert routes == ["JETプログラム", "教育委員会（直接雇用）", "民間の派遣会社", "その他"]
    assert "表示名" in form.get_text() and "採用の経路" in form.get_text()

    page = alt_client.get("/ja" + reverse("community:person", args=["kenji"])).content.decode()
    assert "東京都" in page and "民間の派遣会社" in page and "小学校、中学校" in page
    assert "Tokyo" not in page and "Private dispatch company" not in page
