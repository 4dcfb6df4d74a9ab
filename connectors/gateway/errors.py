"""Errors of the connector gateway: a status and the Ons-style body {"message": …}."""


class GatewayError(Exception):
    def __init__(self, status: int, message: str, **extra):
        super().__init__(message)
        self.status = status
        self.body = {"message": message, **extra}


NOT_ALLOWED = "API call not allowed"  # seed 000, 2018-07-12: the 403 for calls a connector may not make
