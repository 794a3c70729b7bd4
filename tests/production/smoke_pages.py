"""Fetch the main pages of a running production deployment, anonymously and signed in; fail on anything wrong.

    .venv/bin/python tests/production/smoke_pages.py http://127.0.0.1:8767 smoke.json

It talks to gunicorn the way the TLS proxy in front of it would: every request carries
`X-Forwarded-Proto: https` (settings trust it: SECURE_PROXY_SSL_HEADER), and cookies marked Secure are sent
back as a browser on HTTPS would. Any 5xx, an unexpected status, a page without the service's title, or a static
file (CSS, JS, images) that is not served under its hashed name fails the run. It waits for the background
worker to finish the job smoke_data.py queued. Exit status 0 only when every check passed.
"""

import http.client
import json
import os
import re
import sys
import time
from typing import Any
from urllib.parse import urlencode, urlsplit

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ASSET = re.compile(r'<(?:link|script)\b[^>]*?\b(?:href|src)="(/static/[^"]+)"')
HASHED = re.compile(r"\.[0-9a-f]{12}\.(?:css|js|ico|svg|png)$")
TITLE = re.compile(r"<title>(.*?)</title>", re.S)


class Browser:
    """A tiny HTTP client: one cookie jar, no redirects followed, every request as if through the TLS proxy."""

    def __init__(self, base: str) -> None:
        parts = urlsplit(base)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.origin = f"https://{self.host}:{self.port}"
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: str = "", proxy: bool = True
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Host": f"{self.host}:{self.port}", "User-Agent": "joinedup-production-smoke"}
        if proxy:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": self.origin,
                            "Referer": self.origin + path})  # fmt: skip
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            text = content.decode("utf-8", "replace")
            return response.status, {k.lower(): v for k, v in response.getheaders()}, text
        finally:
            connection.close()


class Smoke:
    def __init__(self, base: str, setup: dict[str, Any]) -> None:
        self.base, self.setup = base, setup
        self.passed, self.failures = 0, []
        self.statics: dict[str, int] = {}

    def check(self, ok: bool, what: str) -> bool:
        if ok:
            self.passed += 1
        else:
            self.failures.append(what)
            print(f"FAIL {what}", flush=True)
        return ok

    def page(self, browser: Browser, path: str, want: int = 200, title: str | None = None) -> str:
        status, headers, html = browser.request("GET", path)
        who = "signed in" if "sessionid" in browser.cookies else "anonymous"
        if not self.check(status == want, f"GET {path} ({who}): expected {want}, got {status}"):
            return html
        print(f"ok   {status} {path} ({who})", flush=True)
        if status in (200, 404) and "text/html" in headers.get("content-type", ""):
            found = TITLE.search(html)
            text = " ".join(found.group(1).split()) if found else ""
            self.check(text.endswith(" – Joined Up"), f"GET {path}: title {text!r} is not 'Page – Joined Up'")
            if title is not None:
                self.check(text == f"{title} – Joined Up", f"GET {path}: title {text!r}, expected {title!r}")
            self.check("Traceback" not in html, f"GET {path}: shows a traceback")
            for asset in ASSET.findall(html):
                self.static(browser, asset)
        return html

    def static(self, browser: Browser, path: str, hashed: bool = True) -> None:
        if path in self.statics:
            return
        status, headers, _body = browser.request("GET", path)
        self.statics[path] = status
        self.check(status == 200, f"static {path}: {status}")
        if hashed:
            self.check(bool(HASHED.search(path)), f"static {path} is not served under a hashed name")
            self.check(
                "immutable" in headers.get("cache-control", ""), f"static {path} is not cached for good"
            )

    def first_link(self, html: str, pattern: str, what: str) -> str:
        found = re.search(rf'href="({pattern})"', html)
        self.check(found is not None, f"no link to {what} found")
        return found.group(1) if found else "/missing/"

    def run(self) -> None:
        self.anonymous()
        self.signed_in()
        self.administrator()

    def sign_in(self, browser: Browser, email: str, password: str) -> tuple[int, str]:
        html = self.page(browser, "/accounts/sign-in/")
        token = CSRF.search(html)
        form = urlencode({"csrfmiddlewaretoken": token.group(1) if token else "", "username": email,
                          "password": password})  # fmt: skip
        status, headers, _ = browser.request("POST", "/accounts/sign-in/", form)
        return status, headers.get("location", "")

    def administrator(self) -> None:
        """The administrator from `createsuperuser` must set up two-factor authentication before anything else."""
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        if not password:
            return
        browser = Browser(self.base)
        status, _ = self.sign_in(browser, self.setup["admin_email"], password)
        if not self.check(
            status == 302 and "sessionid" in browser.cookies, f"administrator sign-in: {status}"
        ):
            return
        status, headers, _ = browser.request("GET", "/dashboard/")
        where = headers.get("location", "")
        self.check(status == 302 and "/accounts/two-factor/" in where,
                   f"an administrator without two-factor reached the dashboard: {status} {where}")  # fmt: skip
        if where.startswith("/"):
            self.page(browser, where)

    def anonymous(self) -> None:
        browser = Browser(self.base)
        status, headers, _ = browser.request("GET", "/", proxy=False)
        self.check(status == 301 and headers.get("location", "").startswith("https://"),
                   f"plain HTTP is not redirected to HTTPS: {status} {headers.get('location')}")  # fmt: skip
        status, _, body = browser.request("GET", "/healthz", proxy=False)
        self.check(status == 200 and body == "ok", f"/healthz over plain HTTP: {status}")
        _, headers, _ = browser.request("GET", "/")
        self.check("strict-transport-security" in headers, "no HSTS header")
        self.check("default-src 'self'" in headers.get("content-security-policy", ""), "no CSP header")
        self.page(browser, "/")
        self.page(browser, "/accounts/sign-in/", title="Sign in")
        self.page(browser, "/about-the-data/")
        self.page(browser, "/accessibility/")
        self.page(browser, "/api/v1/docs", title="API documentation")
        status, _, body = browser.request("GET", "/api/v1/openapi.json")
        self.check(status == 200 and "paths" in json.loads(body or "{}"), f"/api/v1/openapi.json: {status}")
        # The 500 and 503 pages link the unhashed names, so that they need no manifest: those must be served too.
        self.static(browser, "/static/govuk/govuk-frontend.min.css", hashed=False)
        self.static(browser, "/static/joinedup/joinedup.css", hashed=False)
        self.page(browser, "/dashboard/", want=302)
        self.page(browser, "/no-such-page/", want=404, title="Page not found")
        self.page(browser, "/conversations/join/not-a-real-token/", want=404)
        self.page(browser, "/partnerships/answer/not-a-real-token/", want=404)
        self.page(browser, f"/conversations/join/{self.setup['conversation_token']}/")

    def signed_in(self) -> None:
        browser = Browser(self.base)
        status, _ = self.sign_in(browser, self.setup["email"], self.setup["password"])
        if not self.check(status == 302 and "sessionid" in browser.cookies, f"sign-in: {status}"):
            return
        self.page(browser, "/dashboard/")
        people = self.page(browser, "/people/")
        self.page(browser, self.first_link(people, r"/people/\d+/", "a person"))
        self.page(browser, "/people/?q=housing")
        places = self.page(browser, "/places/")
        self.page(browser, self.first_link(places, r"/places/[A-Z]\d{8}/", "a place"))
        situations = self.page(browser, "/situations/")
        self.page(browser, self.first_link(situations, r"/situations/\d+/", "a situation"))
        self.page(browser, f"/conversations/{self.setup['conversation_id']}/")
        self.page(browser, "/partnerships/")
        self.page(browser, "/learning/")
        self.page(browser, "/learning/initiatives/")
        self.page(browser, "/matching/")
        self.wait_for_job(browser)
        self.page(browser, "/api/v1/docs")
        self.page(browser, "/no-such-page/", want=404)

    def wait_for_job(self, browser: Browser) -> None:
        """The background worker must pick up and finish the job queued before the web process started."""
        job = self.setup["job_id"]
        state: dict[str, Any] = {}
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, _, body = browser.request("GET", f"/jobs/{job}/status.json")
            state = json.loads(body) if status == 200 else {"status": f"HTTP {status}"}
            if state.get("finished"):
                break
            time.sleep(1)
        self.check(state.get("status") == "done", f"the worker did not finish job {job}: {state}")
        self.page(browser, f"/jobs/{job}/")


def main() -> int:
    base, setup_file = sys.argv[1], sys.argv[2]
    with open(setup_file) as f:
        smoke = Smoke(base, json.load(f))
    smoke.run()
    print(f"production smoke: {len(smoke.statics)} static files fetched")
    print(f"{smoke.passed} passed, {len(smoke.failures)} failed")
    return 1 if smoke.failures else 0


if __name__ == "__main__":
    sys.exit(main())
