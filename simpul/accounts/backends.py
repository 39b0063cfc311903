from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend


class DemoAwareModelBackend(ModelBackend):
    """Refuses demo accounts unless the site runs in demo mode with DEBUG on."""

    def user_can_authenticate(self, user: Any) -> bool:
        if getattr(user, "is_demo", False) and not (settings.DEBUG and settings.SIMPUL_DEMO_ENABLED):
            return False
        return super().user_can_authenticate(user)
