"""Sample URL arguments of the events app's URLs, for the URL sweep (core's test_url_sweep).

Events in Costa Rica, Guatemala and at the regional level (``build_events``), a participant
of each country, and a calendar feed of the Costa Rica editor.
"""

from coalition.events.models import FeedToken
from coalition.events.tests.conftest import build_events


def samples(fixtures):
    data = build_events(fixtures["countries"], with_plan=False)
    events = [
        {"pk": data["workshop"].pk},
        {"pk": data["meeting"].pk},
        {"pk": data["regional"].pk},
        {"pk": 999999},
    ]
    materials = [{"pk": m.pk} for m in data["materials"].values()]
    people = [{"pk": data["people"]["ana"].pk}, {"pk": data["people"]["marta"].pk}]
    token = FeedToken.objects.create(
        user=fixtures["personas"]["cr_editor"],
        country=fixtures["countries"]["CR"],
        key_hash=FeedToken.hash("sweep-key"),
    )
    return {
        "event-detail": events,
        "event-update": events,
        "event-delete": events,
        "material-upload": events,
        "material-download": materials,
        "material-delete": materials,
        "attendance-template": events,
        "attendance-import": events,
        "attendee-add": events,
        "attendee-remove": [
            {"pk": data["workshop"].pk, "participant": data["people"]["ana"].pk},
            {"pk": data["meeting"].pk, "participant": data["people"]["marta"].pk},
        ],
        "sign-in-sheet": events,
        "attendance-pdf": events,
        "participant-detail": people,
        "participant-update": people,
        "event-feed-revoke": [{"pk": token.pk}, {"pk": 999999}],
        "event-feed": [{"key": "sweep-key"}, {"key": "no-such-key"}],
        "api:event-detail": [{"pk": data["workshop"].pk}, {"pk": data["regional"].pk}],
    }
