#!/usr/bin/env python3
"""The desk's security in a real browser: the policy headers arrive, the page runs with no console
error (no CSP violation), a form posted from another origin is refused. `make desk-test`."""
import urllib.request, urllib.error
from desk import Desk

with Desk() as desk:
    desk.open("/")
    desk.check(desk.driver.find_element("css selector", "h1").text == "Patients", "the patients page opens")
    desk.check(desk.console_errors() == [], "no console errors: " + repr(desk.console_errors()))
    style = desk.driver.execute_script("return getComputedStyle(document.body).fontFamily")
    desk.check("system-ui" in style, "the app's own stylesheet applies (served by hep, no CDN)")
    response = urllib.request.urlopen(desk.base + "/")
    desk.check("frame-ancestors 'none'" in response.headers["Content-Security-Policy"], "CSP forbids framing")
    desk.check(response.headers["Cache-Control"] == "no-store", "pages are not cached")
    cookie = response.headers["Set-Cookie"]
    request = urllib.request.Request(desk.base + "/logout", data=b"csrf=x", method="POST",
                                     headers={"Origin": "http://evil.example", "Cookie": cookie.split(";")[0]})
    try:
        urllib.request.urlopen(request)
        desk.check(False, "a cross-origin POST is refused")
    except urllib.error.HTTPError as error:
        desk.check(error.code == 403, "a cross-origin POST is refused (403)")
    desk.shot("patients")
