#!/usr/bin/env python3
"""The patients side of the desk in a real browser: the list, a new patient, issuing the draft from
the patient's page, opening the handout as the patient sees it (pictures load, no policy errors),
and "New program from this one" landing on a new draft dated today. Screenshots of each page at
1280 and 390 px wide in .build/desk/. `make desk-test`."""
import datetime, os
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from selenium.webdriver.support import expected_conditions
from desk import Desk

TODAY = datetime.date.today().isoformat()


def click_and_wait(desk, element):
    """Clicks a link or a form's button and waits until the next page has replaced this one."""
    page = desk.driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(desk.driver, 40).until(expected_conditions.staleness_of(page))


def both_widths(desk, name):
    desk.driver.set_window_size(1280, 900)
    desk.shot(name + "-1280")
    desk.driver.set_window_size(390, 844)
    desk.shot(name + "-390")
    width = desk.driver.execute_script("return document.documentElement.scrollWidth")
    desk.check(width <= 390, f"{name}: nothing wider than a phone at 390 px (page is {width} px)")
    desk.driver.set_window_size(1280, 900)


with Desk() as desk:
    find = desk.driver.find_element
    desk.open("/")
    desk.check(find(By.CSS_SELECTOR, "h1").text == "Patients", "the patients list opens")
    desk.check("No patients yet." in find(By.TAG_NAME, "main").text, "an empty desk says so")
    both_widths(desk, "patients-empty")

    click_and_wait(desk, find(By.LINK_TEXT, "New patient"))
    desk.check(find(By.CSS_SELECTOR, "h1").text == "New patient", "“New patient” opens the form")
    find(By.ID, "id").send_keys("hp-0901")
    find(By.ID, "name").send_keys("Mia Okafor")
    find(By.ID, "preferred-name").send_keys("Mia")
    find(By.ID, "email").send_keys("mia.okafor@example.com")
    picks = Select(find(By.ID, "exercise"))
    picks.select_by_value("glute-bridge")
    picks.select_by_value("clamshell")
    both_widths(desk, "new-patient")
    click_and_wait(desk, find(By.CSS_SELECTOR, "form.form-grid button[type=submit]"))
    desk.check(desk.driver.current_url.endswith(f"/patients/hp-0901/plans/{TODAY}"),
               "adding the patient goes to the new draft's editor: " + desk.driver.current_url)
    draft = os.path.join(desk.output, "hp-0901", "plans", TODAY + ".yaml")
    desk.check(os.path.exists(draft), "the draft is saved in Output/hp-0901/plans/")
    desk.check(oct(os.stat(draft).st_mode & 0o777) == "0o600", "the draft is owner-only")

    # The editor may be another branch's: go to the patient's page and issue from there.
    desk.console_errors()  # drain: the editor page may be a 404 in this branch
    desk.open("/patients/hp-0901")
    desk.check(find(By.CSS_SELECTOR, "h1").text == "Mia Okafor", "the patient's page opens")
    find(By.CSS_SELECTOR, "label.check input[name=confirm-email]").click()
    click_and_wait(desk, find(By.CSS_SELECTOR, "form.issue button"))
    notice = find(By.CSS_SELECTOR, "p.notice").text
    desk.check(notice == f"Issued: Output/hp-0901/{TODAY}/", "issuing shows where the handout went: " + notice)
    desk.check(os.path.exists(os.path.join(desk.output, "hp-0901", TODAY, "manifest.json")), "the handout folder is written")
    card = find(By.CSS_SELECTOR, "li.handout")
    desk.check("Glute bridge" in card.text and "Clamshell" in card.text, "the handout lists its exercises")
    desk.check("Not sent" in card.text and "Up to date" in card.text, "sent and outdated state shown")
    errors = desk.console_errors()
    desk.check(errors == [], "no console errors on the patient's page: " + repr(errors))
    both_widths(desk, "patient")

    desk.open("/")
    row = find(By.CSS_SELECTOR, "table.patients tbody tr")
    desk.check("Mia Okafor" in row.text and TODAY in row.text, "the list shows the patient and the last visit")
    box = find(By.ID, "q")
    box.send_keys("zzz")
    desk.check(not row.is_displayed(), "type-ahead hides patients that do not match")
    box.clear()
    box.send_keys("OKAF")
    desk.check(row.is_displayed(), "type-ahead finds by part of the name, any case")
    both_widths(desk, "patients")

    desk.open("/patients/hp-0901")
    link = find(By.LINK_TEXT, "Open handout").get_attribute("href")
    desk.driver.get(link)
    desk.check(len(desk.driver.find_elements(By.CSS_SELECTOR, "h1")) == 1, "the handout opens as the patient sees it")
    images = desk.driver.find_elements(By.CSS_SELECTOR, "img")
    loaded = desk.driver.execute_script("return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    desk.check(len(images) > 0 and loaded, f"its {len(images)} pictures load")
    errors = desk.console_errors()
    desk.check(errors == [], "no console errors (no policy violation) on the handout: " + repr(errors))
    both_widths(desk, "handout")

    desk.open("/patients/hp-0901")
    desk.driver.get(find(By.LINK_TEXT, "Print").get_attribute("href"))
    printed = desk.driver.execute_script("return !!document.querySelector('script[src=\"/static/patients-print.js\"]')")
    errors = desk.console_errors()
    desk.check(printed and errors == [], "Print opens the handout with the print script, no policy error: " + repr(errors))

    desk.open("/patients/hp-0901")
    click_and_wait(desk, find(By.LINK_TEXT, "Send…"))
    desk.check("mia.okafor@example.com" in find(By.CSS_SELECTOR, "p.address").text, "the send page shows the address to check")
    both_widths(desk, "send")

    desk.open("/patients/hp-0901")
    click_and_wait(desk, find(By.XPATH, "//button[text()='New program from this one']"))
    url = desk.driver.current_url
    desk.check(f"/patients/hp-0901/plans/{TODAY}" in url, "“New program from this one” lands on a new draft: " + url)
    name = url.rsplit("/", 1)[1]
    text = open(os.path.join(desk.output, "hp-0901", "plans", name + ".yaml")).read()
    desk.check(f"  date: {TODAY}" in text and "- id: glute-bridge" in text and "- id: clamshell" in text,
               "the new draft has today's date and the same exercises")
