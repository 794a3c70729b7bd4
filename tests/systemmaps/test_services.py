"""Changes are attributed to a person and their perspective, and each can be undone."""

import pytest
from django.core.exceptions import ValidationError

from joinedup.engine.systems import formats
from joinedup.systemmaps import services
from joinedup.systemmaps.models import Change, Factor, Link
from joinedup.systemmaps.selectors import system_map_to_engine


def test_it_attributes_each_contribution_with_its_perspective(mc):
    assert (mc.voids.added_by, mc.voids.perspective) == (mc.cast.member, "local")
    assert (mc.crime.added_by, mc.crime.perspective, mc.crime.from_the_ground) == (
        mc.frontline,
        "frontline",
        True,
    )
    change = Change.objects.filter(system_map=mc.system_map, action="factor_add").order_by("pk")[1]
    assert (change.user, change.perspective, change.summary) == (
        mc.frontline,
        "frontline",
        "added the factor “Street crime”",
    )


def test_it_gives_new_factors_unique_keys(mc):
    extra = services.factor_add(system_map=mc.system_map, user=mc.cast.member, label="Trust")
    assert extra.key == "f4"
    assert len(set(mc.system_map.factors.values_list("key", flat=True))) == 4


def test_it_undoes_an_added_factor(mc):
    factor = services.factor_add(system_map=mc.system_map, user=mc.cast.member, label="Trust")
    change = Change.objects.get(action="factor_add", after__id=factor.pk)
    undo = services.change_undo(change=change, user=mc.frontline)
    assert not Factor.objects.filter(pk=factor.pk).exists()
    assert (undo.user, undo.perspective, undo.summary) == (
        mc.frontline,
        "frontline",
        "undid: added the factor “Trust”",
    )
    change.refresh_from_db()
    assert change.undone_at is not None and not change.can_undo


def test_it_refuses_to_undo_twice(mc):
    change = Change.objects.filter(action="link_add").first()
    services.change_undo(change=change, user=mc.cast.member)
    with pytest.raises(services.UndoRefused):
        services.change_undo(change=change, user=mc.cast.member)


def test_it_undoes_an_edit(mc):
    services.factor_update(factor=mc.voids, user=mc.cast.member, label="Void homes", owner="other")
    change = Change.objects.get(action="factor_edit")
    services.change_undo(change=change, user=mc.cast.member)
    mc.voids.refresh_from_db()
    assert (mc.voids.label, mc.voids.owner) == ("Empty homes", "local")


def test_it_undoes_a_polarity_change(mc):
    services.link_update(link=mc.link, user=mc.cast.member, polarity="-")
    services.change_undo(change=Change.objects.get(action="link_edit"), user=mc.cast.member)
    mc.link.refresh_from_db()
    assert mc.link.polarity == "+"


def test_it_brings_back_a_removed_factor_with_its_links(mc):
    before = system_map_to_engine(mc.system_map)
    services.factor_delete(factor=mc.crime, user=mc.cast.member)
    assert mc.system_map.links.count() == 1
    change = Change.objects.get(action="factor_delete")
    assert change.summary == "removed the factor “Street crime” and its 3 links"
    services.change_undo(change=change, user=mc.cast.member)
    assert system_map_to_engine(mc.system_map) == before
    assert Factor.objects.get(label="Street crime").added_by == mc.frontline


def test_it_brings_back_a_removed_link(mc):
    before = system_map_to_engine(mc.system_map)
    services.link_delete(link=mc.link, user=mc.cast.member)
    services.change_undo(change=Change.objects.get(action="link_delete"), user=mc.cast.member)
    assert system_map_to_engine(mc.system_map) == before


def test_it_refuses_to_restore_a_link_whose_factor_has_gone(mc):
    services.link_delete(link=mc.link, user=mc.cast.member)
    services.factor_delete(factor=mc.voids, user=mc.cast.member)
    with pytest.raises(services.UndoRefused, match="removed since"):
        services.change_undo(change=Change.objects.get(action="link_delete"), user=mc.cast.member)
    assert Change.objects.get(action="link_delete").undone_at is None


def test_it_refuses_a_second_link_between_the_same_factors(mc):
    with pytest.raises(ValidationError):
        services.link_add(
            system_map=mc.system_map, user=mc.cast.member, source=mc.voids, target=mc.crime, polarity="-"
        )


def test_it_refuses_a_link_to_a_factor_of_another_map(mc):
    other = services.system_map_create(situation=mc.cast.situation, user=mc.cast.member, title="Other")
    stranger = services.factor_add(system_map=other, user=mc.cast.member, label="Elsewhere")
    with pytest.raises(ValidationError):
        services.link_add(
            system_map=mc.system_map, user=mc.cast.member, source=mc.voids, target=stranger, polarity="+"
        )


def test_it_refuses_a_polarity_other_than_plus_or_minus(mc):
    with pytest.raises(ValidationError):
        services.link_update(link=mc.link, user=mc.cast.member, polarity="x")
    mc.link.refresh_from_db()
    assert mc.link.polarity == "+"


def test_it_imports_a_map_whole(mc):
    cmap = system_map_to_engine(mc.system_map)
    copy = services.system_map_import(situation=mc.cast.situation, user=mc.frontline, title="Copy", cmap=cmap)
    assert system_map_to_engine(copy) == cmap
    assert set(copy.factors.values_list("perspective", flat=True)) == {"frontline"}


def test_it_imports_nothing_when_a_factor_id_is_too_long(mc):
    cmap = formats.read_csv(f"id,label\n{'x' * 101},Long\nb,B\n", "source,target,polarity\n")
    maps, links = mc.cast.situation.system_maps.count(), Link.objects.count()
    with pytest.raises(ValidationError):
        services.system_map_import(situation=mc.cast.situation, user=mc.frontline, title="Bad", cmap=cmap)
    assert (mc.cast.situation.system_maps.count(), Link.objects.count()) == (maps, links)
