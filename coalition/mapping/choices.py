"""Value lists of the geographic and social mapping. Forms of exploitation and the stages
of a route follow the Human Trafficking Case Data Standard (HTCDS 2.0: ``vic_FormsOfExploitation``
and the trafficking event's ``hte_Type``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ZoneKind(models.TextChoices):
    VULNERABLE = "vulnerable", _("Vulnerable zone")
    RISK = "risk", _("Risk zone")
    RECRUITMENT = "recruitment", _("Recruitment area")
    TRANSIT = "transit", _("Transit point")
    EXPLOITATION = "exploitation", _("Exploitation area")
    BORDER = "border", _("Border crossing")


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


# Higher is worse: the choropleth colours an area by the highest level of its zones.
RISK_ORDER = {level: rank for rank, level in enumerate(RiskLevel.values, start=1)}


class Shape(models.TextChoices):
    POINT = "point", _("Point")
    POLYGON = "polygon", _("Polygon")
    AREA = "area", _("Administrative area")


class SocialFactor(models.TextChoices):
    POVERTY = "poverty", _("Poverty")
    MIGRATION = "migration", _("Migration flows")
    TOURISM = "tourism", _("Tourism")
    EXTRACTIVE = "extractive", _("Extractive industries")
    AGRICULTURE = "agriculture", _("Agriculture")
    VIOLENCE = "violence", _("Violence")
    BORDER = "border", _("Border")
    PORT = "port", _("Port")
    OTHER = "other", _("Other")


class ExploitationForm(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    CHILD_LABOUR = "child_labour", _("Child labour")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    SERVITUDE = "servitude", _("Servitude")
    FORCED_MILITARY = "forced_military", _("Forced military (by non-state actors)")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    FORCED_ADOPTION = "forced_adoption", _("Forced adoption")
    SURROGACY = "surrogacy", _("Surrogacy")
    OTHER = "other", _("Other form")


class Confidence(models.TextChoices):
    LOW = "low", _("Low: a single unconfirmed source")
    MEDIUM = "medium", _("Medium: several sources or one official source")
    HIGH = "high", _("High: confirmed by case files or sentences")


class Stage(models.TextChoices):
    RECRUITMENT = "recruitment", _("Recruitment")
    TRANSIT = "transit", _("Transit")
    EXPLOITATION = "exploitation", _("Exploitation")


class TransportMode(models.TextChoices):
    ROAD = "road", _("Road (bus, car, truck)")
    ON_FOOT = "on_foot", _("On foot")
    BOAT = "boat", _("Boat")
    AIR = "air", _("Air")
    RAIL = "rail", _("Rail")
    OTHER = "other", _("Other means")


class PlaceKind(models.TextChoices):
    BORDER_CROSSING = "border_crossing", _("Border crossing")
    PORT = "port", _("Port")
    AIRPORT = "airport", _("Airport")
    CITY = "city", _("City or town")
    OTHER = "other", _("Other place")


# Countries outside the coalition that routes reach: the gazetteer may hold their places.
# Member countries come from core's Country table.
OUTSIDE_COUNTRIES = {
    "MX": (_("Mexico")),
    "US": (_("United States")),
    "CO": (_("Colombia")),
    "HT": (_("Haiti")),
    "CU": (_("Cuba")),
    "JM": (_("Jamaica")),
    "VE": (_("Venezuela")),
    "EC": (_("Ecuador")),
}
