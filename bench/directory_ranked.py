"""The directory's ranked search: a judged set (what it must find, and where) and its speed at 100,000 people.

    .venv/bin/python bench/directory_ranked.py [--people 100000] [--repeat 9] [--db /tmp/joinedup-bench-directory.sqlite3]
    .venv/bin/python bench/directory_ranked.py --database-url postgres://postgres@127.0.0.1:5432/bench_directory

Seeds the database as bench/directory.py does (reusing it), then adds the judged people below, written by hand
and created through the people services, among the 100,000 generated ones. Each judged query is what a person
might type; it passes when its person is at or above the required position, searched as the demo participant.
Speed: every judged query and a few wide ones through the real view (signed in, page 1), median and p95; the
baseline in the same run is the same view with no search (everyone, page 1), and each text query in name order
(the order the directory used before ranking).
"""

import argparse
import os
import statistics
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

JUDGED_DOMAIN = "judged.bench.invalid"

# (name, organisation slug, job title, place names, policy-area slugs, offers, seeks)
JUDGED_PEOPLE = [
    (
        "Priya Raman",
        "wakefield-metropolitan-district-council",
        "Head of hospital discharge",
        ["Wakefield"],
        ["adult-social-care", "health"],
        "I run the discharge-to-assess service with the local NHS trust.",
        "Peers who have pooled budgets with health.",
    ),
    (
        "Gareth Lloyd",
        "department-for-work-pensions",
        "Senior policy adviser, employment support",
        ["Cardiff"],
        ["employment-and-skills"],
        "How Jobcentre Plus works with councils on employment support for disabled people.",
        "",
    ),
    (
        "Funmi Adeyemi",
        "manchester-city-council",
        "Homelessness prevention manager",
        ["Manchester"],
        ["housing"],
        "Prevention duty casework, temporary accommodation and landlord incentives.",
        "Someone in MHCLG who funds it.",
    ),
    (
        "Eilidh Fraser",
        "glasgow-city-council",
        "Strategic lead for children's services",
        ["Glasgow City"],
        ["childrens-services"],
        "Getting it right for every child; corporate parenting.",
        "English councils trying family help.",
    ),
    (
        "Tom Whitaker",
        "bristol-city-council",
        "Retrofit programme manager",
        ["City of Bristol"],
        ["climate-and-environment", "housing"],
        "Net zero retrofit of council homes and the supply chain for heat pumps.",
        "",
    ),
    (
        "Nadia Hussain",
        "home-office",
        "Deputy Director, serious violence",
        ["Birmingham"],
        ["crime-and-justice"],
        "The serious violence duty and data sharing between police, health and councils.",
        "",
    ),
    (
        "Owen Price",
        "cornwall-council",
        "Assistant Director, adult social care",
        ["Cornwall"],
        ["adult-social-care"],
        "Home care markets in a rural county: recruitment, travel time and fair cost of care.",
        "",
    ),
]

# (query as typed, the judged person it must find, the position it must reach or beat)
JUDGED_QUERIES = [
    ("someone who knows hospital discharge in Wakefield", "Priya Raman", 1),
    ("Priya Raman", "Priya Raman", 1),
    ("employment support for disabled people DWP Cardiff", "Gareth Lloyd", 5),
    ("homelessness prevention in Manchester", "Funmi Adeyemi", 5),
    ("children's services Glasgow", "Eilidh Fraser", 5),
    ("who knows about net zero retrofit in Bristol?", "Tom Whitaker", 1),
    ("serious violence duty data sharing", "Nadia Hussain", 5),
    ("adult social care in a rural county like Cornwall", "Owen Price", 5),
    ("fair cost of care home care", "Owen Price", 5),
]

WIDE_QUERIES = [
    ("someone who knows adult social care in Leeds", {"q": "someone who knows adult social care in Leeds"}),
    ("q=housing", {"q": "housing"}),
    ("q=h (one letter: the widest prefix)", {"q": "h"}),
    ("q=care social (many matches)", {"q": "social care"}),
    ("q=housing, page 400", {"q": "housing", "page": "400"}),
    ("everyone, page 2000 (past the old cap)", {"page": "2000"}),
    ("q=zebra quagga (no one: falls back)", {"q": "zebra quagga"}),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--db", default="/tmp/joinedup-bench-directory.sqlite3", help="SQLite file")
    parser.add_argument("--database-url", default="", help="Another database instead (PostgreSQL)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    os.environ["DJANGO_DEBUG"] = "false"
    import django

    django.setup()
    import directory  # bench/directory.py: seeding, timing

    client = directory.prepare(args.people)
    judged_people_add()
    print(f"load before: {directory.uptime()}")
    failures = judge(client)
    rows = []
    baseline = directory.measure(client, {}, args.repeat)
    rows.append(("baseline: everyone, page 1", baseline, None))
    for query, _, _ in JUDGED_QUERIES:
        params = {"q": query}
        by_name = directory.measure(client, {**params, "order": "name"}, args.repeat)
        rows.append((f"q={query}", directory.measure(client, params, args.repeat), by_name))
    for label, params in WIDE_QUERIES:
        by_name = (
            directory.measure(client, {**params, "order": "name"}, args.repeat) if "q" in params else None
        )
        rows.append((label, directory.measure(client, params, args.repeat), by_name))
    print(f"load after: {directory.uptime()}")
    report(rows, args)
    if failures:
        sys.exit(f"{failures} judged queries missed their position")


def judged_people_add() -> None:
    from joinedup.accounts.models import User
    from joinedup.people.models import PolicyArea
    from joinedup.people.services import profile_create
    from joinedup.places.models import Organisation, Place

    for name, org_slug, title, places, areas, offers, seeks in JUDGED_PEOPLE:
        email = f"{name.lower().replace(' ', '.')}@{JUDGED_DOMAIN}"
        if User.objects.filter(email=email).exists():
            continue
        user = User.objects.create_user(email=email, name=name, password=None)
        org = Organisation.objects.get(slug=org_slug)
        profile_create(
            user=user,
            organisation=org,
            sector=org.sector,
            job_title=title,
            offers=offers,
            seeks=seeks,
            places=list(Place.objects.filter(name__in=places, is_current=True)),
            policy_areas=list(PolicyArea.objects.filter(slug__in=areas)),
        )


def judge(client: Any) -> int:
    """Each judged query through the directory's selector, as the signed-in participant (the view shows the same
    first page); prints where its person came and whether that is good enough."""
    from joinedup.accounts.models import User
    from joinedup.people.selectors import DirectoryFilters, profile_directory_ranked

    viewer = User.objects.get(email="participant@demo.joinedup.example")
    failures = 0
    print("| query | must find | within top | found at | ok |")
    for query, who, within in JUDGED_QUERIES:
        results = profile_directory_ranked(user=viewer, filters=DirectoryFilters(q=query))
        names = [p.user.name for p in results.people[:25]]
        at = names.index(who) + 1 if who in names else None
        ok = at is not None and at <= within
        failures += not ok
        found = str(at) if at else "not on page 1"
        print(f"| {query} | {who} | {within} | {found} | {'yes' if ok else 'NO'} |")
    return failures


def report(rows: list[tuple[str, list[float], list[float] | None]], args: argparse.Namespace) -> None:
    from django.db import connection

    import directory
    from joinedup.people.models import Profile

    baseline = statistics.median(rows[0][1])
    print(
        f"Ranked directory search, {Profile.objects.count():,} profiles, {args.repeat} runs each, {connection.vendor}"
    )
    print("| query | median ms | p95 ms | x everyone | name order: median ms |")
    for label, times, by_name in rows:
        median = statistics.median(times)
        old = f"{statistics.median(by_name):.1f}" if by_name else ""
        print(f"| {label} | {median:.1f} | {directory.p95(times):.1f} | {median / baseline:.2f} | {old} |")
    every = [t for _, times, _ in rows for t in times]
    text = [t for label, times, by_name in rows if label.startswith("q=") for t in times]
    print(f"all queries: median {statistics.median(every):.1f} ms, p95 {directory.p95(every):.1f} ms")
    print(f"text queries: median {statistics.median(text):.1f} ms, p95 {directory.p95(text):.1f} ms")


if __name__ == "__main__":
    main()
