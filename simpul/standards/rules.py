"""Who may change standard data (built on simpul.organizations.permissions).

Standard data is public metadata (Perpres 39/2019: standards are published with the data), so everyone may
read it. Pembina data users set it: an indicator or statistical activity that names a pembina organization is
edited by that organization's pembina; one without is open to any pembina. Classifications are shared code
lists: any pembina. Admins always.
"""

from __future__ import annotations

from typing import Any

from simpul.organizations.choices import Role
from simpul.organizations.permissions import has_role, is_admin


def is_pembina(user: Any) -> bool:
    return has_role(user, Role.PEMBINA)


def may_assign_pembina(user: Any, organization_id: int | None) -> bool:
    """Whether `user` may make `organization_id` (None: nobody) the pembina of an indicator."""
    if is_admin(user):
        return True
    if organization_id is None:
        return is_pembina(user)
    return has_role(user, Role.PEMBINA, organization=organization_id)


def may_edit_indicator(user: Any, indicator: Any) -> bool:
    return may_assign_pembina(user, indicator.pembina_id)


def may_edit_activity(user: Any, activity: Any) -> bool:
    return is_pembina(user)


def may_edit_classification(user: Any, classification: Any) -> bool:
    return is_pembina(user)
