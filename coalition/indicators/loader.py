"""Load an indicator framework from its JSON file (``coalition load_framework FILE``, the
load page of the framework pages); ``dump.dump`` writes a version back as
that file.

``load(data)`` checks the whole file first and refuses it with every problem, each naming
its place in the file (``pillars[2].indicators[4].answer_type``, counted from 0) and the
indicator's code when it is known. Then, in one transaction:

- a code never loaded makes version 1;
- a file equal to the latest version's (same SHA-256 of its data) changes nothing;
- a latest version that is not frozen (no assessment of it was submitted, returned or
  approved) is brought in line with the file: pillars, indicators and rules are matched
  by code, created, updated or deleted. An indicator removed while open assessments
  answer it takes their answers with it (a notice says so);
- a frozen latest version stays as it is: the file makes the next version, and the
  assessments keep the version they answered.

Instruments are created or updated by code. A load that writes writes one audit entry.
"""

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coalition.core import audit
from coalition.core.choices import AuditAction
from coalition.indicators.choices import RULES_FOR, AnswerType, RuleKind, ScoringRule, Source
from coalition.indicators.dump import dump
from coalition.indicators.models import (
    Answer,
    Framework,
    Indicator,
    Instrument,
    Pillar,
    ValidationRule,
)
from coalition.lib.imports import PLACE, ImportRefused, ImportResult, Problem

ACTOR = "system:load_framework"
# A framework file larger than this is refused before it is read.
MAX_BYTES = 5 * 2**20

FRAMEWORK_KEYS = {"code", "name", "description", "changes", "instruments", "pillars", "rules"}
INSTRUMENT_KEYS = {"code", "short_name", "name", "adopted", "url"}
PILLAR_KEYS = {"code", "name", "description", "weight", "indicators"}
INDICATOR_KEYS = {
    "code",
    "question",
    "guidance",
    "instrument",
    "article",
    "paragraph",
    "answer_type",
    "scoring_rule",
    "target",
    "weight",
    "minimum",
    "maximum",
    "required",
    "verification",
    "source",
}
RULE_KEYS = {"code", "kind", "indicator", "when", "values", "message"}
TEXT_KEYS = {"es", "en"}

# The fields of each model the file fills (what an update in place compares).
PILLAR_FIELDS = ("order", "name_es", "name_en", "description_es", "description_en", "weight")
INDICATOR_FIELDS = (
    "order",
    "question_es",
    "question_en",
    "guidance_es",
    "guidance_en",
    "article",
    "paragraph",
    "answer_type",
    "scoring_rule",
    "target",
    "weight",
    "minimum",
    "maximum",
    "required",
    "verification_es",
    "verification_en",
    "source",
)
# The fields whose change changes the score of an answer already given.
SCORE_FIELDS = ("answer_type", "scoring_rule", "target", "weight")


class FrameworkFileError(ImportRefused):
    """The framework file cannot be loaded; ``problems`` lists every reason."""


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def sha256_of(data):
    """The SHA-256 of a framework file's data, the same for the same data however its
    file is laid out (keys sorted, no spaces)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- the file, checked ----------------------------------------------------------------------


@dataclass
class Spec:
    """One checked object of the file: its code, its model fields, and its parts."""

    code: str
    fields: dict
    parts: list = field(default_factory=list)
    refs: dict = field(default_factory=dict)  # codes it names: instrument, indicator, when


class _Reader:
    """Walks the data once, collecting every problem and the checked values."""

    def __init__(self):
        self.problems = []
        self.notices = []

    def problem(self, path, message, code=""):
        self.problems.append(_problem(path, message, code))

    def notice(self, path, message, code=""):
        self.notices.append(_problem(path, message, code))

    def mapping(self, value, path, keys, code=""):
        if not isinstance(value, dict):
            self.problem(path, _("expected an object ({…})"), code)
            return None
        for key in sorted(set(value) - keys, key=str):
            self.problem(f"{path}.{key}" if path else key, _("unknown key"), code)
        return value

    def listing(self, data, key, path, *, required=True):
        value = data.get(key)
        where = _join(path, key)
        if value is None:
            if required:
                self.problem(where, _("missing"))
            return []
        if not isinstance(value, list):
            self.problem(where, _("expected a list ([…])"))
            return []
        if required and not value:
            self.problem(where, _("the list is empty"))
        return value

    def string(self, data, key, path, model, *, name=None, required=True, code=""):
        value = data.get(key)
        where = _join(path, key)
        if value is None or value == "":
            if required:
                self.problem(where, _("missing"), code)
            return ""
        if not isinstance(value, str):
            self.problem(where, _("expected text"), code)
            return ""
        value = " ".join(value.split())
        if required and not value:
            self.problem(where, _("missing"), code)
        most = _max_length(model, name or key)
        if most and len(value) > most:
            self.problem(where, _("longer than %(n)d characters") % {"n": most}, code)
        return value

    def text(self, data, key, path, model, *, required=True, code=""):
        """A {"es": ..., "en": ...} value -> {"KEY_es": ..., "KEY_en": ...}."""
        value = data.get(key)
        where = _join(path, key)
        blank = {f"{key}_es": "", f"{key}_en": ""}
        if value is None:
            if required:
                self.problem(where, _("missing"), code)
            return blank
        if not isinstance(value, dict):
            self.problem(where, _("expected Spanish and English texts ({“es”: …, “en”: …})"), code)
            return blank
        self.mapping(value, where, TEXT_KEYS, code)
        found = {}
        for lang in ("es", "en"):
            text = value.get(lang)
            if text is not None and not isinstance(text, str):
                self.problem(f"{where}.{lang}", _("expected text"), code)
                text = ""
            text = "\n".join(line.strip() for line in (text or "").strip().splitlines())
            most = _max_length(model, f"{key}_{lang}")
            if most and len(text) > most:
                self.problem(
                    f"{where}.{lang}", _("longer than %(n)d characters") % {"n": most}, code
                )
            found[f"{key}_{lang}"] = text
        if required and not found[f"{key}_es"]:
            self.problem(f"{where}.es", _("the Spanish text is missing"), code)
        elif found[f"{key}_es"] and not found[f"{key}_en"]:
            self.notice(f"{where}.en", _("the English text is missing"), code)
        return found

    def number(self, data, key, path, model, *, default=None, code="", least=None):
        """A number that fits the model's decimal field (None when absent)."""
        value = data.get(key)
        where = _join(path, key)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem(where, _("expected a number"), code)
            return default
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            self.problem(where, _("expected a number"), code)
            return default
        model_field = model._meta.get_field(key)
        places = model_field.decimal_places
        if number != number.quantize(Decimal(1).scaleb(-places)):
            self.problem(where, _("use at most %(n)d decimals") % {"n": places}, code)
            return default
        if abs(number) >= Decimal(10) ** (model_field.max_digits - places):
            self.problem(where, _("too large"), code)
            return default
        if least is not None and number < least:
            self.problem(where, _("must be at least %(n)s") % {"n": least}, code)
            return default
        return number

    def choice(self, data, key, path, choices, *, default=None, code=""):
        value = data.get(key, default)
        where = _join(path, key)
        if value is None:
            self.problem(where, _("missing"), code)
            return None
        if value not in choices.values:
            allowed = ", ".join(choices.values)
            self.problem(
                where,
                _("“%(value)s” is not one of: %(allowed)s") % {"value": value, "allowed": allowed},
                code,
            )
            return None
        return value


def _join(path, key):
    return f"{path}.{key}" if path else key


def _problem(path, message, code=""):
    where = f"{path} ({code})" if code else path
    return Problem(message=message, where=where, path=(path,), unit=PLACE)


def read(data):
    """The checked framework (a ``Spec`` whose parts are instruments, pillars with their
    indicators, rules) and the notices; ``FrameworkFileError`` with every problem."""
    reader = _Reader()
    if reader.mapping(data, "", FRAMEWORK_KEYS) is None:
        raise FrameworkFileError(reader.problems)
    code = reader.string(data, "code", "", Framework)
    fields = {
        **reader.text(data, "name", "", Framework),
        **reader.text(data, "description", "", Framework, required=False),
    }
    changes = data.get("changes") or ""
    if not isinstance(changes, str):
        reader.problem("changes", _("expected text"))
        changes = ""
    fields["changes"] = changes.strip()
    spec = Spec(code, fields)
    spec.refs["instruments"] = _instruments(reader, data)
    spec.parts = _pillars(reader, data, spec.refs["instruments"])
    indicators = {i.code for p in spec.parts for i in p.parts}
    spec.refs["rules"] = _rules(reader, data, indicators)
    if reader.problems:
        raise FrameworkFileError(reader.problems)
    return spec, reader.notices


def _instruments(reader, data):
    found = {}
    for n, item in enumerate(reader.listing(data, "instruments", "", required=False)):
        path = f"instruments[{n}]"
        if reader.mapping(item, path, INSTRUMENT_KEYS) is None:
            continue
        code = reader.string(item, "code", path, Instrument)
        fields = {
            **reader.text(item, "short_name", path, Instrument),
            **reader.text(item, "name", path, Instrument),
            "url": reader.string(item, "url", path, Instrument, required=False),
        }
        adopted = item.get("adopted")
        if adopted is not None and (
            isinstance(adopted, bool) or not isinstance(adopted, int) or not 1800 < adopted < 2200
        ):
            reader.problem(f"{path}.adopted", _("expected a year"))
            adopted = None
        fields["adopted"] = adopted
        if fields["url"] and not fields["url"].startswith(("https://", "http://")):
            reader.problem(f"{path}.url", _("expected a web address (https://…)"))
        if code in found:
            reader.problem(f"{path}.code", _("“%(code)s” is used twice") % {"code": code})
        elif code:
            found[code] = Spec(code, fields)
    return found


def _pillars(reader, data, instruments):
    pillars, seen = [], set()
    indicators = set()
    known = set(instruments) | set(Instrument.objects.values_list("code", flat=True))
    for n, item in enumerate(reader.listing(data, "pillars", "")):
        path = f"pillars[{n}]"
        if reader.mapping(item, path, PILLAR_KEYS) is None:
            continue
        code = reader.string(item, "code", path, Pillar)
        if code and code in seen:
            reader.problem(f"{path}.code", _("“%(code)s” is used twice") % {"code": code})
        seen.add(code)
        fields = {
            "order": n + 1,
            **reader.text(item, "name", path, Pillar),
            **reader.text(item, "description", path, Pillar, required=False),
            "weight": reader.number(
                item, "weight", path, Pillar, default=Decimal(1), least=Decimal("0.01")
            ),
        }
        pillar = Spec(code, fields)
        for m, entry in enumerate(reader.listing(item, "indicators", path)):
            found = _indicator(reader, entry, f"{path}.indicators[{m}]", m + 1, known)
            if found is None:
                continue
            if found.code in indicators:
                reader.problem(
                    f"{path}.indicators[{m}].code",
                    _("“%(code)s” is used twice") % {"code": found.code},
                )
            indicators.add(found.code)
            pillar.parts.append(found)
        pillars.append(pillar)
    return pillars


def _indicator(reader, item, path, order, instruments):
    code = item.get("code") if isinstance(item, dict) else None
    code = code if isinstance(code, str) else ""
    if reader.mapping(item, path, INDICATOR_KEYS, code) is None:
        return None
    code = reader.string(item, "code", path, Indicator)
    fields = {
        "order": order,
        **reader.text(item, "question", path, Indicator, code=code),
        **reader.text(item, "guidance", path, Indicator, required=False, code=code),
        **reader.text(item, "verification", path, Indicator, required=False, code=code),
        "article": reader.string(item, "article", path, Indicator, code=code),
        "paragraph": reader.string(item, "paragraph", path, Indicator, required=False, code=code),
        "answer_type": reader.choice(item, "answer_type", path, AnswerType, code=code),
        "scoring_rule": reader.choice(
            item, "scoring_rule", path, ScoringRule, default=ScoringRule.NONE, code=code
        ),
        "target": reader.number(item, "target", path, Indicator, code=code),
        "weight": reader.number(
            item, "weight", path, Indicator, default=Decimal(1), least=Decimal(0), code=code
        ),
        "minimum": reader.number(item, "minimum", path, Indicator, code=code),
        "maximum": reader.number(item, "maximum", path, Indicator, code=code),
    }
    required = item.get("required", True)
    if not isinstance(required, bool):
        reader.problem(f"{path}.required", _("expected true or false"), code)
        required = True
    fields["required"] = required
    source = item.get("source") or ""
    if source and source not in Source.values:
        allowed = ", ".join(Source.values)
        reader.problem(
            f"{path}.source",
            _("“%(value)s” is not one of: %(allowed)s") % {"value": source, "allowed": allowed},
            code,
        )
        source = ""
    fields["source"] = source
    kind, rule = fields["answer_type"], fields["scoring_rule"]
    if kind and rule and rule not in RULES_FOR[AnswerType(kind)]:
        allowed = ", ".join(sorted(RULES_FOR[AnswerType(kind)]))
        reader.problem(
            f"{path}.scoring_rule",
            _("the answer type “%(kind)s” is scored by one of: %(allowed)s")
            % {"kind": kind, "allowed": allowed},
            code,
        )
    if rule == ScoringRule.TARGET and (fields["target"] is None or fields["target"] <= 0):
        reader.problem(f"{path}.target", _("the rule “target” needs a target above zero"), code)
    low, high = fields["minimum"], fields["maximum"]
    if low is not None and high is not None and low > high:
        reader.problem(f"{path}.minimum", _("the minimum is above the maximum"), code)
    instrument = reader.string(item, "instrument", path, Instrument, name="code", code=code)
    if instrument and instrument not in instruments:
        reader.problem(
            f"{path}.instrument",
            _("no instrument “%(code)s” in the file or already loaded") % {"code": instrument},
            code,
        )
    return Spec(code, fields, refs={"instrument": instrument})


def _rules(reader, data, indicators):
    found = {}
    for n, item in enumerate(reader.listing(data, "rules", "", required=False)):
        path = f"rules[{n}]"
        if reader.mapping(item, path, RULE_KEYS) is None:
            continue
        code = reader.string(item, "code", path, ValidationRule)
        fields = {
            "kind": reader.choice(item, "kind", path, RuleKind),
            **reader.text(item, "message", path, ValidationRule),
        }
        values = item.get("values", [])
        if not isinstance(values, list) or any(
            isinstance(v, bool) or not isinstance(v, str | int | float) for v in values
        ):
            reader.problem(f"{path}.values", _("expected a list of answers"))
            values = []
        elif fields["kind"] in (RuleKind.EMPTY_WHEN, RuleKind.REQUIRED_WHEN) and not values:
            reader.problem(
                f"{path}.values", _("this kind of rule needs the answers that trigger it")
            )
        fields["values"] = values
        refs = {}
        for key in ("indicator", "when"):
            named = reader.string(item, key, path, Indicator, name="code")
            if named and named not in indicators:
                reader.problem(
                    f"{path}.{key}", _("no indicator “%(code)s” in the file") % {"code": named}
                )
            refs[key] = named
        if code in found:
            reader.problem(f"{path}.code", _("“%(code)s” is used twice") % {"code": code})
        elif code:
            found[code] = Spec(code, fields, refs=refs)
    return found


# --- writing --------------------------------------------------------------------------------


class FrameworkResult(ImportResult):
    """What a load did: the version it created, updated or left unchanged."""

    def __init__(self):
        super().__init__(
            "",
            version=0,
            created=0,
            updated=0,
            unchanged=0,
            pillars=0,
            indicators=0,
            rules=0,
            answers_deleted=0,
        )

    @property
    def framework(self):
        return self.records[0] if self.records else None

    @property
    def outcome(self):
        return next(o for o in ("created", "updated", "unchanged") if self.counts[o])

    def describe(self):
        contents = ngettext(
            "%(indicators)d indicator", "%(indicators)d indicators", self.indicators
        ) % {"indicators": self.indicators}
        pillars = ngettext("%(n)d pillar", "%(n)d pillars", self.pillars) % {"n": self.pillars}
        rules = ngettext("%(n)d rule", "%(n)d rules", self.rules) % {"n": self.rules}
        sentence = {
            "created": _("Version %(version)d created: %(indicators)s in %(pillars)s, %(rules)s."),
            "updated": _("Version %(version)d updated: %(indicators)s in %(pillars)s, %(rules)s."),
            "unchanged": _(
                "Version %(version)d unchanged: %(indicators)s in %(pillars)s, %(rules)s."
            ),
        }[self.outcome]
        return sentence % {
            "version": self.version,
            "indicators": contents,
            "pillars": pillars,
            "rules": rules,
        }


def load_file(path, *, actor_repr=ACTOR, request=None):
    """``load`` of the JSON file at ``path``; ``FrameworkFileError`` when it cannot be
    read as JSON."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FrameworkFileError([_unreadable(exc)]) from None
    return load(data, actor_repr=actor_repr, request=request)


def load_bytes(content, *, actor_repr, request=None):
    """``load`` of a framework file's content (an upload)."""
    try:
        data = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FrameworkFileError([_unreadable(exc)]) from None
    return load(data, actor_repr=actor_repr, request=request)


def _unreadable(exc):
    if isinstance(exc, json.JSONDecodeError):
        message = _("not valid JSON: %(why)s (line %(line)d, column %(column)d)") % {
            "why": exc.msg,
            "line": exc.lineno,
            "column": exc.colno,
        }
    elif isinstance(exc, UnicodeDecodeError):
        message = _("not UTF-8 text")
    else:
        message = _("the file cannot be read (%(why)s)") % {"why": exc.strerror or exc}
    return Problem(message=message, unit=PLACE)


def load(data, *, actor_repr, request=None):
    """Check ``data`` (a framework file's content) and write it: see the module's doc.
    Returns a ``FrameworkResult`` whose ``records`` is [the framework version]."""
    spec, notices = read(data)
    digest = sha256_of(data)
    result = FrameworkResult()
    result.notices.extend(notices)
    with transaction.atomic():
        latest = Framework.objects.select_for_update().filter(code=spec.code).order_by("-version")
        latest = latest.first()
        if latest is not None and digest in (latest.content_sha256, _written_back(latest)):
            result.add("unchanged")
            _count(result, latest)
            return result
        instruments = _save_instruments(spec.refs["instruments"])
        if latest is None or latest.frozen:
            version = Framework.objects.create(
                code=spec.code,
                version=(latest.version + 1) if latest else 1,
                content_sha256=digest,
                **spec.fields,
            )
            _create_contents(version, spec, instruments)
            result.add("created")
            action = AuditAction.CREATE if latest is None else AuditAction.IMPORT
        else:
            version = latest
            changed = _update(version, spec, instruments, result)
            version.content_sha256 = digest
            for name, value in spec.fields.items():
                changed |= getattr(version, name) != value
                setattr(version, name, value)
            version.save()
            result.add("updated" if changed else "unchanged")
            action = AuditAction.IMPORT
        _count(result, version)
        audit.record(
            request,
            action,
            version,
            actor_repr=actor_repr,
            after={"outcome": result.outcome, **result.summary()},
        )
    return result


def _written_back(version):
    """The SHA-256 of ``version`` as its page downloads it: that file, loaded back, changes
    nothing either."""
    return sha256_of(dump(version))


def _count(result, version):
    result.records.append(version)
    result.counts["version"] = version.version
    result.counts["pillars"] = version.pillars.count()
    result.counts["indicators"] = version.indicators.count()
    result.counts["rules"] = version.rules.count()


def _save_instruments(specs):
    """{code: Instrument} of every instrument known after creating or updating the file's."""
    for code, spec in specs.items():
        Instrument.objects.update_or_create(code=code, defaults=spec.fields)
    return {i.code: i for i in Instrument.objects.all()}


def _create_contents(version, spec, instruments):
    indicators = {}
    for pillar_spec in spec.parts:
        pillar = Pillar.objects.create(
            framework=version, code=pillar_spec.code, **pillar_spec.fields
        )
        for item in pillar_spec.parts:
            indicators[item.code] = Indicator.objects.create(
                framework=version,
                pillar=pillar,
                code=item.code,
                instrument=instruments[item.refs["instrument"]],
                **item.fields,
            )
    for code, rule in spec.refs["rules"].items():
        ValidationRule.objects.create(
            framework=version,
            code=code,
            indicator=indicators[rule.refs["indicator"]],
            when=indicators[rule.refs["when"]],
            **rule.fields,
        )


def _update(version, spec, instruments, result):
    """Bring a version that is not frozen in line with ``spec``; whether anything changed."""
    changed = False
    pillars = {p.code: p for p in version.pillars.all()}
    indicators = {i.code: i for i in version.indicators.all()}
    wanted = {i.code for p in spec.parts for i in p.parts}
    # Rules first: they point at indicators that may go (a rule kept whose indicator goes
    # is made again below).
    rules = {r.code: r for r in version.rules.select_related("indicator", "when")}
    gone_rules = {
        code
        for code, r in rules.items()
        if code not in spec.refs["rules"] or not {r.indicator.code, r.when.code} <= wanted
    }
    changed |= any(code not in spec.refs["rules"] for code in gone_rules)
    ValidationRule.objects.filter(pk__in=[rules.pop(code).pk for code in gone_rules]).delete()
    for code, indicator in indicators.items():
        if code not in wanted:
            _remove_indicator(indicator, result)
            changed = True
    for pillar_spec in spec.parts:
        pillar = pillars.pop(pillar_spec.code, None)
        if pillar is None:
            pillar = Pillar.objects.create(
                framework=version, code=pillar_spec.code, **pillar_spec.fields
            )
            changed = True
        else:
            changed |= _assign(pillar, pillar_spec.fields)
        for item in pillar_spec.parts:
            fields = {**item.fields, "instrument": instruments[item.refs["instrument"]]}
            indicator = indicators.get(item.code)
            if indicator is None:
                indicators[item.code] = Indicator.objects.create(
                    framework=version, pillar=pillar, code=item.code, **fields
                )
                changed = True
                continue
            rescore = any(getattr(indicator, f) != fields[f] for f in SCORE_FIELDS)
            if _assign(indicator, {**fields, "pillar": pillar}):
                changed = True
                if rescore:
                    for answer in indicator.answers.all():
                        answer.indicator = indicator
                        answer.save(update_fields=["score"])
    for pillar in pillars.values():  # pillars no longer in the file (now without indicators)
        pillar.delete()
        changed = True
    for code, rule_spec in spec.refs["rules"].items():
        fields = {
            **rule_spec.fields,
            "indicator": indicators[rule_spec.refs["indicator"]],
            "when": indicators[rule_spec.refs["when"]],
        }
        rule = rules.get(code)
        if rule is None:
            ValidationRule.objects.create(framework=version, code=code, **fields)
            changed = True
        else:
            changed |= _assign(rule, fields)
    return changed


def _assign(obj, fields):
    """Set ``fields`` on ``obj`` and save it when one differs; whether one did."""
    differs = [name for name, value in fields.items() if getattr(obj, name) != value]
    if differs:
        for name in differs:
            setattr(obj, name, fields[name])
        obj.save()
    return bool(differs)


def _remove_indicator(indicator, result):
    """Delete an indicator no longer in the file, with the answers that open assessments
    gave it (a notice names them)."""
    answers = Answer.objects.filter(indicator=indicator).select_related("assessment__country")
    answered = sorted({str(a.assessment) for a in answers})
    if answered:
        result.add("answers_deleted", len(answers))
        result.notices.append(
            Problem(
                message=ngettext(
                    "indicator %(code)s removed: its answer in %(assessments)s was deleted",
                    "indicator %(code)s removed: its %(n)d answers in %(assessments)s were deleted",
                    len(answers),
                )
                % {"code": indicator.code, "n": len(answers), "assessments": "; ".join(answered)},
                unit=PLACE,
            )
        )
        answers.delete()
    indicator.delete()
