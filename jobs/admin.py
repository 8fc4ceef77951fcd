"""Jobs in the admin: read-only (a job's record is what happened)."""
from django.contrib import admin

from jobs.models import Job, JobBatch


class JobBatchInline(admin.TabularInline):
    model = JobBatch
    extra = 0
    can_delete = False
    readonly_fields = ("key", "result", "finished_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "state", "done", "total", "created_by", "created_at",
                    "finished_at")
    list_filter = ("kind", "state")
    readonly_fields = [f.name for f in Job._meta.fields]
    inlines = [JobBatchInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
