"""Correcting an entry's times (with a reason) and commenting on it, from its page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .access import access_timesheet_entry
from .corrections import do_comment_entry, do_correct_entry
from .forms import CorrectionForm


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("opmerking"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


@login_required
def entry_correct(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_timesheet_entry(request, pk)
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST, entry=entry)
        if form.is_valid():
            correction = form.correction()
            if form.is_valid():
                do_correct_entry(entry, correction, request.user)
                messages.success(
                    request, _("Uren van %(name)s gecorrigeerd.") % {"name": entry.employee.name}
                )
                return redirect("workforce_entry", pk=entry.pk)
        status = 400
    else:
        form = CorrectionForm(entry=entry)
    context = {"form": form, "entry": entry}
    return render(request, "workforce/timesheet_correct.html", context, status=status)


@login_required
@require_POST
def entry_comment(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access_timesheet_entry(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        do_comment_entry(entry, form.cleaned_data["text"], request.user)
        messages.success(request, _("Opmerking geplaatst."))
    else:
        messages.error(request, _("Schrijf eerst een opmerking (hoogstens 2000 tekens)."))
    return redirect("workforce_entry", pk=entry.pk)
