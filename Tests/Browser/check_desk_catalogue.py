#!/usr/bin/env python3
"""The catalogue pages in a real browser (`make desk-test`): browse and filter; open an exercise;
edit it: introduce an error and see it beside its field as you type, fix it, save; release with a
note; see the new version and its diff. Screenshots of each page at 1280 and 390 px wide."""
import time
from desk import Desk
from selenium.webdriver.common.by import By


def wait_for(desk, condition, what, timeout=20):
    desk.check(desk.wait(condition, timeout), what)


def click(desk, selector):
    element = desk.driver.find_element(By.CSS_SELECTOR, selector)
    desk.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def field_messages(desk, name):
    return [li.text for li in desk.driver.find_elements(By.CSS_SELECTOR, f'[data-diagnostics="{name}"] li')]


with Desk() as desk:
    find = desk.driver.find_element
    desk.open("/catalogue")
    desk.check(find(By.TAG_NAME, "h1").text == "Catalogue", "the catalogue opens")
    desk.check(len(desk.driver.find_elements(By.CSS_SELECTOR, ".cat-item")) >= 60, "every exercise is listed")
    desk.shot("catalogue")
    find(By.ID, "q").send_keys("clam")
    find(By.CSS_SELECTOR, ".cat-go button").click()
    titles = [a.text for a in desk.driver.find_elements(By.CSS_SELECTOR, ".cat-item h2 a")]
    desk.check(titles == ["Clamshell"], "searching finds the clamshell: " + repr(titles))
    find(By.LINK_TEXT, "Clamshell").click()
    desk.check(find(By.TAG_NAME, "h1").text == "Clamshell", "the exercise opens")
    desk.check("After hip replacement" in find(By.CSS_SELECTOR, ".ex-precautions").text, "its precautions are shown")
    desk.check("version 3" in find(By.CSS_SELECTOR, ".cat-meta").text, "its version is shown")
    desk.shot("exercise")

    find(By.LINK_TEXT, "Edit").click()
    desk.check(find(By.TAG_NAME, "h1").text == "Edit Clamshell", "the edit form opens")
    wait_for(desk, lambda: find(By.ID, "check-summary-text").text == "No problems found.", "a clean exercise checks clean")
    desk.shot("exercise-edit")
    sets = find(By.ID, "f-dosage-sets")
    sets.clear()
    sets.send_keys("20")
    wait_for(desk, lambda: any("'dosage.sets' is 20; it must be from 1 to 10" in m for m in field_messages(desk, "dosage.sets")),
             "the error appears beside the sets field as you type, worded as hep check words it")
    desk.check("has-error" in find(By.CSS_SELECTOR, '[data-field="dosage.sets"]').get_attribute("class"), "the field is marked")
    desk.shot("exercise-edit-error")
    # The pose: changing it redraws the picture.
    poses = find(By.ID, "f-figures")
    poses.send_keys("\n  - view: side\n    base: standing\n    alt: Standing tall, seen from the side.")
    wait_for(desk, lambda: len(desk.driver.find_elements(By.CSS_SELECTOR, "#pose-previews img")) == 3, "a third pose gets its own picture")
    ok = desk.driver.execute_script("const i = document.querySelector('#pose-previews img[data-figure=\"3\"]'); return i && i.complete && i.naturalWidth > 0")
    desk.check(ok, "the new pose is drawn")
    desk.driver.execute_script("document.getElementById('g-pictures').scrollIntoView()")
    desk.shot("exercise-edit-pose")
    # Steps move up and down (JavaScript), and a step typed in the last box adds another.
    first = find(By.ID, "step-1").get_attribute("value")
    click(desk, '#step-list li:nth-child(1) button[aria-label="Move this step down"]')
    desk.check(find(By.ID, "step-2").get_attribute("value") == first, "a step moves down")
    click(desk, '#step-list li:nth-child(2) button[aria-label="Move this step up"]')
    desk.check(find(By.ID, "step-1").get_attribute("value") == first, "and back up")
    # Undo the pose change (select all and retype the original), fix the error.
    desk.driver.execute_script("const t = document.getElementById('f-figures'); t.value = t.defaultValue; t.dispatchEvent(new Event('input', {bubbles: true}));")
    sets.clear()
    sets.send_keys("2")
    purpose = find(By.ID, "f-purpose")
    purpose.clear()
    purpose.send_keys("Wakes up the muscles at the side of your hip.")
    wait_for(desk, lambda: field_messages(desk, "dosage.sets") == [] and "changed since version 3 was released" in find(By.ID, "diagnostics-top").text,
             "the error goes once fixed; what is left is the release still to do, as hep check says")
    click(desk, 'button[value="save"]')
    wait_for(desk, lambda: desk.driver.find_elements(By.CSS_SELECTOR, ".notice, .alert"), "the save answers", timeout=60)
    alerts = [a.text for a in desk.driver.find_elements(By.CSS_SELECTOR, ".alert")]
    desk.check(alerts == [], "saving raises no error: " + repr(alerts))
    desk.check("Saved Exercises/activate/clamshell.md." in find(By.CSS_SELECTOR, ".notice").text, "saved")
    desk.shot("exercise-saved")
    with open(desk.project + "/Exercises/activate/clamshell.md") as f:
        desk.check("purpose: Wakes up the muscles at the side of your hip.\n" in f.read(), "the file holds the new purpose")

    desk.open("/catalogue/release")
    desk.check("version 3 → 4" in find(By.CSS_SELECTOR, ".rel-table").text, "the release page shows what will be released")
    desk.shot("release")
    find(By.ID, "rel-note").send_keys("Purpose in fewer words")
    find(By.CSS_SELECTOR, ".rel-form button").click()
    wait_for(desk, lambda: desk.driver.find_elements(By.CSS_SELECTOR, ".notice, .alert"), "the release answers", timeout=60)
    desk.check("Released" in find(By.CSS_SELECTOR, ".notice").text, "released with a note")
    desk.open("/catalogue/clamshell")
    desk.check("version 4" in find(By.CSS_SELECTOR, ".cat-meta").text, "the new version is shown")
    desk.check("Purpose in fewer words" in find(By.CSS_SELECTOR, ".ex-versions").text, "with its changelog note")
    find(By.LINK_TEXT, "what changed").click()
    rows = [r.text for r in desk.driver.find_elements(By.CSS_SELECTOR, "table.diff tr.added")]
    desk.check(any("purpose: Wakes up the muscles at the side of your hip." in r for r in rows), "the diff shows the new purpose")
    desk.check(any("version: 4" in r for r in rows), "and the raised version")
    desk.shot("diff")
    errors = desk.console_errors()  # read once: reading the browser's log empties it
    desk.check(errors == [], "no console errors: " + repr(errors))

with Desk(width=390, height=844) as desk:
    # A desktop window cannot be narrower than about 500 px: emulate the phone's screen instead.
    desk.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    for path, name in [("/catalogue", "catalogue-phone"), ("/catalogue/clamshell", "exercise-phone"),
                       ("/catalogue/clamshell/edit", "exercise-edit-phone"), ("/catalogue/release", "release-phone")]:
        desk.open(path)
        wide = desk.driver.execute_script("return document.documentElement.scrollWidth")
        desk.check(wide <= 390, f"{path} fits a phone ({wide} px)")
        desk.shot(name)
