from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from kassalink.accounts import lockouts, views

urlpatterns = [
    path("organisatie/wisselen/", views.switch, name="switch_organization"),
    path("operator/aanmeldingen/", lockouts.lockouts, name="operator_lockouts"),
    path("operator/aanmeldingen/deblokkeren/", lockouts.unlock, name="operator_unlock"),
    path("instellingen/api-tokens/", views.api_tokens, name="api_tokens"),
    path(
        "instellingen/api-tokens/<int:token_id>/intrekken/",
        views.revoke_api_token,
        name="revoke_api_token",
    ),
    path(
        "wachtwoord/instellen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/set_password.html",
            success_url=reverse_lazy("set_password_done"),
        ),
        name="set_password",
    ),
    path(
        "wachtwoord/ingesteld/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/set_password_done.html"
        ),
        name="set_password_done",
    ),
]
