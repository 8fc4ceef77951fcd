"""Hospitals submit claims with bill lines and follow them (DRF, token auth; DOMAIN.md
"Who uses it": a hospital administrator sees their own hospital's claims only).

A submitted claim is assessed by benefits and routed like an imported one
(workflow.services.route_claims), in the same request.
"""
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import PermissionDenied

from audit import services as audit
from benefits.services import ClaimInputError, PolicyMissing, store_claim
from registry.scope import restrict
from workflow.api.serializers import ClaimSerializer
from workflow.models import Claim
from workflow.services import route_claims


class ClaimPermission(permissions.BasePermission):
    """Reading needs workflow.view_claim; submitting needs workflow.add_claim and a hospital."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return request.user.has_perm("workflow.view_claim")
        return request.user.has_perm("workflow.add_claim")


class ClaimViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                   viewsets.GenericViewSet):
    serializer_class = ClaimSerializer
    permission_classes = [permissions.IsAuthenticated, ClaimPermission]
    lookup_field = "claim_id"

    def get_queryset(self):
        return restrict(Claim.objects.prefetch_related("lines"), self.request.user)

    def get_serializer_context(self):
        profile = getattr(self.request.user, "staff", None)
        return {**super().get_serializer_context(),
                "hospital_id": profile.hospital_id if profile else None}

    def perform_create(self, serializer):
        if not serializer.context["hospital_id"]:
            raise PermissionDenied(_("Only a hospital's administrator submits claims."))
        with transaction.atomic():
            claim = serializer.save()
            audit.record(self.request.user, "workflow.claim_submitted", claim,
                         changes={"lines": claim.lines.count(), "total_fen": claim.total_fen})
        try:
            store_claim(claim, actor=self.request.user)
        except (PolicyMissing, ClaimInputError):
            return  # stays received; the office's adjudication run reports it
        route_claims([claim.pk], actor=self.request.user)
        claim.refresh_from_db()
