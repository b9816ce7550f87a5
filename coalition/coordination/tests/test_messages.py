"""The message thread between the two offices of a referral: who reads, who writes, the
refusal of identifiers, read marks and the audit log."""

import datetime

import pytest
from django.urls import reverse

from coalition.coordination.choices import Side, Status
from coalition.coordination.messages.views import unread_counts
from coalition.coordination.models import Referral, ReferralMessage
from coalition.coordination.tests import factories
from coalition.core import access
from coalition.core.choices import AuditAction, Role
from coalition.core.models import AuditEntry, Membership, User

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def offices(countries, organizations):
    return factories.offices(countries, organizations)


@pytest.fixture
def to_cr(offices):
    """Guatemala's office asks Costa Rica's FAI (``cr_contributor``'s organization)."""
    return factories.referral(offices["gt"], offices["cr"])


def thread_url(referral):
    return reverse("referral-messages", args=[referral.pk])


def create_url(referral):
    return reverse("referral-message-create", args=[referral.pk])


def other_institution_user(offices, countries):
    user = User.objects.create_user("otra-institucion", password="x")
    Membership.objects.create(
        user=user, country=countries["GT"], role=Role.CONTRIBUTOR, organization=offices["gt_other"]
    )
    return user


def test_the_receiving_office_writes_and_the_sending_side_reads_it(to_cr, client_for):
    answer = client_for("cr_contributor").post(
        create_url(to_cr), {"text": "Recibido, preparamos el albergue."}
    )
    assert answer.status_code == 302
    assert answer.url == thread_url(to_cr) + "#referral-thread"
    message = ReferralMessage.objects.get(referral=to_cr)
    assert message.side == Side.RECEIVING
    page = client_for("gt_editor").get(thread_url(to_cr))
    assert "Recibido, preparamos el albergue." in page.content.decode()
    assert 'id="message-form"' in page.content.decode()


def test_the_sending_side_writes_as_the_sending_office(to_cr, client_for, personas):
    client_for("gt_editor").post(create_url(to_cr), {"text": "Gracias, quedamos atentos."})
    message = ReferralMessage.objects.get(referral=to_cr)
    assert message.side == Side.SENDING and message.author == personas["gt_editor"]
    page = client_for("cr_contributor").get(thread_url(to_cr), **HTMX)
    assert "Gracias, quedamos atentos." in page.content.decode()
    assert "<html" not in page.content.decode()


def test_an_htmx_post_answers_the_thread_with_the_new_message(to_cr, client_for):
    answer = client_for("cr_contributor").post(create_url(to_cr), {"text": "Listo."}, **HTMX)
    html = answer.content.decode()
    assert answer.status_code == 200 and "<html" not in html
    assert 'id="referral-thread"' in html and "Listo." in html


def test_a_message_holding_a_phone_number_is_refused_without_repeating_it(to_cr, client_for):
    typed = "Llamar a la madre al 5555-1234 antes del viaje."
    answer = client_for("cr_contributor").post(create_url(to_cr), {"text": typed})
    assert answer.status_code == 400
    assert not ReferralMessage.objects.exists()
    errors = " ".join(str(e) for e in answer.context["thread"]["form"].errors["text"])
    assert "a phone number" in errors
    assert "5555" not in errors
    # The writer sees its own text again, to correct it; the explanation names no value.
    assert answer.content.decode().count("5555-1234") == 1


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Escribir a maria.lopez@example.com para coordinar.", "an e-mail address"),
        ("Su DUI es 01234567-8, según la madre.", "a Salvadoran DUI number"),
        ("Nacida el 12/03/1990 en Escuintla.", "a full date that looks like a birth date"),
    ],
)
def test_e_mails_document_numbers_and_birth_dates_are_refused(to_cr, client_for, text, found):
    answer = client_for("gt_editor").post(create_url(to_cr), {"text": text}, **HTMX)
    assert answer.status_code == 200
    assert not ReferralMessage.objects.exists()
    errors = " ".join(str(e) for e in answer.context["thread"]["form"].errors["text"])
    assert found in errors
    for part in ("maria.lopez", "01234567", "12/03/1990"):
        assert part not in errors


def test_the_regional_admin_reads_the_thread_but_may_not_write(to_cr, client_for):
    factories.message(to_cr, Side.SENDING, "Texto de la oficina.")
    admin = client_for("regional_admin")
    page = admin.get(thread_url(to_cr))
    assert page.status_code == 200 and "Texto de la oficina." in page.content.decode()
    assert 'id="message-form"' not in page.content.decode()
    assert admin.post(create_url(to_cr), {"text": "Hola"}).status_code == 403
    assert ReferralMessage.objects.count() == 1


def test_the_regional_admin_reading_marks_nothing_read(to_cr, client_for):
    message = factories.message(to_cr, Side.SENDING)
    client_for("regional_admin").get(thread_url(to_cr))
    message.refresh_from_db()
    assert message.read_at is None


def test_it_answers_404_to_an_outsider(to_cr, client_for):
    for name in ("partner", "auditor"):
        client = client_for(name)
        assert client.get(thread_url(to_cr)).status_code == 404
        assert client.post(create_url(to_cr), {"text": "Hola"}).status_code == 404
    assert not ReferralMessage.objects.exists()


def test_a_user_of_another_guatemalan_institution_gets_404(offices, countries, client):
    referral = factories.referral(offices["gt"], offices["sv"])
    client.force_login(other_institution_user(offices, countries))
    assert client.get(thread_url(referral)).status_code == 404
    assert client.post(create_url(referral), {"text": "Hola"}).status_code == 404


def test_opening_the_thread_marks_the_other_sides_messages_read(to_cr, client_for):
    theirs = factories.message(to_cr, Side.SENDING, "De Guatemala.")
    ours = factories.message(to_cr, Side.RECEIVING, "De Costa Rica.")
    page = client_for("cr_contributor").get(thread_url(to_cr))
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert theirs.read_at is not None and ours.read_at is None
    assert "Not read by the other office yet" in page.content.decode()
    again = client_for("gt_editor").get(thread_url(to_cr)).content.decode()
    assert "Read by the other office on" in again


def test_unread_counts_counts_the_other_sides_unread_messages_in_one_query(
    offices, personas, django_assert_num_queries
):
    to_cr = factories.referral(offices["gt"], offices["cr"])
    other = factories.referral(offices["gt"], offices["cr"])
    factories.message(to_cr, Side.SENDING)
    factories.message(to_cr, Side.SENDING)
    factories.message(to_cr, Side.RECEIVING)
    read = factories.message(other, Side.SENDING)
    ReferralMessage.objects.filter(pk=read.pk).update(read_at=read.sent_at)
    contributor = personas["cr_contributor"]
    access.office_ids(contributor)  # the user's memberships, read once per request
    with django_assert_num_queries(1):
        counts = unread_counts([to_cr, other], contributor)
    assert counts == {to_cr.pk: 2}
    with django_assert_num_queries(1):
        assert unread_counts(Referral.objects.all(), contributor) == {to_cr.pk: 2}
    assert unread_counts([to_cr, other], personas["gt_editor"]) == {to_cr.pk: 1}
    assert unread_counts([to_cr, other], personas["regional_admin"]) == {}


def test_every_read_and_every_message_is_audited_without_the_text(to_cr, client_for):
    client = client_for("cr_contributor")
    client.get(thread_url(to_cr))
    read = AuditEntry.objects.filter(action=AuditAction.VIEW).latest("seq")
    assert read.object_type == "coordination.referral" and read.after == {"read": "messages"}
    client.post(create_url(to_cr), {"text": "Mensaje reservado para la otra oficina."}, **HTMX)
    entry = AuditEntry.objects.filter(
        action=AuditAction.CREATE, object_type="coordination.referralmessage"
    ).get()
    assert "reservado" not in str(entry.after)
    assert entry.after["text"] == "[39 characters]"
    assert entry.country_id == to_cr.country_id
    # The thread answered after the message shows the other side's too: a read again.
    assert AuditEntry.objects.filter(action=AuditAction.VIEW).count() == 2


def test_a_closed_referral_still_takes_a_last_word(to_cr, client_for):
    factories.moved(to_cr, Status.ACKNOWLEDGED, Status.COMPLETED)
    client = client_for("gt_editor")
    answer = client.post(create_url(to_cr), {"text": "Gracias por todo."}, follow=True)
    assert answer.status_code == 200 and "Message sent." in answer.content.decode()
    assert "Messages may still be written until" in answer.content.decode()
    assert ReferralMessage.objects.filter(referral=to_cr).count() == 1


def test_a_purged_referral_shows_no_messages_and_refuses_new_ones(to_cr, client_for):
    from coalition.coordination import retention

    factories.moved(to_cr, Status.ACKNOWLEDGED, Status.COMPLETED)
    factories.message(to_cr, Side.SENDING, "Texto que se purga.")
    retention.purge(now=to_cr.closed_at + datetime.timedelta(days=200), days=180)
    client = client_for("gt_editor")
    page = client.get(thread_url(to_cr)).content.decode()
    assert "were purged on" in page and 'id="message-form"' not in page
    assert client.post(create_url(to_cr), {"text": "Hola"}).status_code == 403
    assert not ReferralMessage.objects.exists()


def test_a_country_editor_acting_for_both_sides_chooses_its_side(offices, client_for):
    within = factories.referral(offices["gt"], offices["gt_other"])
    client = client_for("gt_editor")
    assert client.post(create_url(within), {"text": "Hola"}).status_code == 400
    client.post(create_url(within), {"text": "Hola", "side": Side.RECEIVING})
    assert ReferralMessage.objects.get().side == Side.RECEIVING


def test_the_thread_takes_the_same_queries_however_many_messages(
    to_cr, client_for, django_assert_max_num_queries
):
    client = client_for("cr_contributor")
    factories.message(to_cr, Side.SENDING)
    with django_assert_max_num_queries(20) as few:
        client.get(thread_url(to_cr))
    for _ in range(15):
        factories.message(to_cr, Side.SENDING)
        factories.message(to_cr, Side.RECEIVING)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(thread_url(to_cr))
    assert page.content.decode().count('class="card mb-2') == 31
