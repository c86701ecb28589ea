from django.contrib.auth.models import Group

import pytest

from tests.helpers import make_user


@pytest.fixture
def moderator(db):
    user = make_user("mod")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def moderator_client(client, moderator):
    client.force_login(moderator)
    return client
