#!/usr/bin/env python3
"""The desk's security in a real browser: the policy headers arrive, the page runs with no console
error (no CSP violation), a form posted from another origin is refused. `make desk-test`."""
import sys, urllib.request, urllib.error
from desk import Desk

with Desk() as desk:
    desk.open("/")
    desk.check(desk.driver.find_element("css selector", "h1").text == "Patients", "the patients page opens")
    errors = desk.console_errors()
    desk.check(errors == [], "no console errors (no CSP violation): " + repr(errors))
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

# Accounts, sign-in and TLS, as a clinic sets them up: `hep users add`, then serve HTTPS.
import os, ssl, subprocess, tempfile
from desk import HEP, free_port
work = tempfile.mkdtemp(prefix="hep-desk-tls-")
users = os.path.join(work, "users")
refused = subprocess.run([HEP, "serve", "--host", "0.0.0.0", "--port", str(free_port()), "--users", users],
                         capture_output=True, text=True, timeout=30, cwd=os.path.dirname(os.path.dirname(os.getcwd())))
print("ok:" if refused.returncode == 1 and "refusing to listen on 0.0.0.0 without accounts" in refused.stderr else "FAILED:",
      "off loopback without accounts the server refuses to start:", refused.stderr.strip())
failures = 0 if refused.returncode == 1 else 1
short = subprocess.run([HEP, "users", "add", "anna", "--users", users, "--password-stdin"], input="short\n",
                       capture_output=True, text=True, timeout=30)
added = subprocess.run([HEP, "users", "add", "anna", "--role", "editor", "--users", users, "--password-stdin"],
                       input="correct horse battery\n", capture_output=True, text=True, timeout=60)
mode = oct(os.stat(users).st_mode & 0o777) if os.path.exists(users) else None
subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-keyout", os.path.join(work, "key.pem"), "-out", os.path.join(work, "cert.pem")], capture_output=True, check=True)
with Desk(users=users, scheme="https", extra_args=["--tls-cert", os.path.join(work, "cert.pem"),
                                                   "--tls-key", os.path.join(work, "key.pem")]) as desk:
    desk.check(short.returncode == 1 and "the password is too short" in short.stderr, "a short password is refused")
    desk.check(added.returncode == 0 and mode == "0o600", f"hep users add writes an owner-only file ({mode})")
    context = ssl._create_unverified_context()
    response = urllib.request.urlopen(desk.base + "/login", context=context)
    cookie = response.headers["Set-Cookie"]
    desk.check("Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie, "under TLS the cookie is Secure: " + cookie)
    desk.open("/")
    desk.check(desk.driver.current_url.endswith("/login"), "signed out, every page leads to the sign-in page")
    desk.driver.find_element("id", "name").send_keys("anna")
    desk.driver.find_element("id", "password").send_keys("wrong password!")
    old = desk.driver.find_element("css selector", "form.stack")
    desk.driver.find_element("css selector", "form.stack button").click()
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(desk.driver, 30).until(expected_conditions.staleness_of(old))
    desk.check("That name and password do not match an account." in desk.driver.page_source, "a wrong password is told plainly")
    desk.driver.find_element("id", "password").send_keys("correct horse battery")
    desk.driver.find_element("css selector", "form.stack button").click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(desk.driver, 30).until(lambda d: not d.current_url.endswith("/login"))  # the next page, not the old one
    desk.check(desk.driver.find_element("css selector", "h1").text == "Patients", "signed in over HTTPS, the patients page opens")
    desk.check(desk.driver.find_element("css selector", ".who").text == "anna", "the header shows who is signed in")
    desk.shot("signed-in")
    desk.driver.find_element("css selector", "form.signout button").click()
    WebDriverWait(desk.driver, 30).until(lambda d: d.current_url.endswith("/login"))
    desk.check(desk.driver.current_url.endswith("/login"), "signing out returns to the sign-in page")
if failures:
    sys.exit(1)
