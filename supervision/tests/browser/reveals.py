"""axe on pages with GOV.UK conditional reveals.

GOV.UK Frontend's radios script sets `aria-expanded` on a radio that reveals questions; axe reports that as
aria-allowed-attr, because ARIA does not (yet) list aria-expanded for the radio role. GOV.UK keeps it on purpose
(screen readers announce it; alphagov/govuk-frontend#979, listed as a known axe issue in #1280). Rather than
switch the rule off for the whole page, the check lifts that one attribute from those radios, runs every rule,
and puts it back."""

RESTORE = """(lifted) => lifted.forEach(
    ([id, value]) => document.getElementById(id).setAttribute('aria-expanded', value)
)"""


def assert_accessible_with_reveals(page, assert_accessible) -> None:
    lifted = page.evaluate(
        """() => Array.from(document.querySelectorAll('.govuk-radios__input[aria-expanded]')).map((input) => {
            const value = input.getAttribute('aria-expanded');
            input.removeAttribute('aria-expanded');
            return [input.id, value];
        })"""
    )
    try:
        assert_accessible(page)
    finally:
        page.evaluate(RESTORE, lifted)
