"""Caseworks: case management for probation services."""

from caseworks.celery import app as celery_app

__all__ = ("celery_app",)
