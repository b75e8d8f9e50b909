"""The anonymous endpoints' throttles (public pages and public API alike), per client
address: a reference code cannot be guessed by trying many, and the filing form
cannot be flooded. DRF's cache-based throttle, as stability's public API uses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _PerAddress(SimpleRateThrottle):
    def get_ident(self, request: Any) -> str:
        """The client's address as the site's proxies (``KONBIT_PROXY_COUNT``, as
        for the login throttle) report it. DRF's default trusts a client's own
        X-Forwarded-For when no proxy count is set: a guesser would name a new
        address with each try."""
        proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if proxies and forwarded:
            hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
            if hops:
                return hops[-min(proxies, len(hops))]
        return str(request.META.get("REMOTE_ADDR", ""))

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class FollowThrottle(_PerAddress):
    """Looking a code up: 30 an hour from one address (a person checks a few codes;
    one who tries codes learns nothing in a space of 5 * 10**11)."""

    scope = "complaint_follow"
    rate = "30/hour"


class FileThrottle(_PerAddress):
    """Filing a complaint: 10 an hour from one address (several people may share
    one address, a cybercafé or a mobile network, so not fewer)."""

    scope = "complaint_file"
    rate = "10/hour"


def allowed(throttle: type[SimpleRateThrottle], request: Any) -> tuple[bool, int]:
    """Whether ``request`` may go on, and else in how many seconds it may retry;
    for the pages (the API sets ``throttle_classes``)."""
    one = throttle()
    if one.allow_request(request, None):  # type: ignore[arg-type]
        return True, 0
    return False, int(one.wait() or 60)
