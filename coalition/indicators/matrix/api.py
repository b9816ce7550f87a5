"""``/api/indicator-scores/``: the scores of the assessments the caller may read, per
assessment and per pillar, each with its formula and its change since the year before."""

import datetime

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from coalition.core import access
from coalition.core.models import Country
from coalition.indicators.matrix.table import may_see_provisional
from coalition.indicators.models import Framework
from coalition.indicators.scores import change, visible_scores
from coalition.lib.text import int_or_none


def _number(value):
    return None if value is None else float(value)


class ScoresView(APIView):
    """Per assessment: its country, year, framework version, overall score with its formula
    and change since the year before, and each pillar's code, name, score, formula and
    change. Approved assessments only, unless ``provisional=1`` is asked by one who reads
    assessments not yet approved (a country's data roles, the regional administrators)."""

    access_rule = access.READER

    @extend_schema(
        summary=gettext_lazy("Scores of the indicator assessments"),
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="Year of the assessments"),
            OpenApiParameter("country", OpenApiTypes.STR, description="ISO code, or XR"),
            OpenApiParameter(
                "provisional",
                OpenApiTypes.BOOL,
                description="1: include the assessments not yet approved the caller may read",
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        params = request.query_params
        raw = params.get("year") or None
        year = int_or_none(raw, datetime.MINYEAR, datetime.MAXYEAR)
        if raw is not None and year is None:
            raise serializers.ValidationError({"year": _("A year, e.g. 2012.")})
        country_ids = None
        if params.get("country"):
            country = Country.objects.filter(iso2=params["country"].upper()).first()
            if country is None:
                raise serializers.ValidationError(
                    {"country": _("“%(value)s” is unknown.") % {"value": params["country"]}}
                )
            country_ids = [country.pk]
        flag = params.get("provisional", "")
        if flag not in ("", "0", "1", "true", "false"):
            raise serializers.ValidationError({"provisional": _("Either 1 or 0.")})
        provisional = flag in ("1", "true")
        if provisional and not may_see_provisional(request.user):
            raise serializers.ValidationError(
                {"provisional": _("Your role reads approved assessments only.")}
            )
        years = None if year is None else [year - 1, year]
        scores = visible_scores(request.user, years, country_ids, provisional=provisional)
        frameworks = dict(
            Framework.objects.filter(
                pk__in={score.framework_id for score in scores.values()}
            ).values_list("pk", "version")
        )
        isos = dict(
            Country.objects.filter(pk__in={key[0] for key in scores}).values_list("pk", "iso2")
        )
        results = []
        for (country_id, when), score in sorted(
            scores.items(), key=lambda item: (isos[item[0][0]], item[0][1])
        ):
            if year is not None and when != year:
                continue
            before = scores.get((country_id, when - 1))
            results.append(
                {
                    "assessment": score.assessment_id,
                    "country": isos[country_id],
                    "year": when,
                    "framework_version": frameworks[score.framework_id],
                    "approved": score.approved,
                    "score": _number(score.score),
                    "formula": score.formula,
                    "change": _number(change(score.score, before.score if before else None)),
                    "pillars": [
                        {
                            "code": pillar.code,
                            "name": str(pillar.name),
                            "score": _number(pillar.score),
                            "formula": pillar.formula,
                            "change": _number(
                                change(
                                    pillar.score,
                                    before.pillars[pillar.code].score
                                    if before and pillar.code in before.pillars
                                    else None,
                                )
                            ),
                        }
                        for pillar in score.pillars.values()
                    ],
                }
            )
        return Response({"count": len(results), "results": results})


URLS = [path("indicator-scores/", ScoresView.as_view(), name="indicator-scores")]
