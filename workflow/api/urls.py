"""The workflow API: /api/claims/ (hospitals' claims with bill lines)."""
from rest_framework.routers import SimpleRouter

from workflow.api.views import ClaimViewSet

router = SimpleRouter()
router.register("claims", ClaimViewSet, basename="api-claim")
urlpatterns = router.urls
