"""API tokens: a user exchanges their login for a token (failed attempts count towards the same
lockout as the login pages), and revokes it."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.authentication import token_expires_at
from api.permissions import AUTHENTICATED
from api.serializers.dossiers import ErrorSerializer


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class AuthTokenView(APIView):
    """POST: a new token for the caller's login and password (any earlier token of theirs stops
    working). DELETE: revoke the caller's token."""

    # The integration platform's account (role Tích hợp) obtains and revokes its token too.
    integration_allowed = True

    def get_permissions(self):
        if self.request.method == "POST":
            return [AllowAny()]
        return [permission() for permission in AUTHENTICATED]

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            # A missing field is named ({"username": [...]}); a wrong password is {"detail"}.
            400: OpenApiResponse(OpenApiTypes.OBJECT, description="Invalid input or login."),
            429: ErrorSerializer,
        },
        auth=[],
    )
    def post(self, request):
        payload = TokenRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        # django-axes counts this failure; once locked, its middleware answers 429.
        user = authenticate(
            request._request,
            username=payload.validated_data["username"],
            password=payload.validated_data["password"],
        )
        if user is None or not user.is_active:
            return Response(
                {"detail": _("Wrong login or password.")}, status=status.HTTP_400_BAD_REQUEST
            )
        Token.objects.filter(user=user).delete()
        token = Token.objects.create(user=user)
        return Response({"token": token.key, "expires_at": token_expires_at(token)})

    @extend_schema(operation_id="auth_token_revoke", request=None, responses={204: None})
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
