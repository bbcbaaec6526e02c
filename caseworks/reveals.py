"""GOV.UK radios with conditional reveals: the fields a choice needs appear under that choice only.

`RevealingRadios("made_by", {"POLICE": [Field.text("made_by_identifier")]})` draws the radio group with
`data-aria-controls` on each choice that reveals something and a `govuk-radios__conditional` block under it;
GOV.UK Frontend's radios JavaScript shows the block of the checked choice only. Without JavaScript every
block shows, so the page still works. The server never trusts what a hidden block held: the form clears the
fields of choices that were not made (`clear_unrevealed`)."""

from crispy_forms.utils import render_field
from crispy_forms_gds.layout import Field, Size
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe


class RevealingRadios(Field):
    template = "gds/layout/revealing_radios.html"

    def __init__(self, field: str, reveals: dict, *, legend_size=None, small=False):
        context = {"radios_small": small}
        if legend_size:
            context["legend_size"] = Size.for_legend(legend_size)
        super().__init__(field, context=context)
        self.field = field
        self.reveals = reveals

    def render(self, form, context, template_pack="gds", **kwargs):
        bound = form[self.field]
        chosen = "" if bound.value() is None else str(bound.value())
        items = []
        for position, (value, label) in enumerate(bound.field.choices, 1):
            revealed = "".join(
                render_field(inner, form, context, template_pack=template_pack) for inner in self.reveals.get(value, [])
            )
            items.append(
                {
                    "value": value,
                    "label": label,
                    "id": f"{bound.auto_id}_{position}",
                    "is_checked": str(value) == chosen,
                    "conditional": mark_safe(revealed),  # noqa: S308 - crispy's own rendering of form fields
                    "conditional_id": f"conditional-{bound.auto_id}-{position}",
                }
            )
        return render_to_string(
            self.template,
            {**context.flatten(), **self.context, "field": bound, "items": items, "form_show_errors": True},
        )


def clear_unrevealed(data: dict, field: str, reveals: dict[str, list[str]]) -> None:
    """Blank the fields revealed by the choices not made: a value typed before the choice changed (and now
    hidden) is never saved."""
    chosen = data.get(field)
    for value, names in reveals.items():
        if value == chosen:
            continue
        for name in names:
            if name in data:
                data[name] = None if data[name] is None else type(data[name])()
