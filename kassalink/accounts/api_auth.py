"""API token authentication (tokens are created by `kassalink token create`)."""

from rest_framework.authentication import TokenAuthentication


class ApiTokenAuthentication(TokenAuthentication):
    keyword = "Token"
