"""Project URLs: the Viewflow site, the admin, login and language switching."""
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

from claimdesk.language import switch_language
from claimdesk.site import site

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),  # throttled login, audited password change
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", switch_language, name="switch_language"),
    path("registry/", include("registry.urls")),  # the upload page, before the site's /registry/
    path("api/", include("workflow.api.urls")),  # hospitals' claims (token auth)
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include("notices.links")),  # /public/notices/: no login, published notices
    path("public/referrals/", include("workflow.referral_urls")),  # no login: verification
    path("jobs/", include("jobs.urls")),  # background jobs and their progress
    # The Viewflow site (claimdesk.site): "/", /registry/..., /claims/...
    path("", site.urls),
]
