"""The Content-Security-Policy header, from settings.CONTENT_SECURITY_POLICY.

A small middleware rather than django-csp: ClaimDesk needs one fixed policy for every page
(no per-view policies, no nonces: our templates carry no inline script), and one header is
not worth a dependency (STYLE.md: each dependency earns its place).
"""
from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Add the configured policy to every response that does not already set one."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = settings.CONTENT_SECURITY_POLICY

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        return response
