"""The workflow API: /api/claims/ (hospitals' claims with bill lines), /api/referrals/ and
/api/emergency-reports/ (hospitals' referral requests and emergency admission reports)."""
from rest_framework.routers import SimpleRouter

from workflow.api.referrals import EmergencyReportViewSet, ReferralViewSet
from workflow.api.views import ClaimViewSet

router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="api-claim")
router.register("referrals", ReferralViewSet, basename="api-referral")
router.register("emergency-reports", EmergencyReportViewSet, basename="api-emergency-report")
urlpatterns = router.urls
