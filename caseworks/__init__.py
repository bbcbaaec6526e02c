"""Caseworks: case management for probation services."""

from .celery import app as celery_app

__all__ = ("celery_app",)
