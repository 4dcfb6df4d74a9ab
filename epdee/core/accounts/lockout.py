"""How django-axes names the account a failed sign-in was for."""


def attempted_username(request, credentials=None) -> str:
    """The e-mail address tried, lower-cased so that case variants count as one account."""
    value = ""
    if credentials:
        value = credentials.get("email") or credentials.get("username") or ""
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login", "")
    return str(value).strip().lower()[:254]
