from typing import Any

from django.core.management.base import BaseCommand

from simpul.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the Lampung demo (organizations and one user per role). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        counts = load_demo()
        self.stdout.write(
            f"Demo ready: {counts['organizations']} organizations, {counts['users']} demo users."
        )
