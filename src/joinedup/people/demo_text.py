"""Words for believable demo people: names, job titles, and offers and seeks by policy area (no Django)."""

FIRST_NAMES = [
    "Aisha",
    "Alex",
    "Amir",
    "Amy",
    "Anna",
    "Ben",
    "Bethan",
    "Callum",
    "Chloe",
    "Chris",
    "Ciaran",
    "Daniel",
    "Deborah",
    "Dev",
    "Eilidh",
    "Ellie",
    "Emma",
    "Fatima",
    "Fiona",
    "Gareth",
    "George",
    "Grace",
    "Hannah",
    "Harpreet",
    "Hassan",
    "Isla",
    "Jack",
    "James",
    "Jasmine",
    "Joanne",
    "Jon",
    "Kate",
    "Kwame",
    "Laura",
    "Leah",
    "Liam",
    "Lucy",
    "Mark",
    "Megan",
    "Mohammed",
    "Naomi",
    "Nia",
    "Oliver",
    "Olu",
    "Owen",
    "Priya",
    "Rachel",
    "Rhys",
    "Ruth",
    "Sam",
    "Sarah",
    "Seren",
    "Simon",
    "Sophie",
    "Tariq",
    "Tom",
    "Una",
    "Victoria",
    "Wei",
    "Yusuf",
    "Zara",
    "Zoe",
]
LAST_NAMES = [
    "Adeyemi",
    "Ahmed",
    "Ali",
    "Allen",
    "Baker",
    "Bell",
    "Brown",
    "Campbell",
    "Chen",
    "Clarke",
    "Cooper",
    "Davies",
    "Evans",
    "Fraser",
    "Green",
    "Griffiths",
    "Hall",
    "Harris",
    "Hughes",
    "Hussain",
    "Jackson",
    "James",
    "Jones",
    "Kaur",
    "Kelly",
    "Khan",
    "Lewis",
    "Lloyd",
    "MacDonald",
    "Martin",
    "Mensah",
    "Mitchell",
    "Morgan",
    "Murphy",
    "Murray",
    "Nowak",
    "Okafor",
    "O'Brien",
    "Owen",
    "Patel",
    "Phillips",
    "Price",
    "Rahman",
    "Roberts",
    "Robinson",
    "Ross",
    "Scott",
    "Shah",
    "Singh",
    "Smith",
    "Stewart",
    "Taylor",
    "Thomas",
    "Thompson",
    "Walker",
    "Watson",
    "White",
    "Williams",
    "Wilson",
    "Wood",
    "Wright",
    "Young",
]

# Per policy area slug: (a short label for job titles, topics people work on).
AREAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "childrens-services": (
        "children's services",
        ("early help for families", "children's social care placements", "SEND support", "family hubs"),
    ),
    "adult-social-care": (
        "adult social care",
        (
            "commissioning adult social care",
            "hospital discharge",
            "home care market shaping",
            "support for carers",
        ),
    ),
    "housing": (
        "housing",
        (
            "homelessness prevention",
            "temporary accommodation",
            "estate regeneration",
            "private rented sector standards",
        ),
    ),
    "health": (
        "health",
        (
            "integrated care partnerships",
            "access to primary care",
            "community mental health",
            "health inequalities",
        ),
    ),
    "crime-and-justice": (
        "community safety",
        (
            "reducing reoffending",
            "the serious violence duty",
            "youth justice",
            "community safety partnerships",
        ),
    ),
    "employment-and-skills": (
        "employment and skills",
        (
            "adult skills funding",
            "helping people with health conditions into work",
            "apprenticeships",
            "youth employment",
        ),
    ),
    "climate-and-environment": (
        "climate and environment",
        (
            "retrofitting homes for net zero",
            "flood resilience",
            "local area energy planning",
            "waste and recycling",
        ),
    ),
    "transport": (
        "transport",
        (
            "bus service improvement plans",
            "active travel schemes",
            "rural transport",
            "local transport plans",
        ),
    ),
    "economic-growth": (
        "economic growth",
        ("town centre regeneration", "inward investment", "devolution deals", "high street recovery"),
    ),
    "public-health": (
        "public health",
        ("stop smoking services", "drug and alcohol treatment", "healthy weight", "health protection"),
    ),
    "community-cohesion": (
        "communities",
        (
            "community cohesion after disorder",
            "refugee resettlement",
            "working with faith groups",
            "tackling loneliness",
        ),
    ),
    "digital-and-data": (
        "digital and data",
        ("data sharing agreements", "digital inclusion", "cyber security", "using data to target support"),
    ),
}

TITLES = {
    ("central", "senior"): (
        "Deputy Director, {Area}",
        "Director, {Area} policy",
        "Senior Responsible Owner, {Area}",
    ),
    ("central", "manager"): ("Head of {area} policy", "Senior policy adviser, {area}", "Policy lead, {area}"),
    ("central", "frontline"): (
        "Policy officer, {area}",
        "Executive officer, {area} policy",
        "Analyst, {area}",
    ),
    ("local", "senior"): ("Director of {Area}", "Assistant Director, {Area}", "Strategic lead for {area}"),
    ("local", "manager"): ("Head of {area}", "{Area} service manager", "Commissioning manager, {area}"),
    ("local", "frontline"): (
        "Social worker",
        "Housing officer",
        "Community development worker",
        "{Area} officer",
    ),
    ("other", "senior"): ("Chief executive", "Director of partnerships"),
    ("other", "manager"): ("Partnership manager", "Programme lead, {area}"),
    ("other", "frontline"): ("Neighbourhood officer", "Project worker, {area}"),
}

OFFERS = (
    "I can offer experience of {topic} in {setting}.",
    "I have led work on {topic} and am happy to share what worked and what did not.",
    "Happy to talk through {topic}, including the data we used and how we got sign-off.",
    "I know how {side} thinks about {topic} and can help you find your way around it.",
    "I can offer a view from the frontline of {topic} and the people it affects.",
)
SEEKS = (
    "I'm looking for someone who has worked on {topic} in {other_side}.",
    "I would like to understand how {other_side} approaches {topic}.",
    "Looking for a peer in {other_side} to test ideas on {topic}.",
    "I want to learn from places that have made progress on {topic}.",
    "Keen to meet people working on {topic} who would be open to a secondment.",
)
SETTING = {"central": "a central government department", "other": "a public service partnership"}
SIDE = {"central": "central government", "local": "local government", "other": "the voluntary sector"}
OTHER_SIDE = {
    "central": "a council",
    "local": "a government department",
    "other": "central or local government",
}
PAST_ROLES = (
    "Policy officer",
    "Analyst",
    "Project manager",
    "Team leader",
    "Graduate trainee",
    "Commissioner",
)

# Which policy areas a council answers for, by tier (mySociety type code): a district council has no social
# workers and a county no housing officers. A council person's policy areas and title come from these.
DISTRICT_AREAS = frozenset(
    {"housing", "economic-growth", "climate-and-environment", "community-cohesion", "crime-and-justice",
     "digital-and-data", "health"}
)  # fmt: skip
COUNTY_AREAS = frozenset(
    {"childrens-services", "adult-social-care", "public-health", "transport", "employment-and-skills",
     "climate-and-environment", "economic-growth", "digital-and-data", "community-cohesion", "health"}
)  # fmt: skip
COMBINED_AUTHORITY_AREAS = frozenset(
    {
        "transport",
        "economic-growth",
        "employment-and-skills",
        "housing",
        "climate-and-environment",
        "digital-and-data",
    }
)
AREAS_OF_TIER = {"NMD": DISTRICT_AREAS, "CTY": COUNTY_AREAS, "COMB": COMBINED_AUTHORITY_AREAS}
# Frontline jobs that only some councils have, and the policy area that says a council has them.
TITLE_NEEDS_AREA = {"Social worker": "adult-social-care", "Housing officer": "housing"}
# Frontline jobs in central government that only some departments have (by GOV.UK slug).
CENTRAL_FRONTLINE_BY_DEPARTMENT = {
    "department-for-work-pensions": ("Work coach", "Jobcentre team leader"),
    "hm-revenue-customs": ("Operational delivery officer",),
    "home-office": ("Operational delivery officer",),
}

# The policy areas a department works on (by GOV.UK slug); its agencies inherit them through their parent.
# Departments not listed (defence, foreign affairs, the law officers…) work on none of the demo's areas, and their
# people are given the cross-cutting ones.
DEPARTMENT_AREAS = {
    "cabinet-office": {"digital-and-data", "community-cohesion"},
    "department-for-business-and-trade": {"economic-growth"},
    "department-for-culture-media-and-sport": {"community-cohesion", "economic-growth"},
    "department-for-education": {"childrens-services", "employment-and-skills"},
    "department-for-energy-security-and-net-zero": {"climate-and-environment"},
    "department-for-environment-food-rural-affairs": {"climate-and-environment"},
    "department-for-science-innovation-and-technology": {"digital-and-data", "economic-growth"},
    "department-for-transport": {"transport"},
    "department-for-work-pensions": {"employment-and-skills"},
    "department-of-health-and-social-care": {"adult-social-care", "health", "public-health"},
    "hm-treasury": {"economic-growth"},
    "home-office": {"crime-and-justice", "community-cohesion"},
    "ministry-of-housing-communities-local-government": {"housing", "community-cohesion", "economic-growth"},
    "ministry-of-justice": {"crime-and-justice"},
}
CROSS_CUTTING_AREAS = frozenset({"digital-and-data", "economic-growth"})
