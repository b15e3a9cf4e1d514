"""The social-return import's check and commit jobs, registered with core's job runner (the kind
lives in importing.py beside its checks)."""

from .importing import SROI_IMPORTS

__all__ = ["SROI_IMPORTS"]
