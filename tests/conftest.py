import pytest


@pytest.fixture
def superuser(django_user_model):
    # No password at all (unusable): tests log in with force_login, nothing secret is committed.
    return django_user_model.objects.create_superuser(
        username="admin", email="admin@example.org", password=None
    )


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client
