"""What the plan's page offers of its workbook."""

from django import template

from coalition.core import access

register = template.Library()


@register.filter
def edits_progress(user):
    """May ``user`` change some country's progress (and so import the sheet "Progress")?"""
    return access.EDITOR.allows(user)
