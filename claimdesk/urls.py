"""Project URLs: the Viewflow site, the admin, login and language switching."""
from django.contrib import admin
from django.urls import include, path

from claimdesk.language import switch_language
from claimdesk.site import site

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/", switch_language, name="switch_language"),
    path("registry/", include("registry.urls")),  # the upload page, before the site's /registry/
    # The Viewflow site (claimdesk.site): "/", /registry/..., /claims/...
    path("", site.urls),
]
