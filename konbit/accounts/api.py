"""``POST /api/v1/auth/token/``: username, password (and ``otp``) → ``{"token"}``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_login_failed
from django.db.models import QuerySet
from django.urls import path
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.views import APIView

from konbit.accounts import affiliations, services
from konbit.accounts.forms import SIGN_IN_REFUSED
from konbit.accounts.models import ApiToken, User
from konbit.accounts.roles import requires_two_factor, roles_of
from konbit.accounts.views import lockout_message
from konbit.core.policies import OPEN, SIGNED_IN, guarded, policy_for


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=256, trim_whitespace=False)
    otp = serializers.CharField(max_length=12, required=False, allow_blank=True)
    name = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text=(
            "Which of your tokens this is (default: 'default'). Signing in again with "
            "the same name replaces that token; another name gives a second token."
        ),
    )


@guarded(OPEN)
@method_decorator(never_cache, name="dispatch")
class TokenView(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    throttle_classes: list[Any] = []

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("Token", {"token": serializers.CharField()})},
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        raw_request = request._request
        user = authenticate(raw_request, username=data["username"], password=data["password"])
        if getattr(raw_request, "axes_locked_out", False):
            return Response({"detail": lockout_message(), "errors": {}}, status=429)
        if not isinstance(user, User):
            return _refused(str(SIGN_IN_REFUSED))
        device = services.confirmed_device(user)
        two_factor = False
        if device is None and requires_two_factor(user):
            return _refused(
                _("Your role requires two-factor authentication: enrol on the web first."),
                field="otp",
            )
        if device is not None:
            code = data.get("otp")
            if not code or services.otp_verify(user=user, code=code) is None:
                # The same answer as a wrong password (no oracle), and a failure for
                # the throttle like one.
                user_login_failed.send(
                    sender=__name__, credentials={"username": user.username}, request=raw_request
                )
                return _refused(str(SIGN_IN_REFUSED))
            two_factor = True
        key = services.token_issue(
            user=user, name=data.get("name") or "default", two_factor=two_factor
        )
        return Response({"token": key})


def _refused(message: str, field: str | None = None) -> Response:
    errors = {field: [message]} if field else {}
    return Response({"detail": message, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


class MeSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    username = serializers.CharField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    two_factor = serializers.BooleanField()

    def get_fields(self) -> dict[str, serializers.Field]:
        # What the user belongs to, as the parts that keep it register it (forces:
        # "contingent", the ISO3 code of a commander's contingent).
        fields = super().get_fields()
        for affiliation in affiliations.registered():
            fields[affiliation.name] = serializers.CharField(allow_null=True)
        return fields


@guarded(SIGNED_IN)
class MeView(APIView):
    """``GET /api/v1/me/``: who the caller is, their roles and contingent."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user: User = request.user  # type: ignore[assignment]
        # The body as MeSerializer writes it, without building one per request.
        body = {
            "id": str(user.pk),
            "username": user.username,
            "name": user.get_full_name(),
            "roles": sorted(roles_of(user)),
            **{a.name: a.code_of(user) for a in affiliations.registered()},
            "two_factor": services.has_two_factor(user),
        }
        return Response(body)


class ApiTokenSerializer(serializers.ModelSerializer):
    user = serializers.CharField(source="user.username", read_only=True)
    expires_at = serializers.SerializerMethodField(
        help_text="When the token stops working if it stays unused until then."
    )

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "prefix",
            "user",
            "two_factor",
            "created_at",
            "last_used_at",
            "expires_at",
        ]

    def get_expires_at(self, token: ApiToken) -> dt.datetime:
        return services.token_expires_at(token)


class ApiTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """``/api/v1/auth/tokens/``: your API tokens (the mission administrator: everyone's,
    ``?user=NAME``); ``DELETE`` revokes one at once. Tokens are made by signing in."""

    serializer_class = ApiTokenSerializer
    policy = policy_for(ApiToken)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.policy.require_part(request.user)

    def get_queryset(self) -> QuerySet[ApiToken]:
        tokens = self.policy.visible(self.request.user)
        username = self.request.query_params.get("user")
        return tokens.filter(user__username=username) if username else tokens

    def perform_destroy(self, instance: ApiToken) -> None:
        self.policy.require(self.request.user, "delete", instance)
        services.token_revoke(actor=self.request.user, token=instance)  # type: ignore[arg-type]


router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("auth/tokens", ApiTokenViewSet, basename="api-token")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    *router.urls,
]
