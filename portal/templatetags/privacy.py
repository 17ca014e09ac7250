"""`{% load privacy %}`: the retention periods the privacy notice names, from the settings."""

from django import template
from django.conf import settings

from core.privacy import CONTROLLER, notice_periods

register = template.Library()


@register.simple_tag
def privacy_notice_context() -> dict:
    """{"health": "3 months", "contacts": "3 years", "controller": …, "email": …}."""
    periods = notice_periods()
    return {
        "health": periods["health_screenings"],
        "contacts": periods["participant_contacts"],
        "controller": CONTROLLER,
        "email": getattr(settings, "PRIVACY_CONTACT_EMAIL", ""),
    }
