from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kassalink.accounts.sign_in import EmailLoginForm
from kassalink.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Asked for by browsers on their own (a PDF opened in a tab): the pages' own icon.
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
    path(
        "login/",
        auth_views.LoginView.as_view(authentication_form=EmailLoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("outbox/", views.outbox, name="outbox"),
    path("", include("kassalink.accounts.urls")),
    path("instellingen/", include("kassalink.connections.urls")),
    path("operator/", include("kassalink.connections.operator_urls")),
]
