"""The statistics API: the figures of the statistics page, one object each, computed and
protected exactly as the page computes them (``tables.compute``), then filtered."""

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
from coalition.sentences.choices import PENALTY_INDICATORS, Dimension, Indicator
from coalition.sentences.choices import TOTAL_CATEGORY as TOTAL
from coalition.sentences.statistics import query, tables


class FigureSerializer(serializers.Serializer):
    indicator = serializers.ChoiceField(choices=Indicator.choices)
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    category = serializers.CharField(help_text="total, a form of exploitation or an ISO code")
    sex = serializers.CharField()
    age = serializers.CharField()
    country = serializers.CharField(
        allow_null=True, help_text="ISO code; null: every country asked for"
    )
    year = serializers.IntegerField(allow_null=True, help_text="null: the whole year range")
    shown = serializers.CharField(help_text="As the page shows it: 35, <5, 35–39, x")
    value = serializers.IntegerField(allow_null=True, help_text="The count, when exact")
    low = serializers.IntegerField()
    high = serializers.IntegerField(allow_null=True)
    censored = serializers.BooleanField(help_text="Not exact: below a bound, a range or hidden")


class StatisticsSerializer(serializers.Serializer):
    source = serializers.CharField()
    country = serializers.CharField(allow_null=True)
    year_from = serializers.IntegerField()
    year_to = serializers.IntegerField()
    figures = FigureSerializer(many=True)


def _describe(key, countries):
    """(dimension, category, sex, age, country, year) of a page figure key."""
    indicator, kind, *rest = key
    row = {"indicator": indicator, "dimension": Dimension.TOTAL, "category": TOTAL}
    row.update(sex=TOTAL, age=TOTAL, country=None, year=None)
    if kind == "year":
        row["year"] = rest[0]
    elif kind == "country":
        row["country"] = countries[rest[0]].iso2
    elif kind == "cell":
        row.update(sex=rest[0], age=rest[1])
    elif kind == "sex":
        row["sex"] = rest[0]
    elif kind == "age":
        row["age"] = rest[0]
    elif kind in (Dimension.CITIZENSHIP, Dimension.EXPLOITATION):
        row.update(dimension=kind, category=rest[0])
    return row


def _choice(data, name, choices):
    value = (data.get(name) or "").strip()
    if value and value not in choices:
        raise serializers.ValidationError(
            {
                name: _("“%(value)s” is not one of: %(choices)s.")
                % {"value": value[:30], "choices": ", ".join(choices)}
            }
        )
    return value


class StatisticsView(APIView):
    """Persons prosecuted and convicted and victims, by year, country, sex and age,
    citizenship and form of exploitation: exact for the caller's own countries; approved
    years only and disclosure-controlled for every other country."""

    access_rule = access.READER

    @extend_schema(
        summary=gettext_lazy("Sentence statistics"),
        parameters=[
            OpenApiParameter("country", OpenApiTypes.STR, description="ISO code; all if none"),
            OpenApiParameter("year", OpenApiTypes.INT, description="One year"),
            OpenApiParameter("year_from", OpenApiTypes.INT, description="First year"),
            OpenApiParameter("year_to", OpenApiTypes.INT, description="Last year"),
            OpenApiParameter(
                "indicator",
                OpenApiTypes.STR,
                enum=[str(i) for i in tables.INDICATORS + PENALTY_INDICATORS],
            ),
            OpenApiParameter("dimension", OpenApiTypes.STR, enum=Dimension.values),
            OpenApiParameter("source", OpenApiTypes.STR, description="national, or a source id"),
        ],
        responses=StatisticsSerializer,
    )
    def get(self, request):
        data = request.query_params
        indicators = tables.INDICATORS + PENALTY_INDICATORS
        indicator = _choice(data, "indicator", [str(i) for i in indicators])
        dimension = _choice(data, "dimension", Dimension.values)
        who = tables.viewer(request.user)
        try:
            asked = query.read(data, who)
        except query.BadQuery as error:
            raise serializers.ValidationError({error.field: error.message}) from None
        except Country.DoesNotExist:
            raise serializers.ValidationError(
                {"country": _("You cannot see the statistics of this country.")}
            ) from None
        stats = tables.compute(
            request.user, asked.source, [c.pk for c in asked.countries], asked.years, who
        )
        countries = {c.pk: c for c in asked.countries}
        figures = []
        for key in _keys(asked, stats):
            row = _describe(key, countries)
            if indicator and row["indicator"] != indicator:
                continue
            if dimension and row["dimension"] != dimension:
                continue
            count = stats.values[key]
            row.update(
                shown=str(count),
                value=count.value,
                low=count.low,
                high=count.high,
                censored=count.censored,
            )
            figures.append(row)
        return Response(
            {
                "source": asked.source.name,
                "country": asked.country.iso2 if asked.country else None,
                "year_from": asked.year_from,
                "year_to": asked.year_to,
                "figures": figures,
            }
        )


def _keys(asked, stats):
    """The page's figure keys, in the page's order (what ``build_tables`` shows)."""
    tables.build_tables(stats, asked.countries)
    seen, keys = set(), []
    for key in _table_keys(asked, stats):
        if key not in seen:
            seen.add(key)
            keys.append(key)
    return keys


def _table_keys(asked, stats):
    for indicator in PENALTY_INDICATORS if stats.penalties else ():
        yield (indicator, "total")
        for year in asked.years:
            yield (indicator, "year", year)
        if len(asked.countries) > 1:
            for country in asked.countries:
                yield (indicator, "country", country.pk)
    for indicator in tables.INDICATORS:
        yield (indicator, "total")
        for year in asked.years:
            yield (indicator, "year", year)
        if len(asked.countries) > 1:
            for country in asked.countries:
                yield (indicator, "country", country.pk)
        for sex in tables.SEXES:
            yield (indicator, "sex", sex)
            for age in tables.AGES:
                yield (indicator, "cell", sex, age)
        for age in tables.AGES:
            yield (indicator, "age", age)
        for table in stats.tables:
            if table.id in (Dimension.CITIZENSHIP, Dimension.EXPLOITATION):
                for row in table.rows:
                    if not row.is_total:
                        yield (indicator, table.id, row.key)


URLS = [path("sentence-statistics/", StatisticsView.as_view(), name="sentence-statistics")]
