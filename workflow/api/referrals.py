"""Hospitals file referral requests and report emergency admissions, and follow them (DRF,
token auth; DOMAIN.md "Who uses it": a hospital administrator sees their own hospital only).

The same services as the pages (workflow.referrals, workflow.emergencies) make every change;
lists and objects start from registry.scope, so another hospital's referral is a 404.
"""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from registry.scope import restrict
from workflow.choices import ReferralUrgency
from workflow.models import EmergencyReport, Referral


class ReferralSerializer(serializers.ModelSerializer):
    person_id = serializers.CharField(max_length=18)
    from_hospital_code = serializers.CharField(source="from_hospital_id", read_only=True)
    to_hospital_code = serializers.CharField(source="to_hospital_id", max_length=20)
    urgency = serializers.ChoiceField(choices=ReferralUrgency.choices,
                                      default=ReferralUrgency.ROUTINE)
    reason = serializers.CharField(max_length=2000)
    standing = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = ["referral_no", "person_id", "from_hospital_code", "to_hospital_code",
                  "diagnosis_code", "reason", "urgency", "status", "standing", "valid_from",
                  "valid_to", "requested_at", "decided_at", "decision_reason", "code"]
        read_only_fields = ["referral_no", "status", "valid_from", "valid_to", "requested_at",
                            "decided_at", "decision_reason", "code"]

    def get_standing(self, referral) -> str:
        from workflow.referrals import standing

        return standing(referral, timezone.localdate()).value


class EmergencyReportSerializer(serializers.ModelSerializer):
    person_id = serializers.CharField(max_length=18)
    hospital_code = serializers.CharField(source="hospital_id", read_only=True)

    class Meta:
        model = EmergencyReport
        fields = ["id", "person_id", "hospital_code", "admitted_on", "diagnosis_code",
                  "reported_on", "due_on", "late", "status", "reviewed_at", "review_reason"]
        read_only_fields = ["id", "reported_on", "due_on", "late", "status", "reviewed_at",
                            "review_reason"]


class ModelPermission(permissions.BasePermission):
    """Reading needs the model's view permission, filing its add permission."""

    def has_permission(self, request, view):
        model = view.queryset_model._meta
        action = "view" if request.method in permissions.SAFE_METHODS else "add"
        return request.user.has_perm(f"{model.app_label}.{action}_{model.model_name}")


class ScopedFilingViewSet(mixins.CreateModelMixin, mixins.ListModelMixin,
                          mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """List and read in scope; create through the service named by `file`."""

    permission_classes = [permissions.IsAuthenticated, ModelPermission]
    queryset_model = None

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record = self.file(request.user, serializer.validated_data)
        except DjangoPermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict if hasattr(error, "error_dict")
                                  else error.messages) from None
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class ReferralViewSet(ScopedFilingViewSet):
    """GET the referrals from or to your hospital; POST a referral request from it."""

    serializer_class = ReferralSerializer
    queryset_model = Referral
    lookup_field = "referral_no"

    def get_queryset(self):
        return restrict(Referral.objects.defer("certificate_pdf").order_by("-requested_at",
                                                                          "referral_no"),
                        self.request.user)

    def file(self, user, data):
        from workflow.referrals import file_referral

        return file_referral(user, data["person_id"], data["to_hospital_id"],
                             data["diagnosis_code"], data["reason"], data["urgency"])


class EmergencyReportViewSet(ScopedFilingViewSet):
    """GET your hospital's emergency reports; POST an admission to report it."""

    serializer_class = EmergencyReportSerializer
    queryset_model = EmergencyReport

    def get_queryset(self):
        return restrict(EmergencyReport.objects.all(), self.request.user)

    def file(self, user, data):
        from workflow.emergencies import report_emergency

        return report_emergency(user, data["person_id"], data["admitted_on"],
                                data["diagnosis_code"])
