"""The learning benchmark's corpus: 45 hand-written target lessons (bench/data/learning_targets.json) hidden among
generated distractor lessons.

The distractors are generated but realistic: they use the same policy areas, places and vocabulary as the
targets (families, housing, data, funding …) with findings about running a programme, so neither a word match
nor a topic match alone finds a target. Deterministic for a given seed.

    .venv/bin/python bench/learning_corpus.py --lessons 520 > bench/data/learning_corpus.csv
"""

import argparse
import csv
import json
import random
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

AREAS = [
    "housing", "adult social care", "children's services", "public health", "employment support",
    "community safety", "transport", "town centre", "schools", "digital services", "welfare advice",
    "early help", "mental health", "youth services", "environment",
]  # fmt: skip
PLACES = [
    "Leeds", "Bradford", "Essex", "Kent", "Croydon", "Lewisham", "Durham", "Sunderland", "Gateshead", "Wirral",
    "Swindon", "Sheffield", "Hampshire", "Surrey", "Worcestershire", "Coventry", "Birmingham", "Luton",
    "Manchester", "Warrington", "Cheshire West", "Barnet", "Ealing", "Cumbria", "Norfolk", "Cornwall",
]  # fmt: skip
# (title, what happened, why we think so, what we would do differently). {area} and {place} are filled in.
FINDINGS = [
    ("Steering group attendance fell after six months", "The {area} steering group met monthly but by the autumn only half the members came, and decisions slipped to the next meeting.", "The minutes show the same actions carried forward five times.", "Meet less often, with fewer people who can decide."),
    ("A shared brand confused residents", "The new joint {area} service had its own logo and name, and residents in {place} did not know it was the council.", "Calls to the old numbers kept coming for a year.", "Keep familiar names and signpost from them."),
    ("The case management system arrived late", "The IT system for the {area} programme was procured after the service had started, so staff kept spreadsheets for months.", "Staff described double entry as the main frustration in interviews.", "Buy or adapt the system before recruiting the team."),
    ("Consultation fatigue in {place}", "Residents in {place} had been asked about {area} three times in two years and few responded to a fourth survey.", "Response rates fell from 30% to 6%.", "Reuse what earlier consultations found and say what changed as a result."),
    ("Training was too generic", "All {area} staff attended the same two-day course, but it did not cover the local pathways they used every day.", "Feedback forms rated the local sessions far higher.", "Build training around real local cases."),
    ("The risk register was never used", "The {area} board kept a long risk register that nobody looked at between audits.", "The two biggest problems of the year were not on it.", "Keep five live risks and review them at every meeting."),
    ("A newsletter nobody read", "The {area} partnership sent a monthly newsletter to 400 staff; fewer than one in ten opened it.", "Email statistics showed opening rates under 10%.", "Use team briefings instead."),
    ("Performance dashboard built before questions", "Analysts in {place} built a detailed {area} dashboard before managers had agreed what they needed to know.", "Most tabs were never opened.", "Agree three questions first, then build."),
    ("Recruitment took longer than planned", "It took seven months to fill the {area} posts in {place} because of pay grading disputes between partners.", "The job evaluation panel met four times.", "Agree a common pay approach in the partnership agreement."),
    ("The pilot stayed too small to learn from", "The {area} pilot in {place} worked with 25 residents, too few to tell whether the change made a difference.", "The evaluator said so in the interim report.", "Size the pilot for the question you want answered."),
    ("Office move disrupted the service", "The {area} team moved buildings in the middle of the pilot and lost three weeks of contact with residents.", "Contact numbers dipped sharply in those weeks.", "Time estate changes outside delivery peaks."),
    ("Contract renewal came at the wrong moment", "The main {area} provider contract in {place} came up for renewal halfway through, and the new provider changed the model.", "Two different models ran in one year, so results could not be compared.", "Align contract dates with the programme."),
    ("Volunteers drifted away after training", "Volunteers recruited for the {area} scheme in {place} were trained but waited months for placements and many left.", "Of 60 trained, 18 were still active after a year.", "Place volunteers within a few weeks of training."),
    ("Satisfaction surveys told us little", "Residents using the {area} service rated it highly on satisfaction forms, but the forms were handed out by the staff they rated.", "Scores were above 95% every month.", "Use independent or anonymous feedback."),
    ("Website relaunch was delayed", "The {area} pages on the {place} website were rewritten for the programme but took a year to be published.", "Search traffic stayed on the old pages.", "Update the existing pages in small steps."),
    ("Programme management overhead grew", "Project managers, highlight reports and gateway reviews took a growing share of the {area} budget.", "By year two a fifth of the spend was on programme management.", "Keep governance in proportion to the money."),
    ("The launch event raised expectations too high", "A large launch for the {area} programme in {place} promised quick results that the service could not deliver.", "Local press coverage turned critical within months.", "Launch quietly and report progress when there is some."),
    ("Eligibility criteria kept changing", "The criteria for the {area} service in {place} were changed three times, confusing referrers.", "Referral rejections peaked after each change.", "Fix criteria for a year and review them on evidence."),
    ("Waiting lists grew after publicity", "After local radio covered the {area} service, demand doubled and waiting times grew to three months.", "Referral numbers are clear in the monthly returns.", "Plan capacity before publicity."),
    ("Good practice stayed in one team", "A {area} team in {place} found a better way of working, but other teams never heard of it.", "A later review found four teams doing the same task four ways.", "Set up regular practice exchanges between teams."),
    ("Translation needs were underestimated", "Many {area} service users in {place} needed interpreters, and the budget for them ran out by the summer.", "Interpreter bookings were twice the estimate.", "Use local population data when budgeting."),
    ("The evaluation arrived after decisions", "The independent evaluation of the {area} pilot reported six months after the decision to extend it had been taken.", "The board minutes record the decision before the report.", "Time interim findings to the budget cycle."),
    ("Partners disagreed about branding on letters", "Which partner's logo appeared on {area} letters took weeks to settle.", "Letters went out late as a result.", "Agree a neutral partnership identity at the start."),
    ("Staff turnover in the contact centre", "The {area} contact centre in {place} lost a third of its staff in a year, and call waiting times rose.", "Exit interviews pointed to workload.", "Staff to realistic call volumes."),
    ("Too many pilots at once", "{place} ran five {area} pilots at the same time, competing for the same managers' attention.", "Two were closed early for lack of leadership time.", "Run fewer pilots and finish them."),
    ("Scaling up lost the original design", "When the {area} model was rolled out across {place}, the features that made the pilot work were dropped to save money.", "Outcomes in the wider rollout were weaker.", "Be clear which features are essential before scaling."),
    ("The steering board lacked residents' voices", "Decisions on the {area} programme were made without anyone who used the services.", "A later residents' panel overturned two of them.", "Include people with lived experience from the start."),
    ("Annual reports repeated the plan", "Each annual {area} report in {place} restated the aims without saying what had changed.", "Councillors asked for evidence of progress at scrutiny.", "Report outcomes against a baseline."),
    ("A software licence limited access", "Only 20 licences for the {area} case system were bought, so partner staff had to ask council staff to look things up.", "Requests took a day on average.", "Licence everyone who needs access."),
    ("Business continuity was not planned", "When the {area} manager in {place} was off sick for three months, nobody else knew how the budget worked.", "Spending stopped for the quarter.", "Share knowledge of key tasks across two people."),
]  # fmt: skip
OPENINGS = [
    "This lesson comes from the {area} work in {place}.",
    "We ran a {area} programme in {place} over two years.",
    "As part of a wider partnership in {place}, the {area} team tried a new approach.",
    "In {place}, {area} was one strand of a multi-agency programme.",
]
EXPECTED = [
    "We expected the change to bed in within a year.",
    "We expected partners to take this on without extra help.",
    "We expected this to be a small administrative step.",
    "We expected the plan to hold as written.",
]


def distractors(count: int, seed: int) -> list[dict[str, str]]:
    """`count` distractor lessons (ref D-00001 …), deterministic for the seed."""
    rng = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        title, happened, why, differently = rng.choice(FINDINGS)
        fill = {"area": rng.choice(AREAS), "place": rng.choice(PLACES)}
        body = " ".join([rng.choice(OPENINGS), rng.choice(EXPECTED), happened, why, differently]).format(
            **fill
        )
        body = body[0].upper() + body[1:]
        rows.append({"ref": f"D-{number:05d}", "title": title.format(**fill), "body": body})
    return rows


def targets() -> list[dict[str, object]]:
    return list(json.loads((DATA / "learning_targets.json").read_text())["targets"])


def corpus(distractor_count: int, seed: int = 1) -> list[dict[str, str]]:
    """Targets and distractors shuffled together, as CSV rows (ref, title, body)."""
    rows = [{"ref": str(t["ref"]), "title": str(t["title"]), "body": str(t["body"])} for t in targets()]
    rows += distractors(distractor_count, seed)
    random.Random(seed).shuffle(rows)
    return rows


def queries() -> list[tuple[str, dict[str, int]]]:
    """(query, {ref: grade}) for every judged query."""
    return [(q, {str(t["ref"]): 2}) for t in targets() for q in t["queries"]]  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lessons", type=int, default=520, help="distractor lessons to generate")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    writer = csv.DictWriter(sys.stdout, fieldnames=["ref", "title", "body"])
    writer.writeheader()
    writer.writerows(corpus(args.lessons, args.seed))


if __name__ == "__main__":
    main()
