#!/usr/bin/env python3
"""Prints each example handout to PDF with headless Chromium, on A4 and on Letter, and checks the
printed pages with poppler's pdfinfo and pdftotext:

- at most 3 pages for the 4-exercise low back pain plan (hp-0142), at most 4 for any plan;
- no page or column whose text is only a heading or ends with a heading, none that is only a
  "Stop if" list, and each exercise's "Stop if" list on the same page as the rest of the exercise;
- the contact block (the clinic's address and phone, from Templates/clinic.yaml) whole on one page;
- the tick chart (its note and every row) on the last page;
- each exercise's pictures printed on the page of its title (pdfimages).

Control cases, copies of the low back pain handout broken on purpose (a forced page break before
each exercise, each "Stop if" list pushed onto a page of its own, a page break after each
sub-heading, the contact block cut in two, a page after the tick chart), must each fail the check
they target, so the checks cannot pass vacuously. The PDFs and a PNG preview of every page stay in
OUTPUT_DIR for review. Prints one line per case and a closing `N passed, N failed`.

Usage: check_print.py HANDOUTS_DIR OUTPUT_DIR   (from the repository root; `make print-test`)
HANDOUTS_DIR holds the rendered examples (`hep render --output HANDOUTS_DIR Examples/plans`).
Python 3 standard library only; needs chromium and poppler-utils (pdfinfo, pdftotext, pdftoppm).
"""
import glob, html, os, re, shutil, subprocess, sys
from browser import chromium
import xml.etree.ElementTree as ElementTree

PAPERS = [("a4", "A4"), ("letter", "letter")]
LIMIT = 4
LIMITS = {"hp-0142": 3}  # Examples/plans/low-back-pain.yaml, the 4-exercise plan


def clinic_settings():
    """The clinic's address and phone from Templates/clinic.yaml (top-level scalars)."""
    values = {}
    with open("Templates/clinic.yaml") as f:
        for line in f:
            match = re.match(r"^(address|phone):\s*(.*?)\s*$", line)
            if match:
                value = match.group(2)
                if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                    value = value[1:-1]
                values[match.group(1)] = value
    return values


def words(fragment):
    """The text of an HTML fragment, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def squash(text):
    """Text compared without white space: the PDF breaks lines where the HTML has none."""
    return re.sub(r"\s+", "", text)


def structure(page):
    """What the checks look for, from the handout's HTML: headings, each exercise's title and
    "Stop if" list (the last part of an exercise block), the contact paragraph and the tick chart."""
    headings = [words(m.group(1)) for m in re.finditer(r"<h[1-6][^>]*>([\s\S]*?)</h[1-6]>", page)]
    exercises = []
    for block in re.split(r'<div class="exercise"', page)[1:]:
        block = re.split(r"<h2|<hr|</td>", block)[0]
        title = re.search(r"<h3[^>]*>([\s\S]*?)</h3>", block)
        parts = re.findall(r"<h4[^>]*>([\s\S]*?)</h4>\s*<ul[^>]*>([\s\S]*?)</ul>", block)
        if title and parts and "<ol" in block:
            heading, items = parts[-1]
            exercises.append({"title": words(title.group(1)), "stop_heading": words(heading), "pictures": block.count("<img "),
                              "stop_items": [words(li) for li in re.findall(r"<li[^>]*>([\s\S]*?)</li>", items)]})
    # The first words of each band: an exercise's title, a flow's first line.
    starters = []
    for match in re.finditer(r'<div class="(exercise|flow)"[^>]*>\s*(?:<div class="part"[^>]*>\s*)?<(h[1-4]|p)[^>]*>([\s\S]*?)</\2>', page):
        starters.append(words(match.group(3)))
    contact = re.search(r"<p[^>]*>((?:(?!</p>)[\s\S])*href=\"tel:[\s\S]*?)</p>", page)
    note = re.search(r'<div class="tick-chart"[^>]*>\s*<p[^>]*>([\s\S]*?)</p>', page)
    titles = [words(t) for t in re.findall(r'<td class="tick-title"[^>]*>([\s\S]*?)</td>', page)]
    doses = [words(d) for d in re.findall(r'<td class="tick-dose"[^>]*>([\s\S]*?)</td>', page)]
    return {"headings": [h for h in headings if h], "exercises": exercises, "starters": starters,
            "contact": words(contact.group(1)) if contact else None,
            "chart": {"note": words(note.group(1)), "rows": [f"{t} {d}" for t, d in zip(titles, doses)]} if note else None}


def print_pdf(browser, source, pdf):
    """Prints an HTML file to PDF; the paper size comes from the file's own @page rule."""
    if os.path.exists(pdf):
        os.remove(pdf)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--virtual-time-budget=5000",
             f"--print-to-pdf={os.path.abspath(pdf)}"]
    subprocess.run([browser] + flags + ["file://" + os.path.abspath(source)], capture_output=True, timeout=180)
    if not os.path.exists(pdf):
        raise RuntimeError(f"chromium wrote no PDF for {source}")


def read_pdf(pdf, chart_note, starters):
    """The printed text, page by page, in reading order, from the line boxes pdftotext reports.
    A page is a stack of bands, each in two columns: the flow between exercises, then each exercise
    as one block across the page with its own two columns. A band starts at the next of `starters`
    (each exercise's title and each flow's first line, in order) or at the top of the page. Each
    band gives its columns (left, then right; a band laid out in one column has one); the tick
    chart is kept apart. Returns (page count, paper size in points, pages)."""
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    layout = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], capture_output=True, text=True, check=True).stdout
    layout = re.sub(r"<!DOCTYPE[^>]*>", "", layout).replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
    root = ElementTree.fromstring(layout)
    listed = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    images = {}
    for line in listed:
        fields = line.split()
        if fields and fields[0].isdigit() and fields[2] == "image":
            images[int(fields[0])] = images.get(int(fields[0]), 0) + 1
    pages, size = [], None
    pending = [squash(s) for s in starters if squash(s)]
    for page in root.iter("page"):
        width, height = float(page.get("width")), float(page.get("height"))
        size = size or (width, height)
        lines = []
        for line in page.iter("line"):
            text = " ".join(w.text or "" for w in line.iter("word"))
            lines.append({"x0": float(line.get("xMin")), "x1": float(line.get("xMax")), "y0": float(line.get("yMin")), "text": text})
        lines.sort(key=lambda l: (l["y0"], l["x0"]))
        chart_top = next((l["y0"] for l in lines if chart_note and squash(chart_note).startswith(squash(l["text"])) and squash(l["text"])), None)
        chart = [l for l in lines if chart_top is not None and l["y0"] >= chart_top - 1]
        body = [l for l in lines if l not in chart]
        middle = width / 2
        # Band tops: where the next starter begins, in the left half (or across the page).
        tops = []
        for l in body:
            piece = squash(l["text"])
            # The line may hold more (the role beside the title) or less (a title that wraps).
            starts = pending and (pending[0].startswith(piece[:40]) or piece.startswith(pending[0][:40]))
            if starts and piece and l["x0"] < middle and len(piece) >= min(8, len(pending[0])):
                tops.append(l["y0"])
                pending.pop(0)
        bounds = sorted(set([float("-inf")] + [t - 3 for t in tops] + [float("inf")]))
        columns = []
        for low, high in zip(bounds, bounds[1:]):
            band = [l for l in body if low <= l["y0"] < high]
            if not band:
                continue
            left = [l for l in band if l["x1"] <= middle + 1]
            right = [l for l in band if l["x0"] >= middle - 1]
            if not right or not left:
                columns.append(band)
                continue
            spanning = [l for l in band if l not in left and l not in right]
            top = min(l["y0"] for l in left + right)
            above = [l for l in spanning if l["y0"] < top]
            below = [l for l in spanning if l["y0"] >= top]
            columns += [above + left, right + below]
        pages.append({"columns": [" ".join(l["text"] for l in c) for c in columns if c],
                      "chart": " ".join(l["text"] for l in chart), "images": images.get(len(pages) + 1, 0)})
    return count, size, pages[:count]


def problems_with(pages, count, limit, shape, clinic):
    """Every rule the printed handout breaks, as short sentences (none: it passes)."""
    problems = []
    if count > limit:
        problems.append(f"{count} pages (at most {limit})")
    texts = [" ".join(p["columns"] + [p["chart"]]) for p in pages]
    for number, page in enumerate(pages, 1):
        if not squash(texts[number - 1]):
            problems.append(f"page {number} is blank")
        for column, text in enumerate(page["columns"], 1):
            where = f"page {number}" + (f", column {column}," if len(page["columns"]) > 1 else "")
            text = squash(text)
            for heading in dict.fromkeys(shape["headings"]):
                if text == squash(heading):
                    problems.append(f"{where} is only the heading '{heading}'")
                elif text.endswith(squash(heading)):
                    problems.append(f"{where} ends with the heading '{heading}'")
            for exercise in shape["exercises"]:
                rest = text
                for piece in [exercise["stop_heading"]] + exercise["stop_items"]:
                    rest = rest.replace(squash(piece), "", 1)
                if text and not rest:
                    problems.append(f"{where} is only the 'Stop if' list of '{exercise['title']}'")
    # Each exercise, in order: the page of its title and the pages of its "Stop if" list.
    stream, owners = "", []
    for number, page in enumerate(pages):
        for text in page["columns"]:
            piece = squash(text)
            stream += piece
            owners += [number] * len(piece)
    cursor = 0
    expected_images = {}
    for exercise in shape["exercises"]:
        found = []
        for piece in [exercise["title"], exercise["stop_heading"]] + exercise["stop_items"]:
            at = stream.find(squash(piece), cursor)
            if at < 0:
                break
            found.append(owners[at])
            found.append(owners[at + len(squash(piece)) - 1])
            cursor = at + len(squash(piece))
        if len(found) < 2 * (2 + len(exercise["stop_items"])):
            problems.append(f"'{exercise['title']}' or its 'Stop if' list is not in the printed text in order")
            continue
        title_page, stop_pages = found[0], sorted(set(found[2:]))
        expected_images[title_page] = expected_images.get(title_page, 0) + exercise["pictures"]
        if stop_pages != [title_page]:
            problems.append(f"the 'Stop if' list of '{exercise['title']}' is on page {', '.join(str(p + 1) for p in stop_pages)}, "
                            f"apart from its exercise (on page {title_page + 1})")
    # Each exercise's pictures are printed on the page of its title.
    if not any(e["pictures"] for e in shape["exercises"]):
        problems.append("no exercise has a picture in the HTML")
    for page, count in sorted(expected_images.items()):
        if pages[page]["images"] < count:
            problems.append(f"page {page + 1} prints {pages[page]['images']} pictures, its exercises have {count}")
    lines = [clinic[k] for k in ("address", "phone") if clinic.get(k)]
    line_pages = [{i for i, t in enumerate(texts) if squash(line) in squash(t)} for line in lines]
    if not lines or not all(line_pages):
        problems.append(f"the clinic's address or phone ({lines}) is not in the printed text")
    elif len(set.union(*line_pages)) != 1:
        problems.append(f"the contact block is split: address and phone on pages {[sorted(i + 1 for i in p) for p in line_pages]}")
    elif shape["contact"] and not any(squash(shape["contact"]) in squash(" ".join(p["columns"])) for p in pages):
        problems.append("the contact block is not whole on one page")
    if not shape["chart"]:
        problems.append("the handout has no tick chart")
    else:
        # pdftotext joins the cells of a table row in any order: look for each row's words.
        last = set(pages[-1]["chart"].split()) if pages else set()
        missing = [t for t in [shape["chart"]["note"]] + shape["chart"]["rows"] if not set(t.split()) <= last]
        if missing:
            problems.append(f"the tick chart is not all on the last page (not there: {missing})")
    return problems


def with_style(page, css):
    return page.replace("</head>", f"<style>{css}</style>\n</head>", 1)


def paper(page, size):
    """A copy for one paper size: Chromium takes the size from the page's last @page rule."""
    return with_style(page, "@page { size: %s; }" % size)


# Copies of a handout broken on purpose, each with words of the problem its check must report. The
# first four print in one column, as the handout did before: in columns, Chromium takes a forced
# page break for a column break.
ONE_COLUMN = (".flow, .exercise { columns: auto !important; } "
              ".exercise { break-inside: auto !important; page-break-inside: auto !important; } ")
CONTROLS = [
    ("one column, a forced page break before each exercise", "pages (at most",
     lambda page: with_style(page, "@media print { " + ONE_COLUMN + ".exercise { break-before: page !important; } }")),
    ("one column, each 'Stop if' list on a page of its own", "'Stop if' list of",
     lambda page: with_style(page, "@media print { " + ONE_COLUMN + ".exercise > .part:last-child { break-before: page !important; break-after: page !important; } }")),
    ("one column, a page break after each sub-heading", "ends with the heading",
     lambda page: with_style(page, "@media print { " + ONE_COLUMN + "h4 { break-after: page !important; } }")),
    ("one column, the contact block cut in two", "contact block",
     lambda page: with_style(re.sub(r'(<br />\s*)([^<>]*<a [^<>]*href="tel:)', r'\1<span style="display:block;break-before:page;"></span>\2', page, count=1),
                             "@media print { " + ONE_COLUMN + "}")),
    ("the pictures hidden in print", "pictures, its exercises have",
     lambda page: with_style(page, "@media print { img { display: none !important; } }")),
    ("a page after the tick chart", "tick chart",
     lambda page: page.replace("</body>", '<p style="break-before:page;">End.</p>\n</body>', 1)),
]


def preview(pdf):
    prefix = pdf[:-4]
    for old in glob.glob(prefix + "-*.png"):
        os.remove(old)
    subprocess.run(["pdftoppm", "-png", "-r", "60", pdf, prefix], check=True)


def check(browser, page, source, pdf, limit, clinic, size):
    """Prints one copy of a handout beside its source (so images/ resolve) and checks it."""
    copy = os.path.join(os.path.dirname(source), "print-check.html")
    with open(copy, "w") as f:
        f.write(paper(page, size))
    try:
        print_pdf(browser, copy, pdf)
    finally:
        os.remove(copy)
    shape = structure(page)
    count, _, pages = read_pdf(pdf, shape["chart"]["note"] if shape["chart"] else None, shape["starters"])
    return count, problems_with(pages, count, limit, shape, clinic)


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    handouts, out = sys.argv[1], sys.argv[2]
    for tool in ["pdfinfo", "pdftotext", "pdftoppm", "pdfimages"]:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is not installed (apt-get install poppler-utils)")
    browser = chromium()
    os.makedirs(out, exist_ok=True)
    clinic = clinic_settings()
    sources = sorted(glob.glob(os.path.join(handouts, "*", "*", "handout.html")))
    if not sources:
        raise SystemExit(f"no handout.html under {handouts}")
    passed = failed = 0
    counts = []
    for source in sources:
        patient = source.split(os.sep)[-3]
        with open(source) as f:
            page = f.read()
        sizes = []
        for name, size in PAPERS:
            pdf = os.path.join(out, f"{patient}-{name}.pdf")
            count, problems = check(browser, page, source, pdf, LIMITS.get(patient, LIMIT), clinic, size)
            preview(pdf)
            sizes.append(f"{name} {count}")
            print(f"{'FAIL' if problems else 'ok':4} {patient} on {name}: {count} pages"
                  f"{': ' + '; '.join(problems) if problems else ''} ({pdf})")
            failed, passed = (failed + 1, passed) if problems else (failed, passed + 1)
        counts.append(f"{patient} {', '.join(sizes)}")
    target = next((s for s in sources if s.split(os.sep)[-3] in LIMITS), sources[0])
    patient = target.split(os.sep)[-3]
    with open(target) as f:
        page = f.read()
    for index, (label, expected, breaking) in enumerate(CONTROLS, 1):
        broken = breaking(page)
        pdf = os.path.join(out, f"control-{index}.pdf")
        count, problems = check(browser, broken, target, pdf, LIMITS.get(patient, LIMIT), clinic, "A4")
        preview(pdf)
        caught = [p for p in problems if expected in p]
        if broken != page and caught:
            passed += 1
            print(f"ok   control {index}, {label}: fails as it must ({caught[0]})")
        else:
            failed += 1
            print(f"FAIL control {index}, {label}: the check did not catch it ({problems or 'no problems found'})")
    print("pages: " + "; ".join(counts))
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
