"""Signing in and out: audit of sign-ins, lockout, password reset, two-factor, idle sessions."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from coalition.core.choices import AuditAction
from coalition.core.models import AuditEntry
from conftest import PASSWORD, sign_in

NEW_PASSWORD = "a-brand-new-passphrase-2024"


def english_client(**defaults):
    client = Client(**defaults)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def post_login(client, username, password=PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password}, **extra)


def signed_in_user_id(client):
    return client.session.get(SESSION_KEY)


def code_for(device, offset=0):
    """The code an authenticator app shows now (``offset`` steps away)."""
    token = totp(
        device.bin_key,
        step=device.step,
        t0=device.t0 - offset * device.step,
        digits=device.digits,
    )
    return f"{token:0{device.digits}d}"


def wrong_code_for(device):
    """A code that is not valid in any step the device accepts."""
    valid = {code_for(device, offset) for offset in range(-3, 4)}
    candidate = 0
    while f"{candidate:06d}" in valid:
        candidate += 1
    return f"{candidate:06d}"


# --- sign-in and sign-out -----------------------------------------------------------------


def test_it_signs_in_with_the_right_password_and_lands_on_the_home_page(personas):
    client = english_client()
    response = post_login(client, "partner")
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert str(signed_in_user_id(client)) == str(personas["partner"].pk)
    assert client.get("/home/").status_code == 200


def test_it_refuses_a_wrong_password_and_says_so(personas):
    client = english_client()
    response = post_login(client, "partner", "not-the-password")
    assert response.status_code == 200
    assert "Your username and password didn't match" in response.content.decode()
    assert signed_in_user_id(client) is None
    assert client.get("/home/")["Location"].startswith("/login/")


def test_it_goes_back_to_the_page_asked_for_after_sign_in(personas):
    client = english_client()
    first = client.get("/organizations/?country=CR")
    assert first.status_code == 302
    login_url = first["Location"]
    assert login_url.startswith("/login/?next=")
    response = client.post(login_url, {"username": "partner", "password": PASSWORD})
    assert response["Location"] == "/organizations/?country=CR"


def test_it_never_sends_the_user_to_another_site_after_sign_in(personas):
    client = english_client()
    response = client.post(
        "/login/?next=https://evil.example/phish",
        {"username": "partner", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_a_sign_in_is_written_to_the_audit_log(personas):
    post_login(english_client(), "partner")
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN)
    assert entry.actor == personas["partner"]
    assert entry.actor_repr == "partner"
    assert entry.ip == "127.0.0.1"
    assert entry.request_id


def test_a_failed_sign_in_is_written_to_the_audit_log_with_the_name_tried(personas):
    post_login(english_client(), "partner", "not-the-password")
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor is None
    assert entry.object_repr == "partner"
    assert entry.actor_repr == "anonymous (partner)"
    assert entry.ip == "127.0.0.1"
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_the_password_tried_is_never_written_to_the_audit_log(personas):
    post_login(english_client(), "partner", "my-secret-guess-123")
    for entry in AuditEntry.objects.all():
        assert "my-secret-guess-123" not in str(
            [entry.object_repr, entry.actor_repr, entry.before, entry.after]
        )


def test_signing_out_ends_the_session_and_is_written_to_the_audit_log(personas):
    client = english_client()
    post_login(client, "partner")
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert signed_in_user_id(client) is None
    assert client.get("/home/")["Location"].startswith("/login/")
    entry = AuditEntry.objects.get(action=AuditAction.LOGOUT)
    assert entry.actor == personas["partner"]


def test_signing_out_needs_a_post_so_a_link_cannot_sign_someone_out(personas):
    client = english_client()
    post_login(client, "partner")
    assert client.get("/logout/").status_code == 405
    assert client.get("/home/").status_code == 200
    assert not AuditEntry.objects.filter(action=AuditAction.LOGOUT).exists()


# --- lockout (django-axes) ----------------------------------------------------------------


def fail(client, username, times, **extra):
    return [post_login(client, username, "wrong-password", **extra) for _ in range(times)]


def test_it_locks_out_after_five_failures(personas):
    client = english_client()
    for response in fail(client, "partner", 4):
        assert response.status_code == 200
        assert "Account locked" not in response.content.decode()
    fifth = fail(client, "partner", 1)[0]
    assert fifth.status_code == 429
    assert "Account locked" in fifth.content.decode()

    sixth = post_login(client, "partner")  # the right password
    assert sixth.status_code == 429
    assert "Account locked" in sixth.content.decode()
    assert "Try again in 15 minutes" in sixth.content.decode()
    assert signed_in_user_id(client) is None


def test_a_refused_attempt_on_a_locked_account_is_audited_as_failed(personas):
    client = english_client()
    fail(client, "partner", 5)
    post_login(client, "partner")
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 6
    assert not AuditEntry.objects.filter(action=AuditAction.LOGIN).exists()


def test_a_locked_username_stays_locked_from_another_address(personas):
    fail(english_client(), "partner", 5, REMOTE_ADDR="10.0.0.1")
    client = english_client()
    response = post_login(client, "partner", REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 429
    assert signed_in_user_id(client) is None


def test_the_lock_does_not_touch_another_user_at_another_address(personas):
    fail(english_client(), "partner", 5, REMOTE_ADDR="10.0.0.1")
    client = english_client()
    response = post_login(client, "auditor", REMOTE_ADDR="10.0.0.2")
    assert response.status_code == 302
    assert str(signed_in_user_id(client)) == str(personas["auditor"].pk)


def test_behind_a_proxy_the_lock_follows_the_client_address_not_the_proxy(personas, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    fail(english_client(), "nobody", 5, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)

    same_client = english_client()
    response = post_login(same_client, "auditor", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert response.status_code == 429
    other_client = english_client()
    response = post_login(other_client, "auditor", HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).first()
    assert entry.ip == "203.0.113.5"


def test_the_lock_lifts_after_fifteen_minutes(personas):
    fail(english_client(), "partner", 5)

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    still_locked = english_client()
    assert post_login(still_locked, "partner").status_code == 429
    assert signed_in_user_id(still_locked) is None

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=5))
    client = english_client()
    response = post_login(client, "partner")
    assert response.status_code == 302
    assert str(signed_in_user_id(client)) == str(personas["partner"].pk)


def test_a_successful_sign_in_forgets_earlier_failures(personas):
    client = english_client()
    fail(client, "partner", 4)
    assert post_login(client, "partner").status_code == 302
    client.post("/logout/")
    fail(client, "partner", 4)
    response = post_login(client, "partner")
    assert response.status_code == 302
    assert str(signed_in_user_id(client)) == str(personas["partner"].pk)


# --- password reset -----------------------------------------------------------------------


def reset_link(message):
    match = re.search(r"https?://testserver(/password-reset/\S+/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_password_reset_mails_one_link_that_sets_a_new_password(personas):
    client = english_client()
    response = client.post("/password-reset/", {"email": "partner@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["partner@example.org"]

    form_page = client.get(reset_link(message), follow=True)
    assert form_page.status_code == 200
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == "/password-reset/done/"

    assert post_login(english_client(), "partner", PASSWORD).status_code == 200
    fresh = english_client()
    assert post_login(fresh, "partner", NEW_PASSWORD).status_code == 302
    assert str(signed_in_user_id(fresh)) == str(personas["partner"].pk)


def test_a_password_reset_link_works_only_once(personas):
    client = english_client()
    client.post("/password-reset/", {"email": "partner@example.org"})
    link = reset_link(mail.outbox[0])
    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    again = english_client().get(link, follow=True)
    assert again.context["validlink"] is False
    assert "This link is no longer valid" in again.content.decode()


def test_a_password_reset_signs_out_the_sessions_opened_with_the_old_password(personas):
    elsewhere = english_client()
    post_login(elsewhere, "partner")
    assert elsewhere.get("/home/").status_code == 200

    client = english_client()
    client.post("/password-reset/", {"email": "partner@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert elsewhere.get("/home/")["Location"].startswith("/login/")


def test_an_unknown_address_gets_the_same_page_and_no_mail(personas):
    client = english_client()
    response = client.post("/password-reset/", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []
    page = client.get(response["Location"])
    assert "If an account exists for that address" in page.content.decode()


def test_a_short_password_is_refused_when_resetting(personas):
    client = english_client()
    client.post("/password-reset/", {"email": "partner@example.org"})
    form_page = client.get(reset_link(mail.outbox[0]), follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Sh0rt!x", "new_password2": "Sh0rt!x"}
    )
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 12 characters." in (
        response.content.decode()
    )
    personas["partner"].refresh_from_db()
    assert personas["partner"].check_password(PASSWORD)


def test_a_common_password_is_refused_when_changing_it(personas):
    client = english_client()
    post_login(client, "partner")
    response = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "password1234",
            "new_password2": "password1234",
        },
    )
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    personas["partner"].refresh_from_db()
    assert personas["partner"].check_password(PASSWORD)


# --- two-factor ---------------------------------------------------------------------------

TWO_FACTOR_PERSONAS = ["regional_admin", "cr_editor"]
PAGES = ["/home/", "/organizations/", "/countries/", "/account/", "/login/"]


def password_only(name, personas):
    """A client signed in with the password alone, as the sign-in page leaves it."""
    client = english_client()
    response = post_login(client, name)
    assert response.status_code == 302
    assert str(signed_in_user_id(client)) == str(personas[name].pk)
    return client


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("name", TWO_FACTOR_PERSONAS)
def test_a_role_that_needs_two_factor_must_confirm_a_code_before_any_page(name, page, personas):
    confirmed_device(personas[name])
    client = password_only(name, personas)
    response = client.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/?next=")
    verify = client.get(response["Location"])
    assert verify.status_code == 200
    assert "Enter the code from your authenticator app." in verify.content.decode()


@pytest.mark.parametrize("name", TWO_FACTOR_PERSONAS)
def test_a_role_that_needs_two_factor_without_a_device_is_sent_to_enrol(name, personas):
    client = password_only(name, personas)
    response = client.get("/organizations/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/account/two-factor/?next=")
    assert response.status_code == 200
    assert "Set up two-factor sign-in" in response.content.decode()
    assert "Your role gives access to sensitive records" in response.content.decode()


@pytest.mark.parametrize("name", TWO_FACTOR_PERSONAS)
def test_the_api_refuses_a_session_without_two_factor_with_a_json_403(name, personas):
    client = password_only(name, personas)
    response = client.get("/api/organizations/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Two-factor verification is required for your role."}


@pytest.mark.parametrize("name", TWO_FACTOR_PERSONAS)
def test_enrolling_with_a_valid_code_confirms_the_device_and_lets_the_user_in(name, personas):
    user = personas[name]
    client = password_only(name, personas)
    setup = client.get("/account/two-factor/?next=/organizations/")
    assert setup.status_code == 200
    assert 'id="totp-secret"' in setup.content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post(
        "/account/two-factor/", {"token": code_for(device), "next": "/organizations/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/organizations/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/organizations/").status_code == 200
    assert client.get("/api/organizations/").status_code == 200
    assert AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="otp_totp.totpdevice", actor=user
    ).exists()


def test_enrolling_with_a_wrong_code_is_refused_with_a_message(personas):
    user = personas["cr_editor"]
    client = password_only("cr_editor", personas)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)

    response = client.post("/account/two-factor/", {"token": wrong_code_for(device)})
    assert response.status_code == 200
    assert "That code is not valid." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/home/").status_code == 302


def test_letters_are_refused_as_a_code(personas):
    client = password_only("cr_editor", personas)
    client.get("/account/two-factor/")
    response = client.post("/account/two-factor/", {"token": "abcdef"})
    assert response.status_code == 200
    assert "Enter the digits shown by your authenticator app." in response.content.decode()


def test_a_valid_code_at_sign_in_lets_the_user_in_and_back_to_the_page_asked_for(personas):
    device = confirmed_device(personas["cr_editor"])
    client = password_only("cr_editor", personas)
    verify_url = client.get("/organizations/?country=CR&page=1")["Location"]
    page = client.get(verify_url)
    next_url = page.context["next"]
    assert next_url == "/organizations/?country=CR&page=1"

    response = client.post(verify_url, {"token": code_for(device), "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/organizations/?country=CR&page=1"
    assert client.get("/home/").status_code == 200


def test_a_wrong_code_at_sign_in_is_refused_and_audited(personas):
    user = personas["regional_admin"]
    device = confirmed_device(user)
    client = password_only("regional_admin", personas)
    response = client.post("/account/two-factor/verify/", {"token": wrong_code_for(device)})
    assert response.status_code == 200
    assert "That code is not valid." in response.content.decode()
    assert client.get("/home/").status_code == 302
    entry = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED)
    assert entry.actor == user
    assert entry.object_repr.startswith("TOTP")


def test_the_code_page_never_sends_the_user_to_another_site(personas):
    device = confirmed_device(personas["cr_editor"])
    client = password_only("cr_editor", personas)
    response = client.post(
        "/account/two-factor/verify/",
        {"token": code_for(device), "next": "https://evil.example/phish"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_guessing_codes_is_slowed_down(personas):
    device = confirmed_device(personas["cr_editor"])
    client = password_only("cr_editor", personas)
    for _ in range(3):
        client.post("/account/two-factor/verify/", {"token": wrong_code_for(device)})
    # Three misses in a row: the next seconds refuse even the right code.
    response = client.post("/account/two-factor/verify/", {"token": code_for(device)})
    assert response.status_code == 200
    assert client.get("/home/").status_code == 302


def test_a_user_who_has_not_confirmed_a_code_can_still_sign_out(personas):
    confirmed_device(personas["cr_editor"])
    client = password_only("cr_editor", personas)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("name", ["cr_contributor", "partner"])
def test_contributors_and_partners_are_not_forced_to_enrol(name, personas):
    client = password_only(name, personas)
    assert client.get("/home/").status_code == 200
    assert client.get("/organizations/").status_code == 200
    assert client.get("/api/organizations/").status_code == 200
    assert not TOTPDevice.objects.filter(user=personas[name]).exists()


def test_a_contributor_who_chose_two_factor_confirms_each_sign_in_with_it(personas):
    confirmed_device(personas["cr_contributor"])
    client = password_only("cr_contributor", personas)
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/")


# --- the Django admin ---------------------------------------------------------------------


def test_a_verified_regional_admin_reaches_the_admin(client_for):
    response = client_for("regional_admin").get("/admin/")
    assert response.status_code == 200
    assert 'href="/admin/core/user/"' in response.content.decode()


def test_a_regional_admin_signed_in_with_the_password_alone_must_confirm_a_code_for_the_admin(
    personas,
):
    confirmed_device(personas["regional_admin"])
    client = password_only("regional_admin", personas)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/verify/")


@pytest.mark.parametrize("name", ["cr_editor", "cr_contributor", "partner", "auditor"])
def test_signed_in_users_other_than_the_regional_admin_get_403_from_the_admin(name, client_for):
    client = client_for(name)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) <= 2
    assert client.get("/admin/core/user/", follow=True).status_code == 403


def test_a_refused_visit_to_the_admin_is_audited(client_for, personas):
    client_for("partner").get("/admin/", follow=True)
    entry = AuditEntry.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert entry.actor == personas["partner"]


def test_an_anonymous_visitor_is_sent_from_the_admin_to_the_sign_in_page(db):
    response = english_client().get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/login/?next=")
    assert response.status_code == 200
    assert response.context["next"] == "/admin/"


# --- idle sessions ------------------------------------------------------------------------


def test_a_session_idle_past_its_expiry_is_signed_out(personas):
    client = english_client()
    post_login(client, "partner")
    assert client.get("/home/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    response = client.get("/home/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/home/"
    assert client.get("/api/organizations/").status_code == 403


def test_each_request_keeps_the_session_alive_for_thirty_more_minutes(personas):
    client = english_client()
    post_login(client, "partner")
    key = client.session.session_key
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() + timedelta(minutes=1)
    )
    before = timezone.now()
    assert client.get("/home/").status_code == 200
    expiry = Session.objects.get(session_key=key).expire_date
    assert before + timedelta(minutes=29) < expiry <= timezone.now() + timedelta(minutes=30)


def test_the_session_cookie_ends_when_the_browser_closes(personas):
    client = english_client()
    response = post_login(client, "partner")
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"] is True


def test_a_two_factor_session_needs_the_code_again_after_it_expired(personas):
    user = personas["cr_editor"]
    device = confirmed_device(user)
    client = sign_in(english_client(), user)
    assert client.get("/home/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert client.get("/home/")["Location"].startswith("/login/")
    post_login(client, "cr_editor")
    assert client.get("/home/")["Location"].startswith("/account/two-factor/verify/")
    response = client.post("/account/two-factor/verify/", {"token": code_for(device)})
    assert response.status_code == 302
    assert client.get("/home/").status_code == 200
