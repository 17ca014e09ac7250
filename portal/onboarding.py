"""Onboarding: a new coordinator gets an e-mail with a link to choose their password, and
anyone with an account can ask for a new one ("forgot password") from the login page.

Both use Django's password-reset tokens (one use, they expire after PASSWORD_RESET_TIMEOUT
and once the password changes) and its views and templates in the admin's look. The reset
form answers the same whether an address exists or not, and is rate-limited per client
address (core.ratelimit), so it can neither list our users nor flood a mailbox.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from core.ratelimit import rate_limited

#: Reset requests per client address (core.ratelimit's "count/seconds").
RESET_RATE = "5/hour"


def set_password_url(user, *, base_url: str | None = None) -> str:
    """The absolute one-use link where `user` chooses a password."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    base = (base_url or settings.LIBPORTAL_PUBLIC_URL).rstrip("/")
    return base + reverse("password_reset_confirm", args=[uid, token])


def send_invitation(user, *, email: str = "", invited_by=None, base_url: str | None = None) -> str:
    """E-mail `user` an invitation with a set-password link; returns the address used.

    `email`, when given, becomes the user's address first. Raises ValidationError when there
    is no valid address or the account is inactive (an invitation must be usable)."""
    email = (email or user.email or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            _("%(user)s has no valid e-mail address to invite.") % {"user": user.get_username()}
        ) from None
    if not user.is_active:
        raise ValidationError(
            _("%(user)s is inactive: activate the account first.") % {"user": user.get_username()}
        )
    if user.email != email:
        user.email = email
        user.save(update_fields=["email"])
    context = {
        "user": user,
        "username": user.get_username(),
        "link": set_password_url(user, base_url=base_url),
        "invited_by": invited_by.get_full_name() or invited_by.get_username() if invited_by else "",
        "login_url": (base_url or settings.LIBPORTAL_PUBLIC_URL).rstrip("/")
        + reverse("admin:login"),
    }
    send_mail(
        subject=_("Your account on the TPBIS portal"),
        message=render_to_string("onboarding/invitation.txt", context),
        from_email=None,
        recipient_list=[email],
    )
    return email


class AdminLookMixin:
    """The admin site's header, title and links on the auth views' admin-look templates."""

    def get_context_data(self, **kwargs):
        from django.contrib import admin

        context = super().get_context_data(**kwargs)
        context.update(admin.site.each_context(self.request))
        return context


class RateLimitedPasswordResetView(AdminLookMixin, auth_views.PasswordResetView):
    """Django's reset form (same answer for known and unknown addresses), at most RESET_RATE
    requests per client address."""

    def post(self, request, *args, **kwargs):
        if rate_limited(request, scope="password-reset", rate=RESET_RATE):
            from django.contrib import admin

            context = {**admin.site.each_context(request), "title": _("Password reset")}
            return render(request, "onboarding/too_many.html", context, status=429)
        return super().post(request, *args, **kwargs)


class ResetDoneView(AdminLookMixin, auth_views.PasswordResetDoneView):
    pass


class ResetConfirmView(AdminLookMixin, auth_views.PasswordResetConfirmView):
    pass


class ResetCompleteView(AdminLookMixin, auth_views.PasswordResetCompleteView):
    pass


#: Mounted under /admin/ (before the admin site's own patterns, libportal/urls.py); the names
#: are the ones Django's admin login template and auth views look for.
urlpatterns = [
    path("password_reset/", RateLimitedPasswordResetView.as_view(), name="admin_password_reset"),
    path("password_reset/done/", ResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", ResetConfirmView.as_view(), name="password_reset_confirm"),
    path("reset/done/", ResetCompleteView.as_view(), name="password_reset_complete"),
]
