"""The public verification page of referral certificates (no login), at /public/referrals/."""
from django.urls import path

from workflow import referral_views as views

app_name = "referrals_public"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("<str:code>/", views.verify, name="verify"),
]
