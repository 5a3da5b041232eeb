"""The learner's own pages: enroll from the catalog, my micro-credentials, progress ("why haven't I got the
badge?") and withdrawal.

These pages are personal: a learner sees only their own enrollments; anybody else gets a 404, staff
included (they follow learners through the management pages).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from microcred.awards import rules as award_rules
from microcred.awards import selectors as award_selectors
from microcred.catalog import public_selectors
from microcred.catalog import selectors as catalog_selectors
from microcred.core.errors import InvalidInput, NotAllowed
from microcred.core.http import signed_in_user
from microcred.institutions import permissions
from microcred.learners import forms, selectors, services
from microcred.learners.forms import EnrollForm
from microcred.learners.models import Enrollment, Learner

if TYPE_CHECKING:
    from microcred.accounts.models import User
    from microcred.catalog.models import MicroCredential, MicroCredentialVersion


def _own_enrollment(request: HttpRequest, enrollment_uuid: UUID) -> Enrollment:
    """The enrollment, when the signed-in person is its learner; a 404 for everybody else."""
    enrollment = selectors.enrollment_by_uuid(enrollment_uuid)
    if enrollment is None or not permissions.is_own_record(request.user, enrollment.learner.user_id):
        raise Http404("no such enrollment of yours")
    return enrollment


# Enrollment ------------------------------------------------------------------------------------------------


def _default_category(user: User, institution_id: int) -> str:
    """Students of the institution (a learner role there) enroll as students; others as non-degree."""
    if "learner" in permissions.roles_at(user, institution_id):
        return str(Learner.Category.STUDENT)
    return str(Learner.Category.NON_DEGREE)


def _problems_now(
    learner: Learner | None, micro_credential: MicroCredential, current: MicroCredentialVersion | None
) -> list[award_rules.Problem]:
    """What stops the person from enrolling, before they confirm (the prerequisites box aside).

    Without a learner record yet, only the credential's own state counts: they choose their level below.
    """
    if learner is not None:
        return services.enrollment_problems(
            learner=learner, micro_credential=micro_credential, confirmed_prerequisites=True
        )
    facts = award_rules.EnrollmentFacts(
        version_status=current.status if current is not None else "none",
        terminates_on=current.terminates_on if current is not None else None,
        credential_level=current.level if current is not None else "",
        learner_level=current.level if current is not None else "",
        already_enrolled=False,
        already_holds=False,
    )
    return award_rules.enrollment_problems(facts, today=timezone.localdate())


def _show_problems(form: EnrollForm, exc: InvalidInput) -> None:
    for problem in exc.problems:
        field = {"prerequisites": "confirm_prerequisites", "level": "level", "category": "category"}.get(
            problem.where
        )
        form.add_error(field if field in form.fields else None, problem.message)


@login_required
@require_http_methods(["GET", "POST"])
def enroll(request: HttpRequest, version_uuid: UUID) -> HttpResponse:
    """GET: what enrolling means (costs, prerequisites, level); POST: enroll, then show the progress."""
    user = signed_in_user(request)
    version = public_selectors.public_version_by_uuid(version_uuid)
    if version is None:
        raise Http404("no such micro-credential in the catalog")
    micro_credential = version.micro_credential
    institution = micro_credential.institution
    current = catalog_selectors.published_versions_of([micro_credential.pk]).get(micro_credential.pk)
    shown = current or version
    learner = selectors.learner_of(institution.pk, user.pk)
    if learner is not None:
        enrollment = selectors.enrollment_of(learner, micro_credential.pk)
        if enrollment is not None and enrollment.status != Enrollment.Status.WITHDRAWN:
            messages.info(request, f"You are already enrolled in {shown.title}.")
            return redirect("learners:progress", enrollment.uuid)
    # The catalog's one-click button posts nothing: a first enrollment at the institution (who are you?) or
    # prerequisites to confirm take the person to the confirmation page first.
    confirming = request.method == "POST" and (
        request.POST.get("confirm") == "1" or (learner is not None and not shown.prerequisites.strip())
    )
    form = EnrollForm(
        request.POST if confirming else None,
        new_learner=learner is None,
        prerequisites=shown.prerequisites,
        default_category=_default_category(user, institution.pk),
    )
    if confirming and form.is_valid():
        try:
            with transaction.atomic():  # a learner record made for a refused enrollment is rolled back
                enrolling = learner or services.ensure_learner(
                    institution=institution,
                    user=user,
                    category=form.cleaned_data["category"],
                    level=form.cleaned_data["level"],
                )
                outcome = services.enroll_learner(
                    learner=enrolling,
                    micro_credential=micro_credential,
                    source=Enrollment.Source.SELF,
                    by=user,
                    confirmed_prerequisites=form.confirmed_prerequisites(),
                )
        except InvalidInput as exc:
            _show_problems(form, exc)
        except NotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        else:
            messages.success(request, f"You are enrolled in {shown.title}.")
            if any(a.micro_credential_id == micro_credential.pk for a in outcome.awards):
                messages.success(
                    request,
                    "You already meet every requirement: the badge has been awarded and is in your wallet.",
                )
            return redirect("learners:progress", outcome.enrollment.uuid)
    context = {
        "version": shown,
        "institution": institution,
        "form": form,
        "problems": _problems_now(learner, micro_credential, current),
        "totals": public_selectors.fee_totals(shown),
        "learner": learner,
    }
    return render(request, "learners/enroll.html", context)


# My micro-credentials and progress -------------------------------------------------------------------------


def _card(enrollment: Enrollment, progress: award_selectors.Progress) -> dict[str, Any]:
    done, needed = progress.evaluation.progress
    return {
        "enrollment": enrollment,
        "version": progress.version,
        "evaluation": progress.evaluation,
        "award": progress.award,
        "done": done,
        "needed": needed,
    }


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My micro-credentials: one card per enrollment, at every institution where I learn."""
    user = signed_in_user(request)
    cards: list[dict[str, Any]] = []
    withdrawn: list[Enrollment] = []
    for learner in selectors.learner_records_of_user(user.pk):
        enrollments = {e.micro_credential_id: e for e in selectors.enrollments_of(learner)}
        for progress in award_selectors.progress_of(learner):
            enrollment = enrollments[progress.version.micro_credential_id]
            if enrollment.status == Enrollment.Status.WITHDRAWN:
                withdrawn.append(enrollment)
            else:
                cards.append(_card(enrollment, progress))
    records = [
        {"learner": learner, "form": forms.DidForm(initial={"did": learner.did}, prefix=str(learner.uuid))}
        for learner in selectors.learner_records_of_user(user.pk)
    ]
    return render(request, "learners/home.html", {"cards": cards, "withdrawn": withdrawn, "records": records})


@login_required
@require_POST
def set_did(request: HttpRequest, learner_uuid: UUID) -> HttpResponse:
    """The learner names their own DID: future badges name it as their subject (``credentialSubject.id``)."""
    learner = selectors.learner_by_uuid(learner_uuid)
    if learner is None or not permissions.is_own_record(request.user, learner.user_id):
        raise Http404("no such learner record of yours")
    form = forms.DidForm(request.POST, prefix=str(learner.uuid))
    if form.is_valid():
        try:
            services.update_learner(learner=learner, did=form.cleaned_data["did"])
        except InvalidInput as error:
            messages.error(request, "; ".join(p.message for p in error.problems))
        else:
            if learner.did:
                messages.success(request, f"Badges from {learner.institution.name} will name {learner.did}.")
            else:
                messages.success(request, f"Badges from {learner.institution.name} will not name a DID.")
    else:
        messages.error(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("learners:home")


def _course_ids(node: award_rules.NodeResult) -> set[int]:
    ids = {node.course_id} if node.course_id is not None else set()
    for child in node.children:
        ids |= _course_ids(child)
    return ids


@login_required
@require_GET
def progress(request: HttpRequest, enrollment_uuid: UUID) -> HttpResponse:
    """The requirement tree with each item's state, what is left in plain words, and my results."""
    enrollment = _own_enrollment(request, enrollment_uuid)
    learner = enrollment.learner
    found = award_selectors.progress_of(learner, [enrollment.micro_credential_id])
    if not found:
        raise Http404("no such enrollment of yours")
    course_ids = _course_ids(found[0].evaluation.root)
    results = [c for c in selectors.completions_of(learner) if c.course_id in course_ids]
    context = {
        **_card(enrollment, found[0]),
        "institution": learner.institution,
        "results": results,
        "can_withdraw": enrollment.status == Enrollment.Status.ACTIVE,
    }
    return render(request, "learners/progress.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, enrollment_uuid: UUID) -> HttpResponse:
    enrollment = _own_enrollment(request, enrollment_uuid)
    try:
        services.withdraw_enrollment(enrollment=enrollment)
    except InvalidInput as exc:
        messages.error(request, str(exc))
        return redirect("learners:progress", enrollment.uuid)
    messages.success(request, f"You have withdrawn from {enrollment.version.title}.")
    return redirect("learners:home")
