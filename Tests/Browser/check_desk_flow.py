#!/usr/bin/env python3
"""The whole desk, end to end, as a practitioner uses it (issue #15), against a real `hep serve` on a
loopback port: create a patient, add two findings, accept the suggestions, change a dose, see the
warning for a fifth exercise, preview, issue, send to a real SMTP server (aiosmtpd, STARTTLS with a
throwaway CA and AUTH, as in the Swift email tests) and check the message that arrived: one
recipient (the patient's address), the subject, an HTML part with the patient's name, no remote
resources. Screenshots of each step at 1280 and 390 px wide in .build/desk/flow-*.png.

Control cases, which must fail: the same "change a dose and save" step run on a page whose form
has lost its csrf field, and the message check run on a message with a remote picture.
`make desk-test`."""
import base64, datetime, email, email.policy, json, os, re, shutil, socket, subprocess, tempfile, time
from selenium.webdriver.common.by import By
from desk import Desk, free_port

TODAY = datetime.date.today().isoformat()
PATIENT, NAME, PREFERRED, ADDRESS = "hp-0777", "Ruth Abernathy-Nkemelu", "Ruth", "ruth.abernathy@example.com"
EDITOR = f"/patients/{PATIENT}/plans/{TODAY}"
TOO_MANY = "5 exercises; more than 4 lowers how many patients keep doing them"


# --- A real SMTP server on 127.0.0.1: STARTTLS required (its own CA), AUTH hep / s3cret. ---------

SERVER = r"""
import base64, json, ssl, sys, time
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
folder, port = sys.argv[1], int(sys.argv[2])

class Handler:
    async def handle_DATA(self, server, session, envelope):
        with open(folder + "/received.jsonl", "a") as f:
            f.write(json.dumps({"from": envelope.mail_from, "to": list(envelope.rcpt_tos),
                                "bytes": base64.b64encode(envelope.original_content).decode()}) + "\n")
        return "250 2.0.0 Message accepted for delivery"

def authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"hep" and auth_data.password == b"s3cret"
    return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)

context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
context.load_cert_chain(folder + "/server.pem", folder + "/server.key")
controller = Controller(Handler(), hostname="127.0.0.1", port=port, server_hostname="localhost", tls_context=context,
                        require_starttls=True, auth_required=True, authenticator=authenticator, auth_require_tls=True)
controller.start()
time.sleep(3600)
"""


class SMTPServer:
    """Debian's python3-aiosmtpd (so /usr/bin/python3, whatever python3 runs this file), as the Swift
    email tests start it: STARTTLS required with a throwaway CA, AUTH required (hep / s3cret)."""
    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="hep-flow-smtp-")
        subprocess.run(["sh", "-c", """
            openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 2 -subj '/CN=hep test CA' &&
            openssl req -newkey rsa:2048 -nodes -keyout server.key -out server.csr -subj '/CN=localhost' &&
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > ext.cnf &&
            openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out server.pem -days 2 -extfile ext.cnf"""],
            cwd=self.folder, check=True, capture_output=True)
        self.ca_file = os.path.join(self.folder, "ca.pem")
        self.port = free_port()
        self.process = subprocess.Popen(["/usr/bin/python3", "-c", SERVER, self.folder, str(self.port)],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if time.time() > deadline or self.process.poll() is not None:
                    self.process.kill()
                    raise SystemExit("the test SMTP server did not start (is python3-aiosmtpd installed?)")
                time.sleep(0.1)

    @property
    def messages(self):
        """(envelope sender, envelope recipients, bytes) of each message received so far."""
        path = os.path.join(self.folder, "received.jsonl")
        if not os.path.exists(path):
            return []
        return [(m["from"], m["to"], base64.b64decode(m["bytes"])) for m in map(json.loads, open(path).read().splitlines())]

    def point_clinic_here(self, project):
        """Rewrites the project copy's `sending:` block (the last one in clinic.yaml) to this server."""
        path = os.path.join(project, "Templates", "clinic.yaml")
        text = open(path).read()
        text = text[:text.index("\nsending:")] + f"""
sending:
  transport: smtp
  host: localhost
  port: {self.port}
  username: hep
  ca-file: {self.ca_file}
  starttls: required
  timeout: 10
"""
        open(path, "w").write(text)

    def stop(self):
        self.process.kill()
        self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def message_problems(sender, recipients, raw):
    """What is wrong with a handout's message as it arrived; an empty list when it is right."""
    problems = []
    message = email.message_from_bytes(raw, policy=email.policy.default)
    if recipients != [ADDRESS]:
        problems.append(f"the envelope has recipients {recipients!r}, not exactly [{ADDRESS!r}]")
    if message["To"] is None or ADDRESS not in str(message["To"]) or message["Cc"] or message["Bcc"]:
        problems.append(f"the To header is {message['To']!r} (Cc {message['Cc']!r}, Bcc {message['Bcc']!r})")
    subject = str(message["Subject"] or "")
    if "Harbour Osteopathy" not in subject:
        problems.append(f"the subject does not name the clinic: {subject!r}")
    html = message.get_body(preferencelist=("html",))
    text = message.get_body(preferencelist=("plain",))
    if html is None:
        return problems + ["no text/html part"]
    markup = html.get_content()
    if PREFERRED not in markup and NAME not in markup:
        problems.append("the HTML part does not name the patient")
    if text is None or PREFERRED not in text.get_content():
        problems.append("no plain-text part that names the patient")
    remote = re.findall(r"""(?:src|href|srcset|background|poster|data)\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]*""", markup, re.I)
    remote = [found for found in remote if not found.lower().startswith("href")]  # a link is not a resource
    remote += re.findall(r"""<link[^>]+href\s*=\s*["']?\s*(?:https?:)?//[^"'\s>]*""", markup, re.I)
    remote += re.findall(r"""url\(\s*["']?\s*(?:https?:)?//[^)"']*""", markup, re.I)
    remote += re.findall(r"""@import\s+["']?(?:https?:)?//""", markup, re.I)
    if remote:
        problems.append("remote resources in the HTML: " + repr(remote[:3]))
    images = re.findall(r"""<img[^>]+src\s*=\s*["']([^"']+)""", markup, re.I)
    if not images or not all(src.startswith(("cid:", "data:")) for src in images):
        problems.append("the pictures are not carried in the message: " + repr(images[:3]))
    cids = {str(part["Content-ID"]).strip("<>") for part in message.walk() if part["Content-ID"]}
    missing = [src for src in images if src.startswith("cid:") and src[4:] not in cids]
    if missing:
        problems.append("pictures whose part is missing: " + repr(missing[:3]))
    return problems


# --- The browser side. ------------------------------------------------------------------------

def wait(desk, condition, seconds=30):
    return desk.wait(condition, seconds)


def text_of(desk, selector):
    found = desk.driver.find_elements(By.CSS_SELECTOR, selector)
    try:
        return " ".join(element.text for element in found)
    except Exception:  # the page was replaced while reading
        return ""


def submit(desk, button):
    """Clicks a form's button and waits until the next page has replaced this one."""
    page = desk.driver.find_element(By.TAG_NAME, "html")
    button.click()
    return wait(desk, lambda: not _alive(page), 40)


def _alive(element):
    try:
        element.is_enabled()
        return True
    except Exception:
        return False


def both_widths(desk, name):
    """Screenshots at 1280 and 390 px (the phone is emulated: headless Chromium keeps windows at
    least 500 px wide), and nothing wider than the phone."""
    driver = desk.driver
    driver.execute_script("window.scrollTo(0, 0)")
    desk.shot(f"flow-{name}-1280")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        driver.execute_script("window.scrollTo(0, 0)")
        desk.shot(f"flow-{name}-390")
        width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        desk.check(width[0] <= width[1], f"{name}: no sideways scrolling on a phone ({width[0]} px wide in {width[1]})")
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def exercise_count(desk):
    return len(desk.driver.find_elements(By.CSS_SELECTOR, "li.exercise"))


def plan_text(desk):
    path = os.path.join(desk.output, PATIENT, "plans", TODAY + ".yaml")
    return open(path).read() if os.path.exists(path) else ""


def change_dose(desk, check, sets):
    """The step "change a dose": the first exercise's sets, saved; the form and the file keep it."""
    driver = desk.driver
    field = driver.find_element(By.CSS_SELECTOR, "li.exercise input[name='x.sets']")
    exercise = driver.find_element(By.CSS_SELECTOR, "li.exercise input[name='x.id']").get_attribute("value")
    field.clear()
    field.send_keys(str(sets))
    submit(desk, driver.find_element(By.CSS_SELECTOR, ".toolbar button[value='save']"))
    check(wait(desk, lambda: "Saved." in text_of(desk, "p.notice"), 5), "Save says Saved")
    kept = driver.find_elements(By.CSS_SELECTOR, "li.exercise input[name='x.sets']")
    check(bool(kept) and kept[0].get_attribute("value") == str(sets), f"the form shows the new dose ({sets} sets) after saving")
    block = plan_text(desk).split(f"- id: {exercise}", 1)
    check(len(block) == 2 and re.search(rf"\bsets: {sets}\b", block[1].split("- id:", 1)[0]) is not None,
          f"the plan file has sets: {sets} for {exercise}")


def flow(desk, smtp):
    driver = desk.driver
    find = driver.find_element

    # 1. A new patient, from the patients list.
    desk.open("/")
    submit(desk, find(By.LINK_TEXT, "New patient"))
    desk.check(find(By.TAG_NAME, "h1").text == "New patient", "“New patient” opens the form")
    find(By.ID, "id").send_keys(PATIENT)
    find(By.ID, "name").send_keys(NAME)
    find(By.ID, "preferred-name").send_keys(PREFERRED)
    find(By.ID, "email").send_keys(ADDRESS)
    both_widths(desk, "1-new-patient")
    submit(desk, find(By.CSS_SELECTOR, "form.form-grid button[type=submit]"))
    desk.check(driver.current_url.endswith(EDITOR), "adding the patient opens today's draft in the editor: " + driver.current_url)
    desk.check(find(By.TAG_NAME, "h1").text.startswith(f"Plan for {NAME}"), "the editor names the patient")
    desk.check(exercise_count(desk) == 0, "the new plan has no exercises yet")

    # 2. Two findings, one at a time in the blank "Add a muscle finding" row, each saved.
    for muscle, side, status in (("piriformis", "right", "overactive"), ("gluteus-medius", "left", "inhibited")):
        blank = find(By.CSS_SELECTOR, "fieldset.muscle.blank")
        blank.find_element(By.CSS_SELECTOR, "input[name='m.muscle']").send_keys(muscle)
        blank.find_element(By.CSS_SELECTOR, f"select[name='m.side'] option[value='{side}']").click()
        blank.find_element(By.CSS_SELECTOR, f"select[name='m.status'] option[value='{status}']").click()
        submit(desk, find(By.CSS_SELECTOR, ".toolbar button[value='save']"))
        desk.check("Saved." in text_of(desk, "p.notice"), f"the finding {side} {muscle} ({status}) is saved")
    muscles = [i.get_attribute("value") for i in driver.find_elements(By.CSS_SELECTOR, "fieldset.muscle:not(.blank) input[name='m.muscle']")]
    desk.check(muscles == ["piriformis", "gluteus-medius"], "the editor lists both findings: " + repr(muscles))
    text = plan_text(desk)
    desk.check("muscle: piriformis" in text and "muscle: gluteus-medius" in text, "the plan file has both findings")
    warnings = text_of(desk, "#warnings-body")
    desk.check("missing required field 'exercises'" in warnings and "cannot be issued" in warnings,
               "with findings but no exercise the check says the plan cannot be issued yet: " + warnings[:160].replace("\n", " | "))
    both_widths(desk, "2-findings")

    # 3. Suggestions for both findings, accepted in one click.
    submit(desk, find(By.CSS_SELECTOR, "button[value='suggest']"))
    suggestions = text_of(desk, "#suggestions")
    desk.check("Right piriformis, recorded overactive" in suggestions and "Left gluteus medius, recorded inhibited" in suggestions.replace("gluteus-medius", "gluteus medius"),
               "the suggestions answer both findings: " + suggestions[:200].replace("\n", " | "))
    driver.execute_script("document.getElementById('suggestions').scrollIntoView()")
    desk.shot("flow-3-suggestions-1280")
    submit(desk, find(By.CSS_SELECTOR, "button[value='add-picks']"))
    desk.check(exercise_count(desk) >= 2 and "Added " in text_of(desk, "p.notice"),
               f"“Add the top pick for each finding” adds them ({exercise_count(desk)}): " + text_of(desk, "p.notice"))
    warnings = text_of(desk, "#warnings-body")
    desk.check("no exercise addresses" not in warnings, "the findings' warnings go once exercises address them")
    addresses = [s.get_attribute("value") for s in driver.find_elements(By.CSS_SELECTOR, "li.exercise select[name='x.addresses'] option:checked")]
    desk.check(all(addresses) and len(set(addresses)) == 2, "each added exercise addresses one of the findings: " + repr(addresses))
    submit(desk, find(By.CSS_SELECTOR, ".toolbar button[value='save']"))

    # 4. A dose changed by hand.
    change_dose(desk, desk.check, 4)
    driver.execute_script("document.getElementById('exercises').scrollIntoView()")
    desk.shot("flow-4-dose-1280")

    # 5. More exercises from the catalogue search, up to a fifth: the clinic's maximum is 4.
    ADD = "#suggestions button[value^='add:'], #search button[value^='add:']"
    submit(desk, find(By.CSS_SELECTOR, "button[value='suggest']"))
    while exercise_count(desk) < 5:
        before = exercise_count(desk)
        desk.check(TOO_MANY not in text_of(desk, "#warnings-body"), f"no size warning with {before} exercises")
        buttons = driver.find_elements(By.CSS_SELECTOR, ADD)
        if not buttons:
            submit(desk, find(By.CSS_SELECTOR, "button[value='search']"))
            buttons = driver.find_elements(By.CSS_SELECTOR, ADD)
        if not buttons:
            desk.check(False, "the suggestions or the catalogue search offer exercises to add")
            break
        submit(desk, buttons[0])
        if exercise_count(desk) != before + 1:
            desk.check(False, "“Add” adds the exercise")
            break
    desk.check(wait(desk, lambda: TOO_MANY in text_of(desk, "#warnings-body")),
               "a fifth exercise brings the warning, in `hep check`'s words: " + TOO_MANY)
    desk.check("hint: keep the 4 that matter most" in text_of(desk, "#warnings-body"), "with the check's hint")
    desk.check("5 exercises, about" in text_of(desk, "#warnings-body p.summary"), "the summary counts five exercises")
    both_widths(desk, "5-fifth-warning")

    # 6. The preview, then the patient's confirmed address, saved.
    find(By.ID, "patient-confirmed").click()
    find(By.ID, "preview-button").click()
    titles = [t.text.split("\n")[0].rsplit(" ", 1)[0] for t in driver.find_elements(By.CSS_SELECTOR, "li.exercise h3")]

    def preview():
        driver.switch_to.frame(find(By.ID, "preview"))
        try:
            return find(By.TAG_NAME, "body").text
        finally:
            driver.switch_to.default_content()
    desk.check(wait(desk, lambda: PREFERRED in preview() and all(title in preview() for title in titles)),
               "the preview greets the patient and shows the five exercises: " + repr(titles))
    desk.check("4 sets" in preview() or "4 × " in preview() or re.search(r"\b4\b", preview()) is not None, "the preview has the changed dose")
    driver.execute_script("document.getElementById('preview').scrollIntoView()")
    desk.shot("flow-6-preview-1280")
    submit(desk, find(By.CSS_SELECTOR, ".toolbar button[value='save']"))
    desk.check("email-confirmed: true" in plan_text(desk), "the confirmed address is saved in the plan")

    # 7. Issue, from the editor.
    submit(desk, find(By.XPATH, "//button[text()='Issue handout']"))
    notice = text_of(desk, "p.notice")
    desk.check(notice == f"Issued: Output/{PATIENT}/{TODAY}/", "issuing lands on the patient's page, saying where: " + notice)
    folder = os.path.join(desk.output, PATIENT, TODAY)
    desk.check(os.path.exists(os.path.join(folder, "manifest.json")) and os.path.exists(os.path.join(folder, "handout.html")),
               "the handout folder is written")
    card = text_of(desk, "li.handout")
    desk.check("Not sent" in card and all(title in card for title in titles), "the handout card lists the five exercises, not sent")
    both_widths(desk, "7-issued")

    # 8. Send, to the test SMTP server.
    submit(desk, find(By.LINK_TEXT, "Send…"))
    desk.check(text_of(desk, "p.address") == ADDRESS, "the send page shows the one address it goes to")
    desk.check(not driver.find_elements(By.CSS_SELECTOR, "input[name=confirm]"), "a confirmed address is not asked again")
    both_widths(desk, "8-send")
    submit(desk, find(By.CSS_SELECTOR, "form.send-form button[type=submit]"))
    outcome = text_of(desk, "p.notice")
    shown = ADDRESS[0] + "…@" + ADDRESS.split("@")[1]  # the page masks the address once sent
    desk.check(outcome.startswith("Sent to " + shown), "the send page says it was sent: " + outcome)
    desk.check(not driver.find_elements(By.CSS_SELECTOR, "div.alert"), "no error on the send page: " + text_of(desk, "div.alert"))
    log = text_of(desk, "table.log tbody")
    desk.check("sent" in log and shown in log, "the send log shows the delivery: " + log)
    both_widths(desk, "9-sent")

    # 9. The message that arrived.
    desk.check(len(smtp.messages) == 1, f"exactly one message arrived ({len(smtp.messages)})")
    if smtp.messages:
        sender, recipients, raw = smtp.messages[0]
        problems = message_problems(sender, recipients, raw)
        desk.check(problems == [], "the message: one recipient (the patient), the clinic's subject, an HTML part naming the patient, "
                                   "pictures inside, no remote resources" + (": " + "; ".join(problems) if problems else ""))
        message = email.message_from_bytes(raw, policy=email.policy.default)
        desk.check(PATIENT not in raw.decode("utf-8", "replace"), "the patient id (the clinic's record) is not in the message")
        print("   (subject:", str(message["Subject"]) + ")")
        # The control for the message check: the same message with a remote picture must not pass.
        tampered = raw.decode("utf-8", "replace")
        html = message.get_body(preferencelist=("html",)).get_content().replace(
            "</body>", '<img src="https://tracker.example/p.gif" alt=""></body>')
        message.get_body(preferencelist=("html",)).set_content(html, subtype="html")
        bad = message_problems(sender, recipients, message.as_bytes())
        desk.check(any("remote resources" in p for p in bad), "control: the message check on a message with a remote picture fails as it must")
        bad = message_problems(sender, recipients + ["someone.else@example.com"], raw)
        desk.check(any("recipients" in p for p in bad), "control: the message check on a message with a second recipient fails as it must")
        del tampered

    errors = [e for e in desk.console_errors() if "favicon.ico" not in e]
    desk.check(errors == [], "no console errors (no policy violation) along the way: " + repr(errors))

    # 10. The control: the dose step on a page whose form lost its csrf field must fail.
    desk.open(EDITOR)
    driver.execute_script("document.querySelectorAll('form#plan input[name=csrf]').forEach(e => e.remove())")
    seen = []
    change_dose(desk, lambda condition, what: seen.append(condition), 2)
    desk.check(seen and not all(seen), f"control: changing a dose on a form without its csrf field fails as it must ({seen.count(False)} of {len(seen)} checks fail)")
    desk.check("sets: 2" not in plan_text(desk).split("- id:", 2)[1], "the refused save changed nothing in the plan file")
    desk.shot("flow-control-no-csrf-1280")


smtp = SMTPServer()
os.environ["HEP_SMTP_PASSWORD"] = "s3cret"  # the clinic's SMTP password, as `hep send` reads it
try:
    with Desk(prepare=smtp.point_clinic_here) as desk:
        flow(desk, smtp)
finally:
    smtp.stop()
