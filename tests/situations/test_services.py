import pytest
from django.core.exceptions import ValidationError

from joinedup.situations.models import MemberRole, Membership, Perspective, Situation
from joinedup.situations.services import (
    membership_add,
    membership_remove,
    membership_update,
    situation_create,
)


def test_it_creates_nothing_when_the_creators_perspective_is_invalid(cast):
    with pytest.raises(ValidationError) as caught:
        situation_create(created_by=cast.outsider, title="Half made", framing="x", perspective="martian")
    assert "perspective" in caught.value.message_dict
    assert not Situation.objects.filter(title="Half made").exists()


def test_it_rejects_a_blank_title(cast):
    with pytest.raises(ValidationError) as caught:
        situation_create(created_by=cast.outsider, title="  ", framing="x", perspective=Perspective.LOCAL)
    assert "title" in caught.value.message_dict


def test_it_takes_keywords_only(cast):
    with pytest.raises(TypeError):
        membership_add(cast.situation, cast.outsider, Perspective.LOCAL)  # type: ignore[misc]


def test_it_refuses_a_second_membership(cast):
    with pytest.raises(ValidationError, match="already a member"):
        membership_add(situation=cast.situation, user=cast.member, perspective=Perspective.LOCAL)
    assert cast.situation.memberships.count() == 2


def test_it_keeps_the_last_convener(cast):
    convener = Membership.objects.get(situation=cast.situation, role=MemberRole.CONVENER)
    with pytest.raises(ValidationError):
        membership_remove(membership=convener, actor=cast.admin)
    with pytest.raises(ValidationError):
        membership_update(
            membership=convener, actor=cast.admin, role=MemberRole.MEMBER, perspective="central"
        )
    convener.refresh_from_db()
    assert convener.role == MemberRole.CONVENER


def test_it_records_who_removed_a_member(cast):
    membership = Membership.objects.get(situation=cast.situation, user=cast.member)
    membership_remove(membership=membership, actor=cast.convener)
    last = Membership.history.filter(situation_id=cast.situation.pk).order_by("-history_date").first()
    assert (last.history_type, last.history_user) == ("-", cast.convener)
