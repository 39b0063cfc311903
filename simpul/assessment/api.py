"""Assessment endpoints (frameworks, what-if scoring)."""

from ninja import Router

router = Router()
