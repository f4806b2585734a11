"""Đánh giá mức độ hài lòng: the citizen's rating of a resolved dossier, on the public lookup
page (reached by the receipt's QR, with its check value) or on a tablet at the desk that the
staff opens for the person in front of them. Both are counted as the lookup is."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from procedures.choices import RatingChannel
from procedures.forms.dossiers import DossierRatingForm
from procedures.public_lookup import lookup_admit, lookup_failed, public_dossier
from procedures.roles import Role
from procedures.selectors.dossiers import dossier_has_rating, dossiers_visible_to
from procedures.services.dossier_facts import RATEABLE_STATUSES, AlreadyRated, dossier_rate
from procedures.views.dossiers import RolesRequiredMixin


def _save(form, dossier, channel: str, request) -> bool:
    """The rating as the form gives it; False (with the reason as a message) when refused."""
    try:
        dossier_rate(dossier=dossier, channel=channel, **form.cleaned_data)
    except AlreadyRated as error:
        messages.info(request, error.message)
        return False
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, _("Thank you: your rating has been recorded."))
    return True


class PublicRatingView(View):
    """The lookup page's rating form, posted with the code and check value it was shown with."""

    def post(self, request):
        code = (request.POST.get("code") or "").strip()
        check = (request.POST.get("check") or "").strip()
        back = f"{reverse('public-lookup')}?{urlencode({'code': code, 'check': check})}"
        wait = lookup_admit(request)
        if wait is not None:
            response = render(
                request, "dossiers/lookup.html", {"throttled": True, "code": code}, status=429
            )
            response["Retry-After"] = str(wait)
            return response
        dossier = public_dossier(code=code, check=check)
        if dossier is None:
            lookup_failed(request)
            return render(
                request,
                "dossiers/lookup.html",
                {"not_found": True, "code": code, "check": check},
                status=404,
            )
        form = DossierRatingForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                "dossiers/lookup.html",
                {"dossier": dossier, "code": code, "check": check, "rating_form": form},
                status=400,
            )
        _save(form, dossier, RatingChannel.LOOKUP, request)
        return redirect(back)


class TabletRatingView(RolesRequiredMixin, View):
    """Màn hình đánh giá tại quầy: staff type or scan the code of a resolved dossier of their
    desks; the tablet then shows the rating form only (no personal data), and goes back to the
    code once the person has rated."""

    roles = (Role.RECEPTION, Role.ADMINISTRATOR)
    template_name = "dossiers/tablet_rating.html"

    def _dossier(self, request, code: str):
        if not code:
            return None
        return (
            dossiers_visible_to(request.user)
            .select_related(None)
            .filter(code=code.strip())
            .only("pk", "code", "status", "procedure_version__name")
            .select_related("procedure_version")
            .first()
        )

    def get(self, request):
        code = (request.GET.get("code") or "").strip()
        context = {"code": code}
        if code:
            dossier = self._dossier(request, code)
            if dossier is None:
                context["error"] = _("No dossier of your desks has this code.")
            elif dossier.status not in RATEABLE_STATUSES:
                context["error"] = _("This dossier has no result yet: it cannot be rated.")
            elif dossier_has_rating(dossier=dossier):
                context["error"] = _("This dossier has already been rated. Thank you.")
            else:
                context |= {"dossier": dossier, "rating_form": DossierRatingForm()}
        return render(request, self.template_name, context)

    def post(self, request):
        wait = lookup_admit(request)
        if wait is not None:
            messages.error(request, _("Too many ratings from this device: wait a minute."))
            return redirect("dossier-tablet-rating")
        code = (request.POST.get("code") or "").strip()
        dossier = self._dossier(request, code)
        if dossier is None:
            messages.error(request, _("No dossier of your desks has this code."))
            return redirect("dossier-tablet-rating")
        form = DossierRatingForm(request.POST)
        if not form.is_valid():
            return render(
                request,
                self.template_name,
                {"code": code, "dossier": dossier, "rating_form": form},
                status=400,
            )
        _save(form, dossier, RatingChannel.TABLET, request)
        return redirect("dossier-tablet-rating")
