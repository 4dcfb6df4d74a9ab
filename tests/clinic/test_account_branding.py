"""Branding (seed 004 POST /api/branding/upload and /praktijk/huisstijl/): type by content, size and dimension
limits, stored through the storage API, for the practice's administrators only."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from epdee.clinic.models import TenantBranding
from epdee.clinic.services.branding import branding_urls
from epdee.core.models import AuditEvent, Tenant, TenantMembership
from epdee.core.services.tokens import create_api_token
from tests.clinic.support import admin_of, image_bytes
from tests.core.factories import MembershipFactory, TenantFactory, UserFactory

URL = "/api/branding/upload"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def admin(db):
    return admin_of(TenantFactory())


def upload(client, **files):
    data = {name: SimpleUploadedFile(filename, content) for name, (filename, content) in files.items()}
    return client.post(URL, data, format="multipart")


def api(membership):
    client = APIClient()
    client.force_login(membership.user)
    return client


def stored_files(media):
    return sorted(path.name for path in media.rglob("*") if path.is_file())


def test_an_admin_uploads_a_logo_and_a_favicon(admin, media):
    response = upload(
        api(admin),
        logo=("my logo.png", image_bytes((400, 120))),
        favicon=("favicon.ico", image_bytes((32, 32), "ICO")),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    branding = TenantBranding.objects.for_tenant(admin.tenant).get()
    assert branding.logo.name.startswith(f"branding/{admin.tenant.pk}/logo-") and branding.logo.name.endswith(".png")
    assert branding.favicon.name.endswith(".ico") and default_storage.exists(branding.favicon.name)
    assert body["logoUrl"].endswith(branding.logo.url) and body["logoUrl"].startswith("http://testserver/")
    assert branding_urls(admin.tenant) == {"logoUrl": branding.logo.url, "faviconUrl": branding.favicon.url}
    event = AuditEvent.objects.get(action="branding.update")
    assert event.actor == admin.user and set(event.details) == {"logo", "favicon"}


@pytest.mark.parametrize("image_format, extension", [("JPEG", "jpg"), ("WEBP", "webp"), ("PNG", "png")])
def test_logo_formats_are_told_by_content_not_by_name(admin, image_format, extension):
    response = upload(api(admin), logo=("logo.gif", image_bytes((100, 100), image_format)))
    assert response.status_code == 200, response.content
    assert TenantBranding.objects.get().logo.name.endswith(f".{extension}")


def test_a_png_favicon_is_accepted(admin):
    assert upload(api(admin), favicon=("icon.png", image_bytes((48, 48)))).status_code == 200


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>'


@pytest.mark.parametrize(
    "field, filename, content, message",
    [
        ("logo", "logo.svg", SVG, "must be a PNG, JPEG, WEBP image"),
        ("logo", "logo.png", SVG, "must be a PNG, JPEG, WEBP image"),
        ("logo", "logo.png", image_bytes((64, 64), "GIF", mode="P"), "must be a PNG, JPEG, WEBP image"),
        ("logo", "logo.png", PNG_MAGIC + b"garbage" * 50, "not a valid PNG image"),
        ("logo", "logo.png", PNG_MAGIC + b"0" * (1024 * 1024), "at most 1 MB"),
        ("logo", "logo.png", image_bytes((8, 8)), "between 16 and 4000 pixels"),
        ("logo", "logo.png", image_bytes((4100, 20)), "between 16 and 4000 pixels"),
        ("logo", "logo.ico", image_bytes((32, 32), "ICO"), "must be a PNG, JPEG, WEBP image"),
        ("favicon", "favicon.jpg", image_bytes((32, 32), "JPEG"), "must be a PNG, ICO image"),
        ("favicon", "favicon.png", image_bytes((600, 600)), "between 16 and 512 pixels"),
        ("favicon", "favicon.ico", b"\x00\x00\x01\x00" + b"0" * (100 * 1024), "at most 100 KB"),
        ("favicon", "favicon.ico", b"", "empty"),
    ],
)
def test_a_refused_file_is_a_400_and_nothing_is_stored(admin, media, field, filename, content, message):
    response = upload(api(admin), **{field: (filename, content)})
    assert response.status_code == 400, response.content
    errors = response.json()
    assert field in errors and message in errors[field][0], errors
    assert not TenantBranding.objects.exists() or not getattr(TenantBranding.objects.get(), field)
    assert stored_files(media) == []


def test_a_good_logo_is_not_kept_when_the_favicon_is_refused(admin, media):
    response = upload(
        api(admin),
        logo=("logo.png", image_bytes((200, 50))),
        favicon=("favicon.ico", b"\x00\x00\x01\x00" + b"0" * (200 * 1024)),
    )
    assert response.status_code == 400 and "favicon" in response.json()
    assert not TenantBranding.objects.exists() and stored_files(media) == []


def test_an_oversized_request_is_refused_before_it_is_read(admin):
    client = api(admin)
    big = client.post(URL, data=b"x", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(5 * 1024**2))
    assert big.status_code == 400


def test_a_new_logo_replaces_the_old_file(admin, media, django_capture_on_commit_callbacks):
    client = api(admin)
    with django_capture_on_commit_callbacks(execute=True):
        upload(client, logo=("a.png", image_bytes((100, 100))))
        first = TenantBranding.objects.get().logo.name
        upload(client, logo=("b.png", image_bytes((120, 100))))
    second = TenantBranding.objects.get().logo.name
    assert first != second and default_storage.exists(second) and not default_storage.exists(first)


@pytest.mark.parametrize("role", [TenantMembership.Role.STAFF, TenantMembership.Role.VIEWER])
def test_only_administrators_upload(db, role):
    member = MembershipFactory(role=role)
    response = upload(api(member), logo=("logo.png", image_bytes()))
    assert response.status_code == 403 and not TenantBranding.objects.exists()


def test_a_read_only_practice_cannot_change_its_branding(db):
    admin = admin_of(TenantFactory(status=Tenant.Status.READ_ONLY))
    assert upload(api(admin), logo=("logo.png", image_bytes())).status_code == 403


def test_strangers_get_404_and_anonymous_visitors_are_refused(db):
    stranger = APIClient()
    stranger.force_login(UserFactory())
    assert upload(stranger, logo=("logo.png", image_bytes())).status_code == 404
    assert upload(APIClient(), logo=("logo.png", image_bytes())).status_code in (401, 403, 404)


def test_tokens_need_write_access(admin):
    _, read_only = create_api_token(admin.user, name="r", scope="read", tenant=admin.tenant)
    _, read_write = create_api_token(admin.user, name="rw", scope="read_write", tenant=admin.tenant)
    for raw, expected in ((read_only, 403), (read_write, 200)):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        assert upload(client, logo=("logo.png", image_bytes())).status_code == expected


def test_the_branding_page_uploads_shows_and_removes(client, admin, media, django_capture_on_commit_callbacks):
    client.force_login(admin.user)
    page_url = reverse("clinic:branding")
    assert "No logo yet" in client.get(page_url).content.decode()
    response = client.post(page_url, {"logo": SimpleUploadedFile("logo.png", image_bytes((300, 80)))})
    assert response.status_code == 302
    branding = TenantBranding.objects.get()
    assert branding.logo.url in client.get(page_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("clinic:branding-remove"), {"field": "logo"})
    branding.refresh_from_db()
    assert not branding.logo and stored_files(media) == []


def test_the_branding_page_is_for_administrators(client, db):
    staff = MembershipFactory(role=TenantMembership.Role.STAFF)
    client.force_login(staff.user)
    assert client.get(reverse("clinic:branding")).status_code == 403
    client.force_login(UserFactory())
    assert client.get(reverse("clinic:branding")).status_code == 404


# --- the page and the API refuse the same bad upload alike ----------------------------------------------------


def _page_refusal(admin, files) -> tuple[int, dict]:
    client = Client()
    client.force_login(admin.user)
    response = client.post(reverse("clinic:branding"), files)
    errors = response.context["form"].errors if response.context else {}
    return response.status_code, {("" if name == "__all__" else name): list(texts) for name, texts in errors.items()}


def _api_refusal(admin, files) -> tuple[int, dict]:
    response = api(admin).post(URL, files, format="multipart")
    return response.status_code, {
        ("" if name == "non_field_errors" else name): texts for name, texts in response.json().items()
    }


SURFACES = {"page": _page_refusal, "api": _api_refusal}
BAD_UPLOADS = {
    "an SVG as the logo": ({"logo": ("logo.svg", SVG)}, {"logo": ["The logo must be a PNG, JPEG, WEBP image."]}),
    "a JPEG as the favicon": (
        {"favicon": ("favicon.jpg", image_bytes((32, 32), "JPEG"))},
        {"favicon": ["The favicon must be a PNG, ICO image."]},
    ),
    "text named logo.png": (
        {"logo": ("logo.png", b"not an image at all")},
        {"logo": ["The logo must be a PNG, JPEG, WEBP image."]},
    ),
    "two bad files": (
        {"logo": ("logo.png", image_bytes((8, 8))), "favicon": ("favicon.ico", b"\x00\x00\x01\x00" + b"0" * 102400)},
        {
            "logo": ["The logo must be between 16 and 4000 pixels wide and high (this one is 8×8)."],
            "favicon": ["The favicon may be at most 100 KB."],
        },
    ),
    "no file": ({}, {"": ["Choose a logo, a favicon or both to upload."]}),
}


@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("case", BAD_UPLOADS)
def test_a_bad_upload_is_refused_alike_on_the_page_and_the_api(admin, media, surface, case):
    files, expected = BAD_UPLOADS[case]
    uploads = {name: SimpleUploadedFile(filename, content) for name, (filename, content) in files.items()}
    status, errors = SURFACES[surface](admin, uploads)
    assert (status, errors) == (400, expected)
    assert not TenantBranding.objects.exists() and stored_files(media) == []
    assert not AuditEvent.objects.filter(action="branding.update").exists()
