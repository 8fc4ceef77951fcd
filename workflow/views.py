"""The human steps of the claim flow: a review task page and a correction task page.

Both show the claim (calculator explanation, fraud flags with reasons, history of decisions)
and collect a decision; the decision itself is made by workflow.services, the one door, whose
refusals (four eyes, scope, a task already decided) are shown on the form.
"""
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.workflow.flow.views import mixins

from workflow.choices import Decision


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Decision.choices,
                                 widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Reason (required to reject or return)"), required=False,
                             max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(forms.Form):
    reason = forms.CharField(label=_("What was corrected"), max_length=300)


class ClaimTaskView(mixins.TaskSuccessUrlMixin, generic.FormView):
    """A task page about one claim: the claim's panels above the form."""

    template_name = "workflow/claim/task.html"

    def get_context_data(self, **kwargs):
        from workflow.services import claim_panels

        context = super().get_context_data(**kwargs)
        context.update(claim_panels(self.request.activation.process.claim_review))
        return context

    def form_valid(self, form):
        try:
            self.act(form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        except PermissionDenied as error:
            form.add_error(None, getattr(error, "message", None) or str(error)
                           or _("You may not act on this task."))
            return self.form_invalid(form)
        messages.success(self.request, _("Your decision on claim %(claim)s is recorded.") % {
            "claim": self.request.activation.process.claim_review.claim_id})
        return HttpResponseRedirect(self.get_success_url())


class ReviewTaskView(ClaimTaskView):
    form_class = ReviewForm

    def act(self, data):
        from workflow.services import decide

        decide(self.request.activation.task.pk, self.request.user, data["decision"],
               data["reason"])


class CorrectTaskView(ClaimTaskView):
    form_class = CorrectionForm

    def act(self, data):
        from workflow.services import resubmit

        resubmit(self.request.activation.task.pk, self.request.user, data["reason"])
