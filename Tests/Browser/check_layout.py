#!/usr/bin/env python3
"""Opens each example handout in headless Chromium at 390 px and 1024 px wide and checks that
nothing overflows horizontally and no text is computed under 14px, that every picture loaded and
every exercise has one, and that on a phone (390 px wide, 844 px high) the first exercise starts
within the first two screens. Saves screenshots for review.

Usage: check_layout.py HEP_BINARY OUTPUT_DIR   (run from the repository root; `make browser-test`)
"""
import glob, json, os, re, shutil, subprocess, sys, tempfile
from browser import chromium

PROBE = """
<script>
window.addEventListener('load', function () {
  var width = document.documentElement.clientWidth;
  var overflow = [];
  var small = [];
  var all = document.body.getElementsByTagName('*');
  for (var i = 0; i < all.length; i++) {
    var el = all[i];
    var style = getComputedStyle(el);
    if (style.display === 'none' || el.closest('.preheader')) continue;
    var rect = el.getBoundingClientRect();
    if (rect.right > width + 1) overflow.push(el.tagName + ' right=' + Math.round(rect.right));
    var hasText = false;
    for (var j = 0; j < el.childNodes.length; j++) {
      if (el.childNodes[j].nodeType === 3 && el.childNodes[j].textContent.trim()) hasText = true;
    }
    if (hasText && parseFloat(style.fontSize) < 14) small.push(el.tagName + ' ' + style.fontSize);
  }
  // Pictures: each loaded, none wider than the page, and each exercise with at least one.
  var images = document.body.getElementsByTagName('img');
  var broken = [];
  for (var k = 0; k < images.length; k++) {
    var img = images[k];
    if (!img.complete || img.naturalWidth === 0) broken.push(img.getAttribute('src'));
  }
  var exercises = document.body.querySelectorAll('div.exercise');
  var bare = [];
  for (var m = 0; m < exercises.length; m++) {
    if (!exercises[m].getElementsByTagName('img').length) bare.push(exercises[m].getElementsByTagName('h3')[0].textContent);
  }
  var first = document.body.getElementsByTagName('h3')[0];
  var firstExercise = first ? Math.round(first.getBoundingClientRect().top + window.scrollY) : null;
  var result = {width: width, scrollWidth: document.documentElement.scrollWidth, overflow: overflow.slice(0, 5), small: small.slice(0, 5),
                firstExercise: firstExercise, images: images.length, broken: broken.slice(0, 5), exercises: exercises.length, bare: bare};
  document.body.setAttribute('data-hep-result', JSON.stringify(result));
});
</script>
"""


def probe(browser, path, width):
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},900"]
    dom = subprocess.run([browser] + flags + ["--virtual-time-budget=2000", "--dump-dom", "file://" + os.path.abspath(path)],
                         capture_output=True, text=True, timeout=120).stdout
    match = re.search(r'data-hep-result="([^"]*)"', dom)
    return json.loads(match.group(1).replace("&quot;", '"')) if match else None


PHONE_SCREEN = 844  # a 390 x 844 phone


def too_far_down(result):
    """The first exercise (the first <h3>) does not start within two phone screens."""
    return result.get("firstExercise") is None or result["firstExercise"] > 2 * PHONE_SCREEN


def main():
    hep, out = sys.argv[1], sys.argv[2]
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    handouts = os.path.join(out, "handouts")
    subprocess.run([hep, "render", "--output", handouts] + sorted(glob.glob("Examples/plans/*.yaml")), check=True, stdout=subprocess.DEVNULL)
    browser = chromium()
    # A control page that must fail both checks, so a probe that silently stopped working is noticed.
    control = os.path.join(out, "control-probe.html")
    with open(control, "w") as f:
        f.write("<!DOCTYPE html><html><body><div style='width:1200px'>wide</div><p style='font-size:10px'>tiny</p>"
                "<div style='height:3000px'></div><div class='exercise'><h3>late</h3></div><img src='missing.png' alt='x'>" + PROBE + "</body></html>")
    result = probe(browser, control, 390)
    if not result or not result["overflow"] or not result["small"] or not too_far_down(result) or not result["broken"] or not result["bare"]:
        raise SystemExit(f"the layout probe did not flag the control page: {result}")
    failures = 0
    checked = 0
    for html in sorted(glob.glob(os.path.join(handouts, "*", "*", "handout.html"))):
        name = html.split(os.sep)[-3]
        with open(html) as f:
            page = f.read()
        # Beside the handout, so its images/ resolve.
        probe_file = os.path.join(os.path.dirname(html), "probe.html")
        with open(probe_file, "w") as f:
            f.write(page.replace("</body>", PROBE + "</body>"))
        for width in [390, 1024]:
            flags = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--window-size={width},900"]
            result = probe(browser, probe_file, width)
            checked += 1
            if not result:
                print(f"FAIL {name} at {width}px: the probe did not run")
                failures += 1
                continue
            problems = []
            if result["scrollWidth"] > result["width"] or result["overflow"]:
                problems.append(f"overflows horizontally: scrollWidth {result['scrollWidth']} > {result['width']} {result['overflow']}")
            if result["small"]:
                problems.append(f"text under 14px: {result['small']}")
            if result["broken"] or result["images"] == 0:
                problems.append(f"pictures not loaded: {result['broken'] or 'none in the page'}")
            if result["bare"] or result["exercises"] == 0:
                problems.append(f"exercises without a picture: {result['bare'] or 'no exercises found'}")
            if width == 390 and too_far_down(result):
                problems.append(f"the first exercise starts at {result.get('firstExercise')} px, beyond two screens ({2 * PHONE_SCREEN} px)")
            shot = os.path.join(out, f"{name}-{width}.png")
            subprocess.run([browser] + flags[:-1] + [f"--window-size={width},2400", f"--screenshot={shot}", "file://" + os.path.abspath(html)],
                           capture_output=True, timeout=120)
            status = "FAIL" if problems else "ok"
            print(f"{status:4} {name} at {width}px, {result['images']} pictures{': ' + '; '.join(problems) if problems else ''} (screenshot {shot})")
            failures += 1 if problems else 0
        os.remove(probe_file)
    print(f"{checked - failures} passed, {failures} failed")
    sys.exit(1 if failures or checked == 0 else 0)


if __name__ == "__main__":
    main()
