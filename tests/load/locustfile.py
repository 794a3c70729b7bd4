"""Locust scenario: people browsing and searching, voting through an anonymous conversation link and
answering a partnership health check with single-use frontline codes.

LOAD_SETUP names the JSON printed by tests/load/setup_load.py. See scripts/load-run.sh for the full run and
tests/load/test_short_load.py for the short run CI makes.
"""

import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

SETUP: dict[str, Any] = json.loads(open(os.environ.get("LOAD_SETUP", "load.json")).read())  # noqa: SIM115
SEARCHES = ["housing", "health", "leeds", "social care", "skills", "policy adviser", "council", "discharge"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# Each code answers once: every answerer takes its own from the batch setup_load.py issued.
CODES: list[str] = list(SETUP["check_codes"])
STATEMENT = re.compile(r'name="statement" value="(\d+)"')


def _csrf(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


def _post(user: HttpUser, url: str, data: dict[str, Any], name: str) -> None:
    """A form post that worked answers with a redirect; a 200 means the form came back with errors."""
    with user.client.post(url, data, name=name, allow_redirects=False, catch_response=True) as response:
        if response.status_code not in (302, 303):
            response.failure(f"expected a redirect after the post, got {response.status_code}")


class Browser(HttpUser):
    """A signed-in participant reading the directory, people, places, situations and the lessons library."""

    weight = 3
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.client.cookies.set("sessionid", random.choice(SETUP["sessions"]), domain="127.0.0.1")

    @task(3)
    def search_people(self) -> None:
        self.client.get(f"/people/?q={random.choice(SEARCHES)}", name="/people/?q=")

    @task(2)
    def person(self) -> None:
        self.client.get(f"/people/{random.choice(SETUP['profiles'])}/", name="/people/<id>/")

    @task(1)
    def directory(self) -> None:
        self.client.get("/people/", name="/people/")

    @task(1)
    def dashboard(self) -> None:
        self.client.get("/dashboard/", name="/dashboard/")

    @task(1)
    def places(self) -> None:
        self.client.get("/places/", name="/places/")

    @task(1)
    def situations(self) -> None:
        self.client.get("/situations/", name="/situations/")

    @task(1)
    def lessons(self) -> None:
        self.client.get(f"/learning/?q={random.choice(SEARCHES)}", name="/learning/?q=")


class SignIn(HttpUser):
    """Someone signing in, now and then: the password check is slow on purpose (PBKDF2)."""

    weight = 1
    fixed_count = 1
    wait_time = between(5, 10)

    @task
    def sign_in(self) -> None:
        self.client.cookies.clear()
        page = self.client.get("/accounts/sign-in/", name="/accounts/sign-in/")
        _post(
            self,
            "/accounts/sign-in/",
            {
                "username": SETUP["email"],
                "password": SETUP["password"],
                "csrfmiddlewaretoken": _csrf(page.text),
            },
            "/accounts/sign-in/ (POST)",
        )


class Voter(HttpUser):
    """Someone given the conversation's anonymous link: says where they stand, then votes."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        token = SETUP["conversation_token"]
        self.vote_url = f"/conversations/join/{token}/vote/"
        page = self.client.get(f"/conversations/join/{token}/", name="/conversations/join/<token>/")
        _post(
            self,
            f"/conversations/join/{token}/",
            {"perspective": "frontline", "csrfmiddlewaretoken": _csrf(page.text)},
            "/conversations/join/<token>/ (POST)",
        )

    @task
    def vote(self) -> None:
        page = self.client.get(self.vote_url, name="/conversations/join/<token>/vote/")
        statement = STATEMENT.search(page.text)
        if statement is None:  # every statement answered: nothing more to do here
            return
        _post(
            self,
            self.vote_url,
            {"statement": statement.group(1), "vote": random.choice(["agree", "disagree", "pass"]),
             "csrfmiddlewaretoken": _csrf(page.text)},
            "/conversations/join/<token>/vote/ (POST)",
        )  # fmt: skip


class Answerer(HttpUser):
    """Frontline staff answering the partnership health check with their single-use code."""

    weight = 1
    wait_time = between(1, 3)

    @task
    def answer(self) -> None:
        if not CODES:  # every code of the batch is used
            return
        url = f"/partnerships/code/{CODES.pop()}/"
        page = self.client.get(url, name="/partnerships/code/<code>/")
        data = {code: random.choice(values) for code, values in SETUP["items"].items()}
        data.update(talk_about="", csrfmiddlewaretoken=_csrf(page.text))
        _post(self, url, data, "/partnerships/code/<code>/ (POST)")
