"""Region endpoints (filled by the regions work)."""

from ninja import Router

router = Router()
