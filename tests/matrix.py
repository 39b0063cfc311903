"""The reusable permission matrix: every surface x every persona, expected allow or deny.

A persona is anonymous, a holder of one role in the surface's *own* organization, the same role in
*another* organization, or a superuser. A surface says which personas may use it. Later issues add their
pages and endpoints as `Surface` rows to `SURFACES` in their own test modules and call `check_surface`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from simpul.organizations.choices import Role


@dataclass(frozen=True)
class Persona:
    key: str
    role: str | None = None
    own: bool = True  # role held in the surface's own organization (else in another one)
    superuser: bool = False

    @property
    def anonymous(self) -> bool:
        return self.role is None and not self.superuser


ANONYMOUS = Persona("anonymous")
SUPERUSER = Persona("superuser", superuser=True)
PERSONAS: list[Persona] = [
    ANONYMOUS,
    *[Persona(f"own:{role}", role=role) for role in Role.values],
    *[Persona(f"other:{role}", role=role, own=False) for role in Role.values],
    SUPERUSER,
]


@dataclass
class Surface:
    name: str
    url: Callable[[dict[str, Any]], str]
    allowed: Callable[[Persona], bool]
    method: str = "get"
    data: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    ok: tuple[int, ...] = (200,)
    # denied: 302 to the login page for anonymous, 403 or 404 for a signed-in user
    denied: tuple[int, ...] = (302, 403, 404)
    headers: dict[str, str] = field(default_factory=dict)


def everyone(p: Persona) -> bool:
    return True


def signed_in(p: Persona) -> bool:
    return not p.anonymous


def roles(*allowed: str, own_only: bool = False) -> Callable[[Persona], bool]:
    """Superusers, admins anywhere (admin is a global role), and holders of `allowed` roles."""

    def check(p: Persona) -> bool:
        if p.superuser or p.role == Role.ADMIN:
            return True
        return p.role in allowed and (p.own or not own_only)

    return check


class Personas:
    """Creates each persona's user on first use, in the test database."""

    def __init__(self, own_org: Any, other_org: Any) -> None:
        self.own_org, self.other_org = own_org, other_org
        self._users: dict[str, Any] = {}

    def user(self, persona: Persona) -> Any:
        from simpul.accounts.models import User
        from simpul.organizations.models import Membership

        if persona.anonymous:
            return None
        if persona.key not in self._users:
            user = User.objects.create_user(
                username=persona.key.replace(":", "-"),
                password="x",
                is_superuser=persona.superuser,
                is_staff=persona.superuser,
            )
            if persona.role:
                org = self.own_org if persona.own else self.other_org
                Membership.objects.create(user=user, organization=org, role=persona.role)
            self._users[persona.key] = user
        return self._users[persona.key]

    def client(self, persona: Persona) -> Client:
        client = Client()
        user = self.user(persona)
        if user is not None:
            client.force_login(user)
        return client


def check_surface(surface: Surface, personas: Personas, ctx: dict[str, Any]) -> None:
    """Request the surface as every persona; fail listing every persona that got the wrong answer."""
    wrong = []
    for persona in PERSONAS:
        client = personas.client(persona)
        ctx["persona"] = persona
        ctx["user"] = personas.user(persona)
        url = surface.url(ctx)
        data = surface.data(ctx) if surface.data else None
        response = getattr(client, surface.method)(url, data=data, headers=surface.headers)
        expected = surface.ok if surface.allowed(persona) else surface.denied
        if response.status_code not in expected:
            wrong.append(f"{persona.key}: got {response.status_code}, expected one of {expected}")
    assert not wrong, f"{surface.name}:\n  " + "\n  ".join(wrong)
