"""Seed the policy-area taxonomy named in the brief; admins may add to it afterwards."""

from typing import Any

from django.db import migrations

POLICY_AREAS = [
    ("childrens-services", "Children's services"),
    ("adult-social-care", "Adult social care"),
    ("housing", "Housing"),
    ("health", "Health"),
    ("crime-and-justice", "Crime and justice"),
    ("employment-and-skills", "Employment and skills"),
    ("climate-and-environment", "Climate and environment"),
    ("transport", "Transport"),
    ("economic-growth", "Economic growth"),
    ("public-health", "Public health"),
    ("community-cohesion", "Community cohesion"),
    ("digital-and-data", "Digital and data"),
]


def seed(apps: Any, schema_editor: Any) -> None:
    policy_area = apps.get_model("people", "PolicyArea")
    for slug, name in POLICY_AREAS:
        policy_area.objects.get_or_create(slug=slug, defaults={"name": name})


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("people", "PolicyArea").objects.filter(slug__in=[s for s, _ in POLICY_AREAS]).delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
