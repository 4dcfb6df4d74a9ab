"""Models of the ZorgAPIs registry."""

from .base import RegistryModel, SemVerFields
from .organizations import Invitation, Organization, OrganizationMembership
from .requirements import ApiRequirement, ApiRequirementClassification, ApiRequirementsVersion
from .specifications import (
    ApiSpecification,
    ApiSpecificationVersion,
    ApiSpecificationVersionUrl,
    DeclarationOfConformity,
)
from .standards import (
    CommunicationStandard,
    CommunicationStandardVersion,
    InformationStandard,
    InformationStandardVersion,
    InformationStandardVersionCareType,
    TrustFramework,
    TrustFrameworkVersion,
)

__all__ = [
    "ApiRequirement",
    "ApiRequirementClassification",
    "ApiRequirementsVersion",
    "ApiSpecification",
    "ApiSpecificationVersion",
    "ApiSpecificationVersionUrl",
    "CommunicationStandard",
    "CommunicationStandardVersion",
    "DeclarationOfConformity",
    "InformationStandard",
    "InformationStandardVersion",
    "InformationStandardVersionCareType",
    "Invitation",
    "Organization",
    "OrganizationMembership",
    "RegistryModel",
    "SemVerFields",
    "TrustFramework",
    "TrustFrameworkVersion",
]
