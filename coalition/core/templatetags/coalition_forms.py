"""Form fields rendered with Bootstrap's classes, for forms whose widgets we do not build
(Django's own sign-in and password forms) as well as ours."""

from django import forms, template

register = template.Library()


@register.filter
def bootstrap(field):
    """``{{ field|bootstrap }}``: the widget with Bootstrap's class, marked invalid on error."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{existing} {css}".strip()})
