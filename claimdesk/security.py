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

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CONTENT_SECURITY_POLICY:
            response.headers.setdefault("Content-Security-Policy",
                                        settings.CONTENT_SECURITY_POLICY)
        return response
