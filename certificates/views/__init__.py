"""Pages of the certificates app: the Certificates tab of a version, the approval requests, the Security pages."""
