"""Who may use the operator pages: staff of the installation, signed in."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def operator_required(view: View) -> View:
    """Signed out: to our login page. Signed in but not an operator: our 404 page, as if
    the page did not exist (never Django admin's login)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_staff:
            raise Http404("operators only")
        return view(request, *args, **kwargs)

    return wrapper
