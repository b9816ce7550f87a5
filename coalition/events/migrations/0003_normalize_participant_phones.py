"""Participants' phones as the directory keeps phones: E.164, read in the participant's
country ("8888-1111" of a Costa Rican -> "+50688881111"). A phone that is not a number of
that country is left as it was typed."""

from django.db import migrations

from coalition.lib.phones import PhoneError, normalize


def normalize_phones(apps, schema_editor):
    Participant = apps.get_model("events", "Participant")
    rows = Participant.objects.exclude(phone="").select_related("country")
    for participant in rows.iterator():
        country = participant.country
        region = None if country is None or country.is_regional else country.iso2
        try:
            number = normalize(participant.phone, region)
        except PhoneError:
            continue
        if number != participant.phone:
            participant.phone = number
            participant.save(update_fields=["phone"])


class Migration(migrations.Migration):
    dependencies = [("events", "0002_text_limits")]

    operations = [migrations.RunPython(normalize_phones, migrations.RunPython.noop)]
