"""Bounded API fuzzing: schemathesis generates requests for every operation in /api/v1/openapi.json and sends
them, with a member's token, to the WSGI app in-process. No request may cause a server error, and every
response must match the document (status code declared, body matches its schema, content type right).

Bounded and repeatable for CI: MAX_EXAMPLES per operation, derandomised (the same cases on every run).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from joinedup.wsgi import application
from tests.security.world import build_world

MAX_EXAMPLES = 15

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI app directly fires request_started/finished, whose close_old_connections would close the
    test's own transaction on PostgreSQL; Django's test client disconnects them the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def member_token(db, settings):
    settings.JOINEDUP_REQUIRE_2FA = False
    return build_world().tokens["member"]


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_it_answers_every_generated_request_without_a_server_error_and_as_documented(case, member_token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {member_token}"},
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ],
    )
