"""Public notice pages (no login) and the staff's notice actions, mounted at /public/notices/."""
from django.urls import path

from notices import views

app_name = "notices"
urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("<int:pk>/", views.public_detail, name="public_detail"),
    path("<int:pk>/pdf/", views.public_pdf, name="public_pdf"),
    path("<int:pk>/objections/record/", views.record_objection, name="record_objection"),
    path("<int:pk>/erratum/", views.draft_erratum, name="draft_erratum"),
    path("<int:pk>/objections/<int:objection_id>/case/", views.open_case, name="open_case"),
    path("<int:pk>/publication/retry/", views.retry_publication, name="retry_publication"),
]
