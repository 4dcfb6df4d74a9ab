"""The client address: X-Forwarded-For is believed only from trusted proxies."""

from django.test import override_settings

from epdee.core.net import client_ip


def _request(rf, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(rf):
    assert client_ip(_request(rf, "198.51.100.10", "1.2.3.4")) == "198.51.100.10"


@override_settings(EPDEE_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_a_trusted_proxy_passes_the_nearest_untrusted_hop(rf):
    # The client wrote "1.2.3.4" itself; the proxy appended the address it really saw.
    assert client_ip(_request(rf, "10.0.0.5", "1.2.3.4, 203.0.113.50")) == "203.0.113.50"
    assert client_ip(_request(rf, "10.0.0.5", "203.0.113.50, 10.1.1.1")) == "203.0.113.50"


@override_settings(EPDEE_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_spoofed_header_from_an_untrusted_address_is_ignored(rf):
    assert client_ip(_request(rf, "203.0.113.99", "10.0.0.1")) == "203.0.113.99"


@override_settings(EPDEE_TRUSTED_PROXIES=["10.0.0.0/8"])
def test_garbage_in_the_header_falls_back_to_the_proxy(rf):
    assert client_ip(_request(rf, "10.0.0.5", "not-an-ip")) == "10.0.0.5"
    assert client_ip(_request(rf, "10.0.0.5", "")) == "10.0.0.5"


def test_ipv6_and_missing_remote_address(rf):
    assert client_ip(_request(rf, "2001:db8::1")) == "2001:db8::1"
    assert client_ip(_request(rf, "")) is None
