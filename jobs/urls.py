"""Jobs pages, mounted at /jobs/."""
from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("score/", views.start_scoring, name="start_scoring"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/progress/", views.progress, name="progress"),
]
