"""Organizations, invitations and memberships through the API, as the spec defines them."""

import pytest

from registry.models import Invitation, OrganizationMembership
from tests.core.factories import UserFactory
from tests.registry.factories import organization

BASE = "/registry/v1beta2"


def test_creating_an_organization_makes_the_creator_its_member(api_for):
    user = UserFactory()
    api = api_for(user)
    body = {
        "name": "Nictiz",
        "emailAddress": "info@nictiz.example",
        "website": "https://nictiz.example",
        "address": {
            "street": "Oude Middenweg",
            "houseNumber": 55,
            "postalCode": "2491 AC",
            "city": "Den Haag",
            "country": "NL",
        },
    }
    response = api.post(f"{BASE}/organizations", body, format="json")
    assert response.status_code == 201
    created = response.json()
    assert created["createdByUserId"] == str(user.uuid) and created["createdByUser"]["name"] == user.full_name
    assert created["address"]["city"] == "Den Haag"
    memberships = api.get(f"{BASE}/users/me/memberships").json()
    assert [m["organizationId"] for m in memberships] == [created["id"]]


def test_organization_is_read_by_anyone_with_the_scope_and_changed_by_members_only(api_for):
    member = UserFactory()
    org = organization(member)
    outsider_api = api_for(UserFactory())
    assert outsider_api.get(f"{BASE}/organizations/{org.pk}").status_code == 200
    refused = outsider_api.patch(f"{BASE}/organizations/{org.pk}", {"name": "Taken over"}, format="json")
    assert refused.status_code == 403 and refused.json()["type"] == "PERMISSION_DENIED"
    changed = api_for(member).patch(
        f"{BASE}/organizations/{org.pk}", {"name": "Nictiz BV", "address": None}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["name"] == "Nictiz BV"
    assert changed.json()["address"] is None
    assert changed.json()["updatedByUserId"] == str(member.uuid)


def test_invalid_organization_is_refused_with_details_and_nothing_is_stored(api_for):
    api = api_for()
    response = api.post(f"{BASE}/organizations", {"name": 42, "emailAddress": "not-an-address"}, format="json")
    assert response.status_code == 422
    body = response.json()
    assert body["type"] == "INVALID_ARGUMENT"
    assert {detail["location"] for detail in body["details"]} == {"name", "emailAddress"}
    assert api.get(f"{BASE}/organizations").json() == []


def test_invitation_flow_accept_creates_the_membership_once(api_for):
    member, invitee = UserFactory(), UserFactory(email="invitee@example.test")
    org = organization(member)
    member_api, invitee_api = api_for(member), api_for(invitee)
    invited = member_api.post(
        f"{BASE}/organizations/{org.pk}/invitations", {"emailAddress": "Invitee@Example.test"}, format="json"
    )
    assert invited.status_code == 201 and invited.json()["status"] == "PENDING"
    invitation_id = invited.json()["id"]
    mine = invitee_api.get(f"{BASE}/users/me/invitations").json()
    assert [i["id"] for i in mine] == [invitation_id] and mine[0]["organization"]["name"] == "Nictiz"
    accepted = invitee_api.post(f"{BASE}/users/me/invitations/{invitation_id}:accept")
    assert accepted.status_code == 200 and accepted.json()["status"] == "ACCEPTED"
    again = invitee_api.post(f"{BASE}/users/me/invitations/{invitation_id}:accept")
    assert again.status_code == 422 and again.json()["type"] == "FAILED_PRECONDITION"
    assert OrganizationMembership.objects.filter(organization=org, user=invitee).count() == 1
    seen_by_org = member_api.get(f"{BASE}/organizations/{org.pk}/invitations/{invitation_id}").json()
    assert seen_by_org["userId"] == str(invitee.uuid) and seen_by_org["responseTime"]


def test_only_pending_invitations_can_be_declined_or_canceled(api_for):
    member, invitee = UserFactory(), UserFactory()
    org = organization(member)
    member_api, invitee_api = api_for(member), api_for(invitee)
    first = member_api.post(
        f"{BASE}/organizations/{org.pk}/invitations", {"emailAddress": invitee.email}, format="json"
    ).json()
    assert invitee_api.post(f"{BASE}/users/me/invitations/{first['id']}:decline").json()["status"] == "DECLINED"
    cancel = member_api.post(f"{BASE}/organizations/{org.pk}/invitations/{first['id']}:cancel")
    assert cancel.status_code == 422
    second = member_api.post(
        f"{BASE}/organizations/{org.pk}/invitations", {"emailAddress": invitee.email}, format="json"
    ).json()
    canceled = member_api.post(f"{BASE}/organizations/{org.pk}/invitations/{second['id']}:cancel")
    assert canceled.status_code == 200 and canceled.json()["status"] == "CANCELED"
    assert invitee_api.post(f"{BASE}/users/me/invitations/{second['id']}:accept").status_code == 422
    assert not OrganizationMembership.objects.filter(organization=org, user=invitee).exists()


def test_a_second_pending_invitation_for_the_same_address_is_refused(api_for):
    member = UserFactory()
    org = organization(member)
    api = api_for(member)
    url = f"{BASE}/organizations/{org.pk}/invitations"
    assert api.post(url, {"emailAddress": "x@example.test"}, format="json").status_code == 201
    duplicate = api.post(url, {"emailAddress": "X@example.test"}, format="json")
    assert duplicate.status_code == 422 and duplicate.json()["type"] == "ALREADY_EXISTS"
    already_member = api.post(url, {"emailAddress": member.email}, format="json")
    assert already_member.json()["type"] == "ALREADY_EXISTS"


def test_other_users_invitations_and_memberships_are_not_found(api_for):
    member, invitee, stranger = UserFactory(), UserFactory(), UserFactory()
    org = organization(member)
    invitation = (
        api_for(member)
        .post(f"{BASE}/organizations/{org.pk}/invitations", {"emailAddress": invitee.email}, format="json")
        .json()
    )
    stranger_api = api_for(stranger)
    assert stranger_api.get(f"{BASE}/users/me/invitations/{invitation['id']}").status_code == 404
    assert stranger_api.post(f"{BASE}/users/me/invitations/{invitation['id']}:accept").status_code == 404
    membership = OrganizationMembership.objects.get(organization=org, user=member)
    assert stranger_api.get(f"{BASE}/users/me/memberships/{membership.pk}").status_code == 404
    assert stranger_api.delete(f"{BASE}/users/me/memberships/{membership.pk}").status_code == 404
    # The organization's own invitation and member lists are for its members.
    assert stranger_api.get(f"{BASE}/organizations/{org.pk}/invitations").status_code == 403
    assert stranger_api.get(f"{BASE}/organizations/{org.pk}/memberships").status_code == 403
    assert Invitation.objects.get(pk=invitation["id"]).status == "PENDING"


def test_leaving_and_removing_members_keeps_one_member(api_for):
    first, second = UserFactory(), UserFactory()
    org = organization(first)
    OrganizationMembership.objects.create(organization=org, user=second, created_by=first, updated_by=first)
    first_api, second_api = api_for(first), api_for(second)
    members = first_api.get(f"{BASE}/organizations/{org.pk}/memberships").json()
    assert {m["userId"] for m in members} == {str(first.uuid), str(second.uuid)}
    second_membership = next(m for m in members if m["userId"] == str(second.uuid))
    assert second_api.delete(f"{BASE}/users/me/memberships/{second_membership['id']}").status_code == 204
    first_membership = first_api.get(f"{BASE}/users/me/memberships").json()[0]
    last = first_api.delete(f"{BASE}/organizations/{org.pk}/memberships/{first_membership['id']}")
    assert last.status_code == 422 and "last member" in last.json()["message"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_accepts_create_one_membership(postgres, spec_document):
    import threading

    from django.db import connection

    from epdee.core.errors import Conflict
    from registry import services

    member, invitee = UserFactory(), UserFactory()
    org = organization(member)
    invitation = services.invite(org, invitee.email, by=member)
    results, barrier = [], threading.Barrier(2)

    def accept():
        barrier.wait()
        try:
            services.accept_invitation(invitation.pk, by=invitee)
            results.append("accepted")
        except Conflict:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=accept) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["accepted", "refused"]
    assert OrganizationMembership.objects.filter(organization=org, user=invitee).count() == 1
