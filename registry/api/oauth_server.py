"""The OAuth 2.0 authorization server of the registry API: oauthlib's, with S256 as the only PKCE method."""

from oauthlib.oauth2 import Server
from oauthlib.oauth2.rfc6749.grant_types.authorization_code import code_challenge_method_s256


class S256OnlyServer(Server):
    """oauthlib accepts the PKCE method "plain" (and assumes it when a client names none): the consent page
    showed, and only issuing the code refused it afterwards. Here an authorization request without S256 is
    refused before the consent page, and the client is told so (RFC 9700 §2.1.1)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.auth_grant._code_challenge_methods = {"S256": code_challenge_method_s256}
