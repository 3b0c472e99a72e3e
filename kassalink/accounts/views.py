"""Account pages: switching organization, API tokens (owners), choosing a password."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kassalink.accounts.actions import do_create_api_token, do_revoke_api_token
from kassalink.accounts.forms import ApiTokenForm
from kassalink.accounts.models import ApiToken
from kassalink.accounts.tenancy import access_membership, require_owner, switch_organization
from kassalink.web.ids import parse_id


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    # Not an id at all (text, a huge number) is a 400 naming the field; an id that is not
    # one of your organizations is a 404, so another shop's existence is never confirmed.
    organization_id = parse_id(request.POST.get("organization"))
    if organization_id is None:
        return HttpResponseBadRequest(
            _("organization: verwacht het id van een van je organisaties."),
            content_type="text/plain; charset=utf-8",
        )
    organization = switch_organization(request, organization_id)
    messages.success(request, _("Je werkt nu in %(name)s.") % {"name": organization.name})
    return redirect("home")


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    membership = access_membership(request)
    require_owner(membership)
    organization = membership.organization
    new_key = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_key = do_create_api_token(organization, request.user, form.cleaned_data["name"]).key
        form = ApiTokenForm()
    tokens = organization.api_tokens.select_related("user")
    return render(
        request,
        "accounts/api_tokens.html",
        {"organization": organization, "tokens": tokens, "form": form, "new_key": new_key},
    )


@login_required
@require_POST
def revoke_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    membership = access_membership(request)
    require_owner(membership)
    token = get_object_or_404(ApiToken, pk=token_id, organization=membership.organization)
    do_revoke_api_token(token)
    messages.success(request, _("Token „%(name)s” is ingetrokken.") % {"name": token.name})
    return redirect("api_tokens")
