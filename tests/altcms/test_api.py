"""The read-only Wagtail API v2 lets other tools read the curriculum."""

import pytest

from modules.models import ModulePage


@pytest.mark.django_db
def test_the_api_lists_every_module_with_its_summary(client):
    response = client.get("/api/v2/pages/", {"type": "modules.ModulePage", "fields": "summary"})
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 19
    phonics = next(item for item in data["items"] if item["title"] == "Phonics")
    assert phonics["summary"] == ModulePage.objects.get(slug="phonics").summary
    assert phonics["meta"]["html_url"].endswith("/modules/training/phonics/")


@pytest.mark.django_db
def test_a_module_in_the_api_carries_goals_tasks_and_readings(client):
    module = ModulePage.objects.get(slug="learners")
    data = client.get(f"/api/v2/pages/{module.pk}/").json()
    assert [goal["value"] for goal in data["learning_goals"]] == [
        goal.value for goal in module.learning_goals
    ]
    assert [task["prompt"] for task in data["reflection_tasks"]] == list(
        module.reflection_tasks.values_list("prompt", flat=True)
    )
    first = module.readings.select_related("reading").first().reading
    assert data["readings"][0]["reading"]["title"] == first.title
    assert data["readings"][0]["reading"]["year"] == first.year
    assert data["body"][0]["type"] == "section"
    assert data["last_reviewed"] == module.last_reviewed.isoformat()


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", ["/api/v2/images/", "/api/v2/documents/"])
def test_images_and_documents_endpoints_answer(client, endpoint):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    model = get_image_model() if "images" in endpoint else get_document_model()
    response = client.get(endpoint)
    assert response.status_code == 200
    # The seeded site has the Resources page's forms, and no images.
    assert response.json()["meta"]["total_count"] == model.objects.count()


@pytest.mark.django_db
def test_the_api_is_read_only(client):
    module = ModulePage.objects.get(slug="learners")
    assert client.post("/api/v2/pages/", {"title": "x"}).status_code == 405
    assert client.delete(f"/api/v2/pages/{module.pk}/").status_code == 405


@pytest.mark.django_db
def test_bad_api_parameters_get_a_400_not_a_500(client):
    assert client.get("/api/v2/pages/", {"type": "nope.Nothing"}).status_code == 400
    assert client.get("/api/v2/pages/", {"limit": "abc"}).status_code == 400
    assert client.get("/api/v2/pages/999999/").status_code == 404
