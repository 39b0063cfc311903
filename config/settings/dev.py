"""Local development and `make demo`: DEBUG on, demo accounts allowed, console e-mail."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", default=True)
SIMPUL_DEMO_ENABLED = env_bool("DEMO", default=True)
