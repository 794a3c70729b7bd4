"""The convener's journey through the real HTML forms (CSRF, templates and all), with no JavaScript."""

from django.urls import reverse

from joinedup.situations.models import MemberRole, Membership, Situation
from tests import people_helpers as h


def test_it_starts_a_situation_and_manages_its_members(cast, django_app):
    h.place("E06000014", "York")
    page = django_app.get(reverse("situations:create"), user=cast.outsider)
    form = next(f for f in page.forms.values() if "title" in f.fields)
    form["title"] = "Hospital discharge"
    form["framing"] = "People wait in hospital for care at home."
    form["places"] = "York, E08000035"
    form["perspective"] = "frontline"
    page = form.submit().follow()
    assert "Hospital discharge" in page.text and "You started" in page.text
    situation = Situation.objects.get(title="Hospital discharge")
    assert sorted(situation.places.values_list("name", flat=True)) == ["Leeds", "York"]

    page = page.click("Manage members")
    invite = next(f for f in page.forms.values() if "email" in f.fields)
    invite["email"] = cast.member.email
    invite["perspective"] = "local"
    page = invite.submit().follow()
    added = Membership.objects.get(situation=situation, user=cast.member)

    row = _form_for(page, added)
    row[f"m{added.pk}-role"] = MemberRole.CONVENER
    page = row.submit().follow()
    added.refresh_from_db()
    assert added.role == MemberRole.CONVENER

    remove = _form_for(page, added, action="remove/")
    page = remove.submit().follow()
    assert not Membership.objects.filter(pk=added.pk).exists()
    assert "is no longer a member" in page.text


def _form_for(page, membership, action=""):
    target = f"/members/{membership.pk}/{action}"
    return next(f for f in page.forms.values() if f.action.endswith(target))
