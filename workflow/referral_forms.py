"""Forms of the referral pages: a hospital's request and emergency report, the county office's
decision and review, the dashboard's filters and the public verification code."""
from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Hospital
from workflow.choices import EmergencyStatus, ReferralStatus, ReferralUrgency

DATE = forms.DateInput(attrs={"type": "date"})


def hospital_choices(blank_label=None) -> list[tuple[str, str]]:
    choices = [(h.code, f"{h.name} ({h.code})")
               for h in Hospital.objects.order_by("-level", "code").only("code", "name")]
    return [("", blank_label)] + choices if blank_label is not None else choices


class ReferralRequestForm(forms.Form):
    person_id = forms.CharField(label=_("Patient's resident ID"), max_length=18)
    to_hospital = forms.ChoiceField(label=_("Referred to"))
    diagnosis_code = forms.CharField(label=_("Diagnosis (ICD-10)"), max_length=16)
    reason = forms.CharField(label=_("Reason for referral"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    urgency = forms.ChoiceField(label=_("Urgency"), choices=ReferralUrgency.choices,
                                initial=ReferralUrgency.ROUTINE)

    def __init__(self, *args, own_hospital=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_hospital"].choices = [
            (code, label) for code, label in hospital_choices() if code != own_hospital]


class EmergencyReportForm(forms.Form):
    person_id = forms.CharField(label=_("Patient's resident ID"), max_length=18)
    admitted_on = forms.DateField(label=_("Admitted on"), widget=DATE)
    diagnosis_code = forms.CharField(label=_("Diagnosis (ICD-10)"), max_length=16)


class DecisionForm(forms.Form):
    """The county office's decision on a referral, or its review of an emergency report."""

    approve = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda value: value == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Approve")), ("no", _("Reject"))])
    reason = forms.CharField(label=_("Reason (required to reject)"), required=False,
                             max_length=300, widget=forms.Textarea(attrs={"rows": 3}))


class DashboardFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Referral status"), required=False,
                               choices=[("", _("Any status"))] + ReferralStatus.choices)
    report_status = forms.ChoiceField(label=_("Emergency report status"), required=False,
                                      choices=[("", _("Any status"))] + EmergencyStatus.choices)
    date_from = forms.DateField(label=_("Filed or admitted from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("to"), required=False, widget=DATE)
    destination = forms.ChoiceField(label=_("Destination"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].choices = hospital_choices(_("Any hospital"))


class VerificationForm(forms.Form):
    code = forms.CharField(label=_("Verification code"), max_length=20)
