"""The map's rules (no duplicate names, no self-links), redo after undo, revisions and saved versions."""

import pytest
from django.core.exceptions import ValidationError

from joinedup.systemmaps import services
from joinedup.systemmaps.compute import map_diff
from joinedup.systemmaps.models import Change, Factor, Link, SystemMap
from joinedup.systemmaps.selectors import system_map_to_engine, version_to_engine


def test_a_name_the_map_has_is_refused_whatever_its_case_and_spacing(mc):
    with pytest.raises(ValidationError) as err:
        services.factor_add(system_map=mc.system_map, user=mc.cast.member, label="  empty   HOMES ")
    assert "already has a factor called “Empty homes”" in str(err.value)
    with pytest.raises(ValidationError):
        services.factor_update(factor=mc.crime, user=mc.cast.member, label="Empty Homes")
    # Renaming a factor to its own name in another case is not a clash with itself.
    services.factor_update(factor=mc.voids, user=mc.cast.member, label="Empty Homes")
    assert Factor.objects.get(pk=mc.voids.pk).label == "Empty Homes"


def test_a_link_from_a_factor_to_itself_is_refused_and_said_not_to_be_a_loop(mc):
    with pytest.raises(ValidationError) as err:
        services.link_add(
            system_map=mc.system_map, user=mc.cast.member, source=mc.voids, target=mc.voids, polarity="+"
        )
    assert "is not a feedback loop" in str(err.value)


def test_every_recorded_change_moves_the_revision_on(mc):
    before = SystemMap.objects.get(pk=mc.system_map.pk).revision
    services.factor_add(system_map=mc.system_map, user=mc.cast.member, label="Trust")
    services.factor_move(factor=mc.voids, x=1.0, y=2.0)  # where it is drawn is not a change of the map
    assert SystemMap.objects.get(pk=mc.system_map.pk).revision == before + 1


def test_an_undone_change_can_be_redone_and_undone_again(mc):
    link = services.link_add(
        system_map=mc.system_map, user=mc.cast.member, source=mc.targets, target=mc.crime, polarity="?"
    )
    add = Change.objects.get(action="link_add", after__id=link.pk)
    undo = services.change_undo(change=add, user=mc.cast.member)
    assert not Link.objects.filter(pk=link.pk).exists()
    services.change_redo(change=undo, user=mc.cast.member)
    assert Link.objects.get(pk=link.pk).polarity == "?"
    with pytest.raises(services.UndoRefused):
        services.change_redo(change=undo, user=mc.cast.member)
    services.change_undo(change=Change.objects.get(pk=add.pk), user=mc.cast.member)
    assert not Link.objects.filter(pk=link.pk).exists()


def test_a_redo_is_refused_after_a_new_change(mc):
    change = Change.objects.filter(system_map=mc.system_map, action="link_add").first()
    assert change is not None
    undo = services.change_undo(change=change, user=mc.cast.member)
    services.factor_add(system_map=mc.system_map, user=mc.cast.member, label="Trust")
    with pytest.raises(services.UndoRefused, match="changed after the undo"):
        services.change_redo(change=undo, user=mc.cast.member)


def test_a_saved_version_keeps_the_map_and_diffs_against_today(mc):
    first = services.map_version_save(system_map=mc.system_map, user=mc.cast.member, name="March workshop")
    services.factor_update(factor=mc.crime, user=mc.cast.member, label="Crime on the street")
    trust = services.factor_add(system_map=mc.system_map, user=mc.frontline, label="Trust")
    services.link_add(
        system_map=mc.system_map, user=mc.frontline, source=mc.crime, target=trust, polarity="-"
    )
    services.factor_delete(factor=mc.targets, user=mc.cast.member)
    second = services.map_version_save(system_map=mc.system_map, user=mc.cast.member, name="April")
    assert (first.number, second.number, first.factor_count, second.factor_count) == (1, 2, 3, 3)
    diff = map_diff(version_to_engine(first), system_map_to_engine(mc.system_map))
    assert [f.label for f in diff.factors_added] == ["Trust"]
    assert [f.label for f in diff.factors_removed] == ["Reporting demands"]
    assert [c.fields for c in diff.factors_changed] == [(("label", "Street crime", "Crime on the street"),)]
    assert len(diff.links_added) == 1 and len(diff.links_removed) == 2
    assert map_diff(version_to_engine(second), system_map_to_engine(mc.system_map)).empty
