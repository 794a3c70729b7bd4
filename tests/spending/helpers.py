"""A hand-made count for the spending tests: Leeds, its council and police, two departments, and a situation."""

from typing import Any

from joinedup.places.models import OrganisationKind
from joinedup.situations.models import Perspective
from joinedup.situations.services import membership_add, situation_create
from joinedup.spending import services
from tests import people_helpers as cast

HEADER = "year,theme,amount,funding_source,channel,people_served,households_served,confidence,sensitive,description\n"

COUNCIL_FILE = HEADER + (
    "2025-26,Children and families,1000000,DfE,Commissioned,120,,audited,no,Family support\n"
    "2025-26,children_families,600000,local,direct,,,estimated,,Early help team\n"
    '2025,Older people,"£400,000",,Commissioned or contracted,,310,Audited,no,Home care\n'
    "2024-25,Children and families,1500000,local,direct,,,,,Last year's family support\n"
)
POLICE_FILE = HEADER + (
    "2025-26,Offending,900000,Home Office,direct,,,audited,no,Neighbourhood policing\n"
    "2025-26,Children and families,100000,local,direct,,,estimated,yes,Child exploitation team\n"
)
BAD_FILE = HEADER + (
    "2025-26,Offending,900000,Home Office,direct,,,audited,no,Fine row\n"
    "2025-26,Bananas,100000,local,direct,,,,,Unknown theme\n"
    "2025-26,Offending,lots,local,direct,,,,,Not a number\n"
    "2025-27,Offending,5,Ministry of Magic,direct,,,,maybe,Three problems in one row\n"
)


def world() -> dict[str, Any]:
    leeds = cast.place(population=800_000)
    cast.place("E08000032", "Bradford", population=500_000)
    council = cast.council()
    police = cast.organisation(
        "west-yorkshire-police", "West Yorkshire Police", OrganisationKind.POLICE, leeds
    )
    dfe = cast.organisation(
        "department-for-education", "Department for Education", OrganisationKind.MINISTERIAL
    )
    dfe.abbreviation = "DfE"
    dfe.save()
    home = cast.organisation("home-office", "Home Office", OrganisationKind.MINISTERIAL)
    officer = cast.person("officer@leeds.gov.uk", "Olu Officer")
    inspector = cast.person("inspector@westyorks.police.uk", "Ines Inspector")
    outsider = cast.person("outsider@example.gov.uk", "Otto Outsider")
    situation = situation_create(
        created_by=officer, title="Total Place Leeds", framing="Count it all.", perspective=Perspective.LOCAL,
        places=[leeds],
    )  # fmt: skip
    membership_add(situation=situation, user=inspector, perspective=Perspective.PARTNER, actor=officer)
    count = services.spend_count_create(
        created_by=officer, title="The public pound in Leeds", place=leeds, situation=situation
    )
    return {
        "leeds": leeds, "council": council, "police": police, "dfe": dfe, "home": home, "officer": officer,
        "inspector": inspector, "outsider": outsider, "situation": situation, "count": count,
    }  # fmt: skip


def imported(w: dict[str, Any]) -> dict[str, Any]:
    """The world with both bodies' files imported."""
    services.spend_import_submit(
        count=w["count"],
        body=w["council"],
        supplied_by=w["officer"],
        filename="council.csv",
        content=COUNCIL_FILE,
    )
    services.spend_import_submit(
        count=w["count"],
        body=w["police"],
        supplied_by=w["inspector"],
        filename="police.csv",
        content=POLICE_FILE,
    )
    return w
