"""Models of the connectors app."""

from .catalog import ApiModel, ApiModelField, Endpoint
from .connectors import AllowedField, Connector, ConnectorVersion, EnabledEndpoint, VersionEvent
from .news import NewsPost
from .suppliers import Supplier, SupplierIntakeRequest, SupplierMembership

__all__ = [
    "AllowedField",
    "ApiModel",
    "ApiModelField",
    "Connector",
    "ConnectorVersion",
    "EnabledEndpoint",
    "Endpoint",
    "NewsPost",
    "Supplier",
    "SupplierIntakeRequest",
    "SupplierMembership",
    "VersionEvent",
]
