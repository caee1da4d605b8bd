#!/usr/bin/env python3
"""The plan editor in a real browser (`make desk-test`): open a draft, add a muscle finding with
the type-ahead, "Suggest from findings", add one, see a warning appear and go, see the preview
follow the form, save, reload and find it kept. Screenshots at 1280 and 390 px wide."""
import os, re, shutil, time
from desk import Desk, ROOT
from selenium.webdriver.common.by import By

PATIENT, DRAFT = "hp-0142", "2026-12-02"
EDITOR = f"/patients/{PATIENT}/plans/{DRAFT}"


def make_draft(desk):
    """A draft copied from an example plan, as the desk keeps drafts (owner-only)."""
    folder = os.path.join(desk.output, PATIENT, "plans")
    os.makedirs(folder, mode=0o700)
    os.chmod(os.path.join(desk.output, PATIENT), 0o700)
    path = os.path.join(folder, DRAFT + ".yaml")
    shutil.copyfile(os.path.join(ROOT, "Examples", "plans", "low-back-pain.yaml"), path)
    os.chmod(path, 0o600)
    return path


def wait(desk, condition, seconds=30):
    return desk.wait(condition, seconds)


def warnings_text(desk):
    return desk.driver.find_element(By.ID, "warnings-body").text


def preview_text(desk):
    driver = desk.driver
    driver.switch_to.frame(driver.find_element(By.ID, "preview"))
    try:
        return driver.find_element(By.TAG_NAME, "body").text
    finally:
        driver.switch_to.default_content()


with Desk() as desk:
    path = make_draft(desk)
    driver = desk.driver
    started = time.time()
    desk.open(EDITOR)
    desk.check(driver.find_element(By.TAG_NAME, "h1").text.startswith("Plan for Margaret O'Neill"), "the editor opens the draft")
    desk.check(wait(desk, lambda: "Maggie" in preview_text(desk)), "the preview shows the handout (greets Maggie)")
    desk.shot("editor-1280")
    driver.switch_to.frame(driver.find_element(By.ID, "preview"))
    images = driver.execute_script("return Array.from(document.images).map(i => [i.getAttribute('src'), i.complete && i.naturalWidth > 0])")
    driver.switch_to.default_content()
    desk.check(images and all(ok for _, ok in images), "the preview's pictures load from the desk: " + repr(images[:3]))

    # A muscle finding with the type-ahead: the plain-language words find the muscle.
    blank = driver.find_element(By.CSS_SELECTOR, "fieldset.muscle.blank")
    muscle = blank.find_element(By.CSS_SELECTOR, "input[name='m.muscle']")
    muscle.send_keys("middle of your buttock")
    desk.check(wait(desk, lambda: blank.find_element(By.CSS_SELECTOR, "ul.typeahead li").is_displayed()),
               "the type-ahead lists muscles by their plain-language name")
    options = [li.text for li in blank.find_elements(By.CSS_SELECTOR, "ul.typeahead li")]
    desk.check(any(option.startswith("piriformis") for option in options), "piriformis is offered: " + repr(options))
    desk.shot("editor-typeahead")
    for li in blank.find_elements(By.CSS_SELECTOR, "ul.typeahead li"):
        if li.text.startswith("piriformis"):
            li.click()
            break
    desk.check(muscle.get_attribute("value") == "piriformis", "choosing it writes its id")
    blank.find_element(By.CSS_SELECTOR, "select[name='m.side'] option[value='right']").click()
    blank.find_element(By.CSS_SELECTOR, "select[name='m.status'] option[value='overactive']").click()
    warning = "no exercise addresses the right piriformis, recorded overactive"
    desk.check(wait(desk, lambda: warning in warnings_text(desk)), "a warning appears beside the plan as it changes: " + warning)

    # Suggest from findings, then add the first release for the piriformis.
    driver.find_element(By.CSS_SELECTOR, "button[value='suggest']").click()
    desk.check(wait(desk, lambda: "Right piriformis, recorded overactive" in driver.find_element(By.ID, "suggestions").text),
               "the suggestions answer the new finding")
    desk.check("releases right piriformis, recorded overactive" in driver.find_element(By.ID, "suggestions").text,
               "each suggestion gives its reason")
    desk.check(warning in warnings_text(desk), "the saved plan still has the warning")
    buttons = [b for b in driver.find_elements(By.CSS_SELECTOR, "#suggestions button[value^='add:']") if "|piriformis" in b.get_attribute("value")]
    desk.check(bool(buttons), "a suggestion for the piriformis can be added")
    desk.shot("editor-suggestions")
    added = buttons[0].get_attribute("value").split(":", 1)[1].split("|")[0]
    buttons[0].click()
    desk.check(wait(desk, lambda: f"Added {added}." in driver.find_element(By.CSS_SELECTOR, "p.notice").text), "one click adds it: " + added)
    desk.check(wait(desk, lambda: warning not in warnings_text(desk)), "the warning goes once an exercise addresses the finding")
    item = driver.find_elements(By.CSS_SELECTOR, "li.exercise")[-1]
    sets = item.find_element(By.CSS_SELECTOR, "input[name='x.sets']").get_attribute("value")
    desk.check(sets.isdigit(), "the added exercise shows its catalogue dose (sets " + sets + ")")

    # The preview follows the form before it is saved.
    preferred = driver.find_element(By.ID, "patient-preferred")
    preferred.clear()
    preferred.send_keys("Meg")
    desk.check(wait(desk, lambda: "Meg" in preview_text(desk) and "Maggie" not in preview_text(desk)), "the preview updates as the plan changes")

    # Save, reload, and it is kept.
    driver.find_element(By.CSS_SELECTOR, ".toolbar button[value='save']").click()
    desk.check(wait(desk, lambda: "Saved." in driver.find_element(By.CSS_SELECTOR, "p.notice").text), "Save says Saved")
    elapsed = time.time() - started
    driver.refresh()
    desk.check(driver.find_element(By.ID, "patient-preferred").get_attribute("value") == "Meg", "the preferred name is kept after a reload")
    muscles = [i.get_attribute("value") for i in driver.find_elements(By.CSS_SELECTOR, "input[name='m.muscle']")]
    desk.check("piriformis" in muscles, "the new finding is kept after a reload")
    text = open(path).read()
    desk.check(text.startswith("# Chronic low back pain"), "the plan file keeps its comment")
    desk.check(f"- id: {added}" in text and "preferred-name: Meg" in text, "the plan file has the edits")
    desk.check(oct(os.stat(path).st_mode & 0o777) == "0o600", "the draft stays owner-only")
    errors = [e for e in desk.console_errors() if "favicon.ico" not in e]
    desk.check(errors == [], "no console errors (no CSP violation): " + repr(errors))
    print(f"(the flow took {elapsed:.0f} s of browser time)")
    desk.shot("editor-saved")
    driver.execute_script("window.scrollTo(0, document.getElementById('exercises').offsetTop)")
    desk.shot("editor-exercises")
    # Save the exercises as a pack, and see it listed.
    title = driver.find_element(By.ID, "pack-title")
    title.send_keys("Low back, week 1")
    driver.find_element(By.CSS_SELECTOR, "button[formaction$='/pack']").click()
    desk.check(wait(desk, lambda: "Saved the pack “low-back-week-1”" in driver.find_element(By.CSS_SELECTOR, "p.notice").text),
               "“Save as pack” writes Exercises/packs/low-back-week-1.yaml")
    desk.check(os.path.exists(os.path.join(desk.project, "Exercises", "packs", "low-back-week-1.yaml")), "the pack file is in the project")
    desk.open("/packs")
    desk.check("Low back, week 1" in driver.find_element(By.TAG_NAME, "main").text, "the Packs page lists it")
    desk.shot("packs")
    driver.find_element(By.LINK_TEXT, "Low back, week 1").click()
    desk.shot("pack")

with Desk(width=390, height=844) as phone:
    make_draft(phone)
    # Headless Chromium keeps windows at least 500 px wide: emulate the phone's viewport instead.
    phone.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    phone.open(EDITOR)
    width = phone.driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
    phone.check(width[0] <= width[1] == 390, f"no sideways scrolling on a phone ({width[0]} px wide in {width[1]})")
    phone.shot("editor-390")
    phone.driver.execute_script("window.scrollTo(0, document.getElementById('exercises').offsetTop)")
    phone.shot("editor-390-exercises")
