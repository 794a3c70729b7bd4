import pytest
from tests.faults.test_database_away import _sqlite_away
from tests.people_helpers import person
pytestmark = pytest.mark.django_db(transaction=True)
def test_dbg(client, settings):
    settings.DEBUG = False
    client.force_login(person("sam@example.gov.uk", "Sam Patel"))
    with _sqlite_away():
        client.get("/people/")
