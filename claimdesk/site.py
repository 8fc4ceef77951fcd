"""The Viewflow site: one Application per app, mounted at "/" (DESIGN.md: the menu of applications).

An application shows in the menu, and opens, only for a user who may view at least one of its
pages; each page then applies the role's permissions and registry.scope.
"""
from django.utils.translation import gettext_lazy as _
from viewflow import Icon
from viewflow.urls import Application, Site

from casework.viewsets import CaseworkApplication
from claimdesk.flow_pages import ScopedFlowAppViewset, ScopedTaskListsViewset
from dashboard.viewsets import home_pages
from fraud.viewsets import AlertViewset
from notices.flows import NoticeFlow
from notices.viewsets import NoticeLineViewset, NoticeViewset
from registry.merger_flow import MergerFlow
from registry.merger_views import MergerViewset
from registry.viewsets import (
    CertificateViewset, EnrolmentViewset, HospitalViewset, HouseholdViewset, PersonViewset,
)
from workflow.viewsets import ClaimViewset
from workflow.flows import ClaimFlow
from workflow.referral_flows import EmergencyReviewFlow, ReferralFlow
from workflow.referral_views import ReferralDeskViewset
from workflow.transfer_flow import TransferFlow
from workflow.transfer_views import TransferViewset
from workflow.views import ClaimReviewViewset


class ClaimDeskApplication(Application):
    def has_view_permission(self, user, obj=None):
        """Signed in: may view one of its pages. Anonymous: let the page send them to log in."""
        if not user.is_authenticated:
            return True
        return any(viewset.has_view_permission(user) for viewset in self.menu_items())


site = Site(
    title=_("ClaimDesk"),
    viewsets=[
        # First, so "/" and the page after login open the user's home page (dashboard app).
        ClaimDeskApplication(title=_("Home"), icon=Icon("home"), app_name="home",
                             viewsets=home_pages()),
        ClaimDeskApplication(
            title=_("Registry"), icon=Icon("people"), app_name="registry",
            viewsets=[PersonViewset(), HouseholdViewset(), EnrolmentViewset(),
                      CertificateViewset(), HospitalViewset(),
                      MergerViewset()],  # seed 004 hand-over: staging and the register
        ),
        # The merger's two signatures (seed 004), tasks of two officers who did not stage it.
        ScopedFlowAppViewset(MergerFlow, title=_("Scheme merger sign-off"),
                             icon=Icon("draw"), app_name="merger_signoff"),
        ClaimDeskApplication(
            title=_("Claims"), icon=Icon("receipt_long"), app_name="claims",
            viewsets=[ClaimViewset()],
        ),
        ClaimReviewViewset(ClaimFlow, icon=Icon("fact_check")),  # review tasks, overdue list
        # Notices: the supervision committee's reviews and the office's revisions (inbox,
        # queue); the published notices themselves are public, at /public/notices/.
        ScopedTaskListsViewset(NoticeFlow, title=_("Notices"), icon=Icon("campaign"),
                               app_name="notice_review"),
        ClaimDeskApplication(  # every notice and line in the user's scope: lists, export
            title=_("Notice lists"), icon=Icon("article"), app_name="notice_desk",
            viewsets=[NoticeViewset(), NoticeLineViewset()],
        ),
        # Referrals: the hospitals' dashboard and forms, then the county office's decisions and
        # emergency report reviews (inbox, queue); certificates are verified in public at
        # /public/referrals/.
        ClaimDeskApplication(
            title=_("Referrals"), icon=Icon("local_hospital"), app_name="referrals",
            viewsets=[ReferralDeskViewset()],
        ),
        ScopedFlowAppViewset(ReferralFlow, title=_("Referral approvals"),
                             icon=Icon("approval"), app_name="referral_review"),
        ScopedFlowAppViewset(EmergencyReviewFlow, title=_("Emergency report reviews"),
                             icon=Icon("emergency"), app_name="emergency_review"),
        # Scheme transfers (转移接续): both offices' list, filing, the confirmations (queue).
        TransferViewset(TransferFlow, title=_("Scheme transfers"), icon=Icon("swap_horiz"),
                        app_name="transfers"),
        ClaimDeskApplication(
            title=_("Fraud"), icon=Icon("policy"), app_name="fraud",
            viewsets=[AlertViewset()],
        ),
        CaseworkApplication(),  # investigators' queue and cases; the supervisor assigns
    ],
)
