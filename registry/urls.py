"""Registry pages outside the Viewflow site, mounted at /registry/ before the site."""
from django.urls import path

from registry import views

app_name = "registry_pages"
urlpatterns = [
    path("import/", views.import_upload, name="import"),
]
