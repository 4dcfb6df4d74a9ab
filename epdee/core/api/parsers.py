"""The JSON parser of every Epdee API: a body that does not parse, at any depth or size, is a 4xx, never a 500.

DRF's own parser reads the whole body whatever its size and lets the RecursionError of a deeply nested body
(`[` fifty thousand times) escape as a 500 that mails the administrators.
"""

import codecs

from django.utils.translation import gettext_lazy as _
from rest_framework import parsers, status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.utils import json

DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # a view may allow more with `max_body_bytes`


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "body_too_large"


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        limit = getattr(parser_context.get("view"), "max_body_bytes", DEFAULT_MAX_BODY_BYTES)
        body = stream.read(limit + 1) if stream is not None else b""
        if len(body) > limit:
            raise BodyTooLarge(_("The request body is larger than %(limit)d bytes; send less.") % {"limit": limit})
        try:
            text = codecs.decode(body, parsers.get_encoding(parser_context))
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except RecursionError:
            raise ParseError(_("The JSON body is nested too deeply; send a flatter document.")) from None
        except (ValueError, UnicodeDecodeError) as error:
            raise ParseError(_("The body is not valid JSON: %(error)s.") % {"error": error}) from None
