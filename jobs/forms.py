"""The form that starts a fraud scoring job from the jobs page."""
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ScoreForm(forms.Form):
    year = forms.IntegerField(label=_("Policy year"), min_value=2000, max_value=2100,
                              initial=lambda: timezone.localdate().year)
