"""Announcements from accounts to the apps above it, which accounts must not import."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with `user` after a member saves their profile (qa checks the Autobiographer badge).
profile_updated = Signal()
