"""The public site for a signed-in user: the same pages, open before two-factor is done
(the public namespaces are exempt in core's ``TwoFactorRequiredMiddleware``)."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_user_halfway_through_two_factor_reads_the_public_pages_and_nothing_else(
    client, personas
):
    client.force_login(personas["regional_admin"])  # the password, not yet the code
    for address in ("/", "/en/", "/privacy/", "/en/privacy/", "/robots.txt", "/sitemap.xml"):
        assert client.get(address).status_code == 200, address
    assert client.get("/home/")["Location"].startswith("/account/two-factor/")
