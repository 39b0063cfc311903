from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from simpul.accounts.models import ApiToken
from simpul.accounts.services import token_create, token_revoke
from simpul.core.models import AuditEntry
from simpul.organizations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(make_user: Any, orgs: dict[str, Any]) -> Any:
    return make_user("sari", (orgs["dinkes"], Role.PRODUSEN))


def _me(client: Any, raw: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {raw}"} if raw is not None else {}
    return client.get(reverse("accounts:profile"), headers=headers)


def test_token_is_hashed_at_rest_and_shown_once(client: Any, user: Any) -> None:
    client.force_login(user)
    response = client.post(reverse("accounts:tokens"), {"name": "sinkron portal", "scope": "read"})
    raw = response.context["issued"].raw
    assert raw in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert raw not in {token.key_hash, token.prefix}
    assert len(token.key_hash) == 64
    # the list page later never shows the secret again
    assert raw not in client.get(reverse("accounts:tokens")).content.decode()


def test_bearer_token_authenticates(client: Any, user: Any) -> None:
    issued = token_create(user=user, name="t")
    response = _me(client, issued.raw)
    assert response.status_code == 200
    assert response.context["user"] == user


@pytest.mark.parametrize("bad", ["smp_nothing_here", "Bearer", "smp_", "x" * 5000, "smp_00000000_<script>"])
def test_bad_token_is_a_401_not_anonymous(client: Any, bad: str) -> None:
    response = _me(client, bad)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


def test_revoked_and_expired_tokens_are_refused(client: Any, user: Any) -> None:
    revoked = token_create(user=user, name="lama")
    token_revoke(actor=user, token=revoked.token)
    assert _me(client, revoked.raw).status_code == 401

    expiring = token_create(user=user, name="sebentar", expires_at=timezone.now() + timedelta(minutes=1))
    ApiToken.objects.filter(pk=expiring.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert _me(client, expiring.raw).status_code == 401


def test_token_with_wrong_secret_but_valid_prefix_is_refused(client: Any, user: Any) -> None:
    issued = token_create(user=user, name="t")
    forged = issued.raw[:-4] + ("AAAA" if not issued.raw.endswith("AAAA") else "BBBB")
    assert _me(client, forged).status_code == 401


def test_token_creation_and_revocation_are_audited(user: Any) -> None:
    issued = token_create(user=user, name="audit me", scope="write")
    token_revoke(actor=user, token=issued.token)
    actions = list(AuditEntry.objects.filter(object_id=str(issued.token.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["token.create", "token.revoke"]


def test_only_the_owner_revokes(make_user: Any, orgs: dict[str, Any], user: Any) -> None:
    other = make_user("other", (orgs["bps"], Role.PEMBINA))
    issued = token_create(user=user, name="t")
    with pytest.raises(PermissionError):
        token_revoke(actor=other, token=issued.token)


@pytest.mark.parametrize(
    ("name", "expires_delta"),
    [("", None), ("   ", None), ("ok", timedelta(days=-1))],
    ids=["empty", "blank", "past"],
)
def test_invalid_token_requests_change_nothing(user: Any, name: str, expires_delta: Any) -> None:
    expires = timezone.now() + expires_delta if expires_delta else None
    with pytest.raises(ValueError, match=r"."):
        token_create(user=user, name=name, expires_at=expires)
    assert not ApiToken.objects.exists()
