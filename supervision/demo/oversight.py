"""The seed case's management oversight and "keeping people safe" review, as the inspection case study credits
them: the line manager reviewed the case after the new relationship was disclosed, directed a safeguarding
referral and more home visits, and later judged the work against the standard.

Written through the services, so the demo holds only what a manager could have recorded. The oversight was
recorded three weeks ago; one action is done, one is still open (and shows in the officer's My work)."""

from datetime import timedelta

from supervision.demo.caseload import DemoBuilder
from supervision.demo.users import SEED_CASE_CRN
from supervision.models import Case, OversightRecord
from supervision.models.case_reviews import Prompt
from supervision.services import case_reviews as review_services
from supervision.services import oversight as services

Area = OversightRecord.Area


def build_oversight_demo(demo: DemoBuilder) -> None:
    case = Case.objects.get(crn=SEED_CASE_CRN)
    if case.oversight_records.exists():
        return  # seed_demo run again: the history is already there
    ro = demo.users["priya.shah"]
    spo = demo.users["helen.carter"]
    reviewed_on = demo.today - timedelta(days=21)
    record = services.record_oversight(
        case,
        by=spo,
        reviewed_on=reviewed_on,
        areas=[Area.CONTACTS, Area.RISK, Area.VICTIMS, Area.REFERRALS],
        what_was_reviewed="Supervision discussion with Priya. Read the contacts since release, the victim liaison "
        "officer's reports of sightings in the exclusion zone, and the disclosure of the new relationship with a "
        "pregnant partner.",
        decision="Risk to the new partner and the unborn child has risen. Keep contact at twice a week, one of them "
        "a home visit, and ask the police to visit on our behalf when we cannot. Refer to children's social care "
        "now; consider a MAPPA level 2 referral if the allegations continue.",
        actions=[
            services.NewAction("Send the safeguarding referral to children's social care", reviewed_on + timedelta(2)),
            services.NewAction(
                "Book an unannounced home visit and speak to the partner alone", demo.today + timedelta(days=5)
            ),
        ],
    )
    first = record.actions.order_by("due_on", "pk").first()
    services.mark_action_done(
        first,
        by=ro,
        note="Referral sent to children's social care; acknowledged the next day.",
        done_on=reviewed_on + timedelta(days=1),
    )
    judgements = {prompt.value: review_services.Judgement(True, "") for prompt in Prompt}
    judgements[Prompt.KEY_INDIVIDUALS.value] = review_services.Judgement(
        False, "The partner has not yet been seen on her own; the open action covers it."
    )
    window_from, window_to = review_services.default_window(demo.today)
    review_services.record_case_review(
        case,
        by=spo,
        window_from=max(window_from, case.started_on),
        window_to=window_to,
        judgements=judgements,
        summary="Contact and home visits kept pace with the rising risk; agencies were involved early.",
    )
