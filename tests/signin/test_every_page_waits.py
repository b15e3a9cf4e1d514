"""After the password and before the second factor, no organisation page answers: every URL
under o/<org_slug>/ (the tenancy walk's list), read and posted, sends the administrator to the
second-factor page and changes nothing."""

import pytest
from django.urls import reverse

from ..test_tenancy import KNOWN_ORGANISATION_URLS, POST_DATA, state_of_everything, url_kwargs
from .helpers import give_app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _admins_need_two_factors(settings):
    settings.TWO_FACTOR_FOR_ADMINS = True


@pytest.mark.parametrize("name", sorted(KNOWN_ORGANISATION_URLS))
@pytest.mark.parametrize("method", ["get", "post"])
def test_no_organisation_page_before_the_second_factor(
    name, method, org, victim, alice, client_for
):
    give_app(alice)
    client = client_for(alice)  # the password given, the code not yet
    url = reverse(name, kwargs={"org_slug": org.slug, **url_kwargs(name, victim)})
    before = state_of_everything()

    response = getattr(client, method)(url, POST_DATA)

    assert response.status_code == 302
    assert response.url.startswith(reverse("signin:verify") + "?next=")
    assert state_of_everything() == before


@pytest.mark.parametrize("name", ["portal:home", "accounts:members", "spend:baseline"])
def test_an_admin_without_an_app_is_sent_to_set_one_up(name, org, victim, alice, client_for):
    url = reverse(name, kwargs={"org_slug": org.slug, **url_kwargs(name, victim)})
    response = client_for(alice).get(url)
    assert response.url.startswith(reverse("signin:setup") + "?next=")
