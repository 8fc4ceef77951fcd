"""Where the public notice pages are mounted, and a notice's public address.

Its own tiny URLconf, so the notice's PDF can print its address with `reverse` without
loading the site's URLconf: that imports every app's pages and, through them, the claim
workflow's services with pandas and scikit-learn (about 250 MB a worker rendering PDFs does
not need; bench/notices.py). claimdesk.urls includes this module, so the pages and the
printed address are the same routes.
"""
from django.conf import settings
from django.urls import include, path, reverse

urlpatterns = [
    path("public/notices/", include("notices.urls")),  # no login: published notices
]


def public_url(notice) -> str:
    """The absolute address of the notice's public page (settings.NOTICE_PUBLIC_BASE_URL)."""
    return settings.NOTICE_PUBLIC_BASE_URL.rstrip("/") + reverse(
        "notices:public_detail", args=[notice.pk], urlconf=__name__)
