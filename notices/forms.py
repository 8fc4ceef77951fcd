"""Forms of the notice pages: the committee's review, the revision, objections."""
from django import forms
from django.utils.translation import gettext_lazy as _

from notices.choices import ObjectionChannel


class ReviewForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Decision"), coerce=lambda value: value == "approve", widget=forms.RadioSelect,
        choices=[("approve", _("Approve and publish")),
                 ("send_back", _("Send back with comments"))])
    comments = forms.CharField(label=_("Comments (required to send back)"), required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))


class ReviseForm(forms.Form):
    note = forms.CharField(label=_("What was corrected (on the claims)"), max_length=300)


class ObjectionForm(forms.Form):
    """The public objection form. `website` is a honeypot: hidden from people, filled in by
    bots; a filled one is dropped without saying so."""

    text = forms.CharField(label=_("Your objection"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 4}))
    line_no = forms.IntegerField(label=_("Line number (if about one line)"), required=False,
                                 min_value=1)
    name = forms.CharField(label=_("Your name (optional)"), max_length=50, required=False)
    contact = forms.CharField(label=_("Telephone or address (optional)"), max_length=100,
                              required=False)
    website = forms.CharField(label=_("Leave this empty"), required=False, widget=forms.TextInput(
        attrs={"autocomplete": "off", "tabindex": "-1"}))


class StaffObjectionForm(ObjectionForm):
    channel = forms.ChoiceField(label=_("Received by"), choices=[
        (ObjectionChannel.PHONE, ObjectionChannel.PHONE.label),
        (ObjectionChannel.IN_PERSON, ObjectionChannel.IN_PERSON.label)])

    field_order = ["channel", "text", "line_no", "name", "contact"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["website"]


class ErratumForm(forms.Form):
    reason = forms.CharField(label=_("What the erratum corrects"), max_length=300)
