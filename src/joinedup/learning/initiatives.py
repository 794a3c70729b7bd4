"""Reference facts: the place-based initiatives whose learning the library collects, each with a public source.

Loaded by `joinedup learning load-initiatives` (idempotent; `load-reference` need not know of it). Places are
linked by today's GSS codes where the place still exists; `place_names` keeps the areas as named at the time.
Where a fact is uncertain the entry's `notes` says so.
"""

from dataclasses import dataclass

from django.db import transaction

from joinedup.learning.models import Initiative
from joinedup.places.models import Organisation, Place


@dataclass(frozen=True)
class InitiativeFact:
    slug: str
    name: str
    start_year: int
    end_year: int | None
    sponsor_slugs: tuple[str, ...]
    sponsor_names: str
    place_names: str
    gss_codes: tuple[str, ...]
    source_url: str
    source_title: str
    summary: str
    notes: str = ""


LGA_PLACE_PILOTS = "https://www.local.gov.uk/publications/learning-20-years-place-pilots"

INITIATIVES = (
    InitiativeFact(
        slug="total-place",
        name="Total Place pilots",
        start_year=2009,
        end_year=2010,
        sponsor_slugs=("hm-treasury", "ministry-of-housing-communities-local-government"),
        sponsor_names="HM Treasury; Department for Communities and Local Government",
        place_names=(
            "Birmingham\nBradford\nCoventry (with Solihull and Warwickshire)\nCroydon\nDorset, Poole and Bournemouth\n"
            "Durham\nKent\nLeicester and Leicestershire\nLewisham\nLuton and Central Bedfordshire\n"
            "Manchester city region (with Warrington)\nSouth Tyneside, Gateshead and Sunderland\nWorcestershire"
        ),
        gss_codes=(
            "E08000025",
            "E08000032",
            "E08000026",
            "E09000008",
            "E06000059",
            "E06000058",
            "E06000047",
            "E10000016",
            "E06000016",
            "E10000018",
            "E09000023",
            "E06000032",
            "E06000056",
            "E08000003",
            "E06000007",
            "E08000023",
            "E08000037",
            "E08000024",
            "E10000034",
        ),
        source_url="http://www.hm-treasury.gov.uk/psr_total_place.htm",
        source_title="HM Treasury and CLG, Total Place: a whole area approach to public services (March 2010)",
        summary=(
            "Launched at Budget 2009 from the Operational Efficiency Programme: 13 pilot areas (63 local "
            "authorities, 34 primary care trusts, 13 police authorities) counted all public spending in their "
            "place, about £82 billion, and redesigned services around citizens in 'deep dives' on one theme each."
        ),
        notes=(
            "The 13 pilots follow the Leadership Centre's Total Place FAQ (one pilot at least in each English "
            "region). Some sources name the Coventry pilot 'Coventry, Solihull and Warwickshire' and the "
            "Manchester one 'Manchester city region': only Coventry and Manchester and Warrington are linked "
            "here. Durham, Dorset and Poole/Bournemouth link to today's successor unitary councils. The source "
            "URL is the Treasury page of the time, now kept by The National Archives' web archive."
        ),
    ),
    InitiativeFact(
        slug="whole-place-community-budgets",
        name="Whole-place Community Budgets pilots",
        start_year=2011,
        end_year=2013,
        sponsor_slugs=("ministry-of-housing-communities-local-government",),
        sponsor_names="Department for Communities and Local Government",
        place_names=(
            "Cheshire West and Chester\nEssex\nGreater Manchester\n"
            "West London tri-borough (Hammersmith and Fulham, Kensington and Chelsea, Westminster)"
        ),
        gss_codes=("E06000050", "E10000012", "E47000001", "E09000013", "E09000020", "E09000033"),
        source_url=(
            "https://www.nao.org.uk/reports/"
            "case-study-on-integration-measuring-the-costs-and-benefits-of-whole-place-community-budgets/"
        ),
        source_title="National Audit Office, Case study on integration: Whole-Place Community Budgets (March 2013)",
        summary=(
            "Four areas, chosen after the October 2011 prospectus, co-designed with Whitehall 'counterpart teams' "
            "and secondees business cases for pooling local public spending around outcomes such as reducing "
            "reoffending, avoiding hospital admissions and integrating employment support."
        ),
        notes=f"Places also as listed in the LGA's 'Learning from 20 years of place pilots' ({LGA_PLACE_PILOTS}).",
    ),
    InitiativeFact(
        slug="troubled-families",
        name="Troubled Families Programme",
        start_year=2012,
        end_year=None,
        sponsor_slugs=("ministry-of-housing-communities-local-government",),
        sponsor_names="Department for Communities and Local Government (later MHCLG)",
        place_names="All 152 upper-tier councils in England",
        gss_codes=(),
        source_url="https://www.nao.org.uk/reports/programmes-to-help-families-facing-multiple-challenges/",
        source_title="National Audit Office, Programmes to help families facing multiple challenges (October 2013)",
        summary=(
            "Payment-by-results funding for councils to 'turn around' families with multiple problems through a "
            "key worker; expanded from 2015 and continued as the Supporting Families programme."
        ),
        notes=(
            "Places are not linked one by one: every upper-tier council took part. The end year is left blank "
            "because the programme continues under the name Supporting Families (from 2021)."
        ),
    ),
    InitiativeFact(
        slug="public-service-transformation-network",
        name="Public Service Transformation Network",
        start_year=2013,
        end_year=2016,
        sponsor_slugs=("ministry-of-housing-communities-local-government", "hm-treasury", "cabinet-office"),
        sponsor_names="Department for Communities and Local Government (host), with HM Treasury and Cabinet Office",
        place_names=(
            "Bath and North East Somerset\nBournemouth, Poole and Dorset\nHampshire\n"
            "Lewisham, Lambeth and Southwark\nSheffield\nSurrey\nSwindon\n"
            "West London Alliance (Barnet, Brent, Ealing, Harrow, Hillingdon, Hounslow)\nWirral"
        ),
        gss_codes=(
            "E06000022",
            "E06000058",
            "E06000059",
            "E10000014",
            "E09000023",
            "E09000022",
            "E09000028",
            "E08000019",
            "E10000030",
            "E06000030",
            "E09000003",
            "E09000005",
            "E09000009",
            "E09000015",
            "E09000017",
            "E09000018",
            "E08000015",
        ),
        source_url="https://www.gov.uk/government/news/nine-new-places-join-next-phase-of-local-public-service-transformation",
        source_title="DCLG, Nine new places join next phase of local public service transformation (3 July 2013)",
        summary=(
            "Announced at Budget 2013 to spread the whole-place Community Budget approach: seconded civil "
            "servants helped places co-design local public service reform and remove national barriers."
        ),
        notes=(
            "The places are the first nine areas announced in July 2013; more joined later (33 upper-tier "
            "councils by early 2014) and are not listed. The network closed in 2016 (NAO, Local public service "
            "reform, 2016). The exact GOV.UK address of the press notice is from memory and may have moved."
        ),
    ),
    InitiativeFact(
        slug="childrens-social-care-innovation-programme",
        name="Children's Social Care Innovation Programme",
        start_year=2014,
        end_year=None,
        sponsor_slugs=("department-for-education",),
        sponsor_names="Department for Education",
        place_names="Over 50 projects in the first round (2014–16), led by councils and charities across England",
        gss_codes=(),
        source_url=(
            "https://www.gov.uk/government/publications/childrens-social-care-innovation-programme-final-evaluation-report"
        ),
        source_title="Department for Education, Children's Social Care Innovation Programme: final evaluation report (2017)",
        summary=(
            "Funding to test new ways of supporting children in need and in care, with each project "
            "independently evaluated; a second round ran from 2016."
        ),
        notes="Projects and places are many and are not linked here; the end year is left open (later rounds).",
    ),
    InitiativeFact(
        slug="better-care-fund",
        name="Better Care Fund",
        start_year=2015,
        end_year=None,
        sponsor_slugs=(
            "department-of-health-and-social-care",
            "ministry-of-housing-communities-local-government",
        ),
        sponsor_names="Department of Health; Department for Communities and Local Government; NHS England",
        place_names="Every health and wellbeing board area in England (151 at the start)",
        gss_codes=(),
        source_url="https://navigator.health.org.uk/theme/national-audit-offices-health-and-social-care-integration-report",
        source_title="The Health Foundation, National Audit Office's 'Health and social care integration' report (2017)",
        summary=(
            "Announced in the 2013 Spending Review and set up through the Care Act 2014: NHS bodies and councils "
            "pool existing money in each health and wellbeing board area and agree a joint plan to integrate "
            "health and social care and ease pressure on hospitals."
        ),
        notes=(
            "The count of 151 local plans is as reported of the NAO's 2014 report on planning the Fund. Places "
            "are not linked one by one: every area takes part. The fund continues, so the end year is open."
        ),
    ),
    InitiativeFact(
        slug="city-deals-wave-1",
        name="City Deals (wave 1)",
        start_year=2012,
        end_year=None,
        sponsor_slugs=("cabinet-office", "hm-treasury", "ministry-of-housing-communities-local-government"),
        sponsor_names="Cabinet Office; HM Treasury; Department for Communities and Local Government",
        place_names="Birmingham\nBristol\nLeeds\nLiverpool\nManchester (Greater Manchester)\nNewcastle\nNottingham\nSheffield",
        gss_codes=(
            "E08000025",
            "E06000023",
            "E08000035",
            "E08000012",
            "E08000003",
            "E08000021",
            "E06000018",
            "E08000019",
        ),
        source_url=(
            "https://committees.parliament.uk/committee/127/public-accounts-committee/news/98348/"
            "city-deals-highlight-need-for-clear-accountability-in-devolution/"
        ),
        source_title="Public Accounts Committee, City deals highlight need for clear accountability in devolution (2015)",
        summary=(
            "Deals signed in 2012 between the government and the eight largest English cities outside London, "
            "giving them powers and funding to drive economic growth; a second wave with 18 more places "
            "followed in 2013 and 2014."
        ),
        notes=(
            "Sponsors are as commonly described (the deals were negotiated by a Cities Policy Unit across "
            "government); the source names only 'the Government'. Each city links to its council only, though "
            "several deals covered a wider city region."
        ),
    ),
    InitiativeFact(
        slug="changing-futures",
        name="Changing Futures",
        start_year=2021,
        end_year=2026,
        sponsor_slugs=(
            "ministry-of-housing-communities-local-government",
            "the-national-lottery-community-fund",
        ),
        sponsor_names="Department for Levelling Up, Housing and Communities; The National Lottery Community Fund",
        place_names="15 areas across England",
        gss_codes=(),
        source_url="https://www.cordisbright.co.uk/projects/changing-futures",
        source_title="Cordis Bright, Changing Futures: process, impact and economic evaluation (project page)",
        summary=(
            "A joint programme of the government and The National Lottery Community Fund testing new ways to "
            "improve outcomes for adults facing several of homelessness, mental ill health, contact with the "
            "criminal justice system, substance misuse and domestic abuse at once."
        ),
        notes=(
            "The programme's value is given as £64 million, £77 million and £91.8 million on the evaluator's "
            "pages of different dates, as it was extended; the end year follows the latest (2026). The 15 "
            "areas are not listed in the source and are not linked."
        ),
    ),
    InitiativeFact(
        slug="partnerships-for-people-and-place",
        name="Partnerships for People and Place",
        start_year=2021,
        end_year=2023,
        sponsor_slugs=("ministry-of-housing-communities-local-government", "hm-treasury"),
        sponsor_names="Department for Levelling Up, Housing and Communities, funded by HM Treasury's Shared Outcomes Fund",
        place_names=(
            "Birmingham\nBradford\nCornwall\nDurham\nEast Sussex\nHackney\nLiverpool\nLuton\nNewcastle\n"
            "Northumberland\nSouthwark\nSunderland\nWakefield"
        ),
        gss_codes=(
            "E08000025",
            "E08000032",
            "E06000052",
            "E06000047",
            "E10000011",
            "E09000012",
            "E08000012",
            "E06000032",
            "E08000021",
            "E06000057",
            "E09000028",
            "E08000024",
            "E08000036",
        ),
        source_url=(
            "https://www.gov.uk/government/publications/partnerships-for-people-and-place-guidance-and-advice-"
            "for-officials-working-on-place-based-policymaking/partnerships-for-people-and-place-guidance-and-"
            "advice-for-officials-working-on-place-based-policymaking"
        ),
        source_title=(
            "DLUHC, Partnerships for People and Place: guidance and advice for officials working on place-based "
            "policymaking (10 April 2024)"
        ),
        summary=(
            "A two-year programme (February 2021 to March 2023) testing whether closer working between "
            "government departments and 13 places on a challenge each place chose (mental health, fuel "
            "poverty, youth unemployment and others) brings measurable benefits."
        ),
        notes=(
            "The 13 places are as listed in the programme's learning and evaluation report (foreword and "
            "background, 2024); the source above gives the dates and the count."
        ),
    ),
    InitiativeFact(
        slug="integration-areas-programme",
        name="Integration Areas Programme",
        start_year=2019,
        end_year=None,
        sponsor_slugs=("ministry-of-housing-communities-local-government",),
        sponsor_names="Ministry of Housing, Communities and Local Government (later DLUHC)",
        place_names="Blackburn with Darwen\nBradford\nPeterborough\nWalsall\nWaltham Forest",
        gss_codes=("E06000008", "E08000032", "E06000031", "E08000030", "E09000031"),
        source_url="https://gov.uk/government/publications/evaluation-of-the-integration-areas-programme",
        source_title="DLUHC, Evaluation of the Integration Areas Programme",
        summary=(
            "Funding for five Integration Areas to design their own place-based activities for stronger, more "
            "integrated communities, following the Integrated Communities Strategy; evaluated on Schools "
            "Linking, Community Conversations and Community Ambassadors."
        ),
        notes=(
            "The start year and the five areas are as given by the evaluator, IFF Research "
            "(https://www.iffresearch.com/case-studies/building-stronger-integrated-communities/); the end year "
            "is not stated in the sources read."
        ),
    ),
)


@transaction.atomic
def initiatives_load() -> int:
    """Create or update the reference initiatives; returns how many. Places and sponsors not yet loaded
    (before `load-reference`) are skipped: run this again afterwards to link them."""
    for fact in INITIATIVES:
        initiative, _ = Initiative.objects.update_or_create(
            slug=fact.slug,
            defaults={
                "name": fact.name,
                "summary": fact.summary,
                "start_year": fact.start_year,
                "end_year": fact.end_year,
                "sponsor_names": fact.sponsor_names,
                "place_names": fact.place_names,
                "source_url": fact.source_url,
                "source_title": fact.source_title,
                "notes": fact.notes,
            },
        )
        initiative.full_clean()
        initiative.places.set(Place.objects.filter(gss_code__in=fact.gss_codes))
        initiative.sponsors.set(Organisation.objects.filter(slug__in=fact.sponsor_slugs))
    return len(INITIATIVES)
