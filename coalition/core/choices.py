"""Value lists of the core app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGIONAL_ADMIN = "regional_admin", _("Regional administrator")
    COUNTRY_EDITOR = "country_editor", _("Country editor")
    CONTRIBUTOR = "contributor", _("Contributor")
    PARTNER = "partner", _("Partner")
    AUDITOR = "auditor", _("Auditor")


class OrganizationKind(models.TextChoices):
    """Aligned with the HTCDS v2.0 ``org_Type`` value list."""

    GOVERNMENT = "government", _("Government")
    LAW_ENFORCEMENT = "law_enforcement", _("Police / law enforcement")
    PROSECUTOR = "prosecutor", _("Prosecutor's office")
    JUDICIARY = "judiciary", _("Judiciary")
    IMMIGRATION = "immigration", _("Immigration")
    NGO = "ngo", _("Non-governmental organization")
    INTERNATIONAL = "international", _("International organization")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    BUSINESS = "business", _("Business")
    OTHER = "other", _("Other")


class Axis(models.TextChoices):
    """The axes of action of the strategic objective."""

    PREVENTION = "prevention", _("Prevention")
    ATTENTION = "attention", _("Victim attention and protection")
    DETECTION = "detection", _("Detection")
    JUSTICE = "justice", _("Prosecution and justice")
    REPATRIATION = "repatriation", _("Repatriation")
    COORDINATION = "coordination", _("Coordination")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    VIEW = "view", _("View")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    LOGIN = "login", _("Sign-in")
    LOGOUT = "logout", _("Sign-out")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    PERMISSION_DENIED = "permission_denied", _("Permission denied")
    APPROVE = "approve", _("Approve")
    RETURN = "return", _("Return")
    SUBMIT = "submit", _("Submit")
    REOPEN = "reopen", _("Reopen")
    PUBLISH = "publish", _("Publish")
    UNPUBLISH = "unpublish", _("Unpublish")


class Service(models.TextChoices):
    """What an institution offers victims (the directory's registry of objective V)."""

    SHELTER = "shelter", _("Shelter")
    LEGAL_AID = "legal_aid", _("Legal aid")
    HEALTH_CARE = "health_care", _("Health care")
    PSYCHOLOGICAL_CARE = "psychological_care", _("Psychological care")
    REPATRIATION = "repatriation", _("Repatriation support")
    HELP_LINE = "help_line", _("Help line")
    IMMEDIATE_RESPONSE = "immediate_response", _("Immediate response team")
    VICTIM_ASSISTANCE_OFFICE = "victim_assistance_office", _("Victim assistance office")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    LABOUR_INSERTION = "labour_insertion", _("Education and work insertion")
    OTHER = "other", _("Other service")


class Population(models.TextChoices):
    """Who an institution serves."""

    WOMEN = "women", _("Women")
    CHILDREN = "children", _("Girls and boys")
    ADOLESCENTS = "adolescents", _("Adolescents")
    MEN = "men", _("Men")
    LGBTI = "lgbti", _("LGBTI people")
    MIGRANTS = "migrants", _("Migrants")
    INDIGENOUS = "indigenous", _("Indigenous peoples")


class JobStatus(models.TextChoices):
    """Where a background job stands (``core.jobs``)."""

    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ApprovalState(models.TextChoices):
    """Where one country's data of one year stands in its approval (DHIS2's data approval)."""

    OPEN = "open", _("Open (being entered)")
    SUBMITTED = "submitted", _("Submitted for approval")
    RETURNED = "returned", _("Returned for correction")
    APPROVED = "approved", _("Approved")


class ApprovalAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned")
    REOPEN = "reopen", _("Approval withdrawn")


class Exploitation(models.TextChoices):
    """GLOTIP's forms of exploitation (HTCDS ``vic_TypeOfExploitation``): of sentences'
    victims and of referred persons."""

    SEXUAL = "sexual", _("Sexual exploitation")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    FORCED_BEGGING = "forced_begging", _("Forced begging")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminality")
    ILLEGAL_ADOPTION = "illegal_adoption", _("Illegal adoption")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    MIXED = "mixed", _("Mixed forms")
    OTHER = "other", _("Other forms of exploitation")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Language(models.TextChoices):
    """Languages a directory contact speaks, and a referred person speaks."""

    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")
    FRENCH = "fr", _("French")
    PORTUGUESE = "pt", _("Portuguese")
    GARIFUNA = "cab", _("Garifuna")
    KRIOL = "bzj", _("Belize Kriol")
    MAYAN = "myn", _("A Mayan language")
