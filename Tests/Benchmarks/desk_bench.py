"""The desk's performance benchmark (issue #15), run by `make bench`: a benchmark that reports
figures against the issue's targets, not a timed test.

A real `hep serve` (the release build) on a free loopback port, over a copy of the project in
/dev/shm, with a 6-exercise draft plan. Then, with the server warm:
  - memory: VmRSS of the server after 100 previews and after 10,000 (sequential, keep-alive);
  - Debian's wrk, 8 connections for 20 s each, `--latency`: the preview (POST of the full editor
    form, as the browser's live preview sends it), the saved draft's preview (GET), a plain page
    (GET /, the patients list) and issuing (POST .../issue: render + write a new handout
    folder each time).
Prints a table: row, measured, target, measured/target. Installs nothing: says what is missing.
Exit status 0 even when a target is missed (a benchmark, not a test); 2 when it could not run.
"""
import html.parser, http.client, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEP = os.environ.get("HEP", os.path.join(ROOT, ".build", "release", "hep"))
DURATION = int(os.environ.get("DESK_BENCH_SECONDS", "20"))
PREVIEWS = int(os.environ.get("DESK_BENCH_PREVIEWS", "10000"))
CONNECTIONS = 8
PATIENT = "hp-0142"
DRAFT = "2026-11-23"
EXTRA_EXERCISES = ["clamshell", "belly-draw-in"]  # low-back-pain.yaml has 4; the issue asks for 6


def missing_tools():
    missing = []
    if shutil.which("wrk") is None:
        missing.append("wrk (apt-get install wrk)")
    if not os.access(HEP, os.X_OK):
        missing.append(f"{HEP} (make build)")
    return missing


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FormFields(html.parser.HTMLParser):
    """The fields a browser would submit for the form with id `form_id` (no submit button pressed)."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.inside, self.fields = form_id, False, []
        self.select = self.textarea = None
        self.select_first = None
        self.select_chosen = False
        self.text = ""

    def owned(self, a):
        return a.get("form") == self.form_id if "form" in a else self.inside

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
            return
        if tag == "input" and self.owned(a) and a.get("name") and "disabled" not in a:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "textarea" and self.owned(a) and a.get("name"):
            self.textarea, self.text = a["name"], ""
        elif tag == "select" and self.owned(a) and a.get("name"):
            self.select, self.select_first, self.select_chosen = a["name"], None, False
        elif tag == "option" and self.select:
            value = a.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in a and not self.select_chosen:
                self.fields.append((self.select, value))
                self.select_chosen = True

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea:
            self.fields.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select:
            if not self.select_chosen and self.select_first is not None:
                self.fields.append((self.select, self.select_first))
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.text += data


class Server:
    def __enter__(self):
        self.work = tempfile.mkdtemp(prefix="hep-desk-bench-", dir="/dev/shm" if os.path.isdir("/dev/shm") else None)
        self.project = os.path.join(self.work, "project")
        os.makedirs(self.project)
        for name in ("Exercises", "Templates", "Examples"):
            shutil.copytree(os.path.join(ROOT, name), os.path.join(self.project, name))
        plans = os.path.join(self.project, "Output", PATIENT, "plans")
        os.makedirs(plans, mode=0o700)
        with open(os.path.join(ROOT, "Examples", "plans", "low-back-pain.yaml")) as f:
            text = f.read()
        added = "".join(f"  - id: {x}\n" for x in EXTRA_EXERCISES)
        text = text.replace("\nadvice:", "\n" + added.rstrip("\n") + "\nadvice:", 1)
        with open(os.path.join(plans, DRAFT + ".yaml"), "w") as f:
            f.write(text)
        self.port = free_port()
        self.log = open(os.path.join(self.work, "server.log"), "w+")
        self.process = subprocess.Popen([HEP, "serve", "--port", str(self.port), "--project", self.project,
                                         "--users", os.path.join(self.work, "users")],
                                        stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.log.seek(0)
        raise SystemExit("hep serve did not start: " + self.log.read())

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.work, ignore_errors=True)
        return False

    def rss_kib(self):
        # `hep serve` execs hep-serve: the PID is the server's.
        with open(f"/proc/{self.process.pid}/status") as f:
            return int(re.search(r"VmRSS:\s+(\d+) kB", f.read()).group(1))

    def handouts(self):
        folder = os.path.join(self.project, "Output", PATIENT)
        return sum(1 for name in os.listdir(folder) if name.startswith(DRAFT))


class Client:
    """One keep-alive connection with the session cookie."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = None

    def request(self, method, path, body=None, headers=None):
        h = dict(headers or {})
        if self.cookie:
            h["Cookie"] = self.cookie
        self.connection.request(method, path, body=body, headers=h)
        response = self.connection.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            if value.startswith("hep_session="):
                self.cookie = value.split(";", 1)[0]
        return response.status, data.decode("utf-8", "replace")


def wrk_lua(method, body, headers):
    quote = lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
    lines = [f'wrk.method = "{method}"']
    if body is not None:
        lines.append(f"wrk.body = {quote(body)}")
    for name, value in headers.items():
        lines.append(f"wrk.headers[{quote(name)}] = {quote(value)}")
    # wrk counts only socket errors; count the statuses too, so a refused request is not a fast one.
    lines.append("local bad = 0\nlocal threads = {}\n"
                 "function setup(thread) table.insert(threads, thread) end\n"
                 "function response(status, headers, body) if status >= 400 then bad = bad + 1 end end\n"
                 "function done(summary, latency, requests)\n"
                 "  local total = 0\n  for _, t in ipairs(threads) do total = total + (t:get(\"bad\") or 0) end\n"
                 "  io.write(string.format(\"bad statuses: %d\\n\", total))\nend\n")
    return "\n".join(lines) + "\n"


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(work, port, path, method="GET", body=None, headers=None, seconds=DURATION, threads=2):
    script = os.path.join(work, "bench.lua")
    with open(script, "w") as f:
        f.write(wrk_lua(method, body, headers or {}))
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", "-s", script,
                          f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, timeout=seconds + 60).stdout
    figures = {}
    for percent in ("50", "99"):
        m = re.search(rf"^\s*{percent}(?:\.000)?%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M)
        figures["p" + percent] = to_ms(*m.groups()) if m else None
    m = re.search(r"^\s*(\d+) requests in", out, re.M)
    figures["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    figures["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    figures["non2xx"] = int(m.group(1)) if m else 0
    if figures["p50"] is None:
        print(out)
    return figures


def main():
    missing = missing_tools()
    if missing:
        print("desk_bench: missing: " + ", ".join(missing))
        return 2
    with Server() as server:
        client = Client(server.port)
        base = f"/patients/{PATIENT}/plans/{DRAFT}"
        status, page = client.request("GET", base)
        if status != 200:
            print(f"desk_bench: the editor answered {status}")
            return 2
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        parser = FormFields("plan")
        parser.feed(page)
        fields = [(k, v) for k, v in parser.fields if k != "csrf"] + [("csrf", csrf)]
        exercises = sum(1 for k, _ in fields if k == "x.id")
        body = urllib.parse.urlencode(fields)
        post = {"Cookie": client.cookie, "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRF-Token": csrf, "Sec-Fetch-Site": "same-origin"}
        status, preview = client.request("POST", base + "/preview", body, {k: v for k, v in post.items() if k != "Cookie"})
        if status != 200 or "<h1" not in preview:
            print(f"desk_bench: the preview answered {status}: {preview[:400]}")
            return 2
        print(f"desk_bench: hep serve on port {server.port}, project in {server.work}; "
              f"plan with {exercises} exercises; form {len(fields)} fields, {len(body)} bytes; preview {len(preview)} bytes")

        # Memory: sequential previews on one keep-alive connection.
        def previews(count):
            for _ in range(count):
                s, _ = client.request("POST", base + "/preview", body, {k: v for k, v in post.items() if k != "Cookie"})
                if s != 200:
                    raise SystemExit(f"desk_bench: a preview answered {s}")
        previews(99)  # 100 with the one above
        rss100 = server.rss_kib()
        started = time.time()
        previews(PREVIEWS - 100)
        sequential = (time.time() - started) / (PREVIEWS - 100) * 1000
        rss10k = server.rss_kib()
        print(f"memory: VmRSS {rss100 / 1024:.1f} MiB after 100 previews, {rss10k / 1024:.1f} MiB after {PREVIEWS:,} "
              f"(ratio {rss10k / rss100:.3f}); sequential preview {sequential:.2f} ms mean")

        get_headers = {"Cookie": client.cookie}
        runs = {}
        runs["preview POST"] = run_wrk(server.work, server.port, base + "/preview", "POST", body, post)
        # The same with one client thread: on 2 cores a second wrk thread competes with the server it
        # measures, and its own waits for a core count as the server's latency (shown, not a target).
        runs["preview POST, 1 wrk thread"] = run_wrk(server.work, server.port, base + "/preview", "POST", body, post, threads=1)
        runs["preview GET"] = run_wrk(server.work, server.port, base + "/preview", "GET", None, get_headers)
        runs["plain page GET /"] = run_wrk(server.work, server.port, "/", "GET", None, get_headers)
        before = server.handouts()
        runs["issue POST"] = run_wrk(server.work, server.port, base + "/issue", "POST", "csrf=" + csrf, post)
        issued = server.handouts() - before
        rss_end = server.rss_kib()
        for name, r in runs.items():
            print(f"wrk {name}: {r['requests']} requests, {r['rps']:.0f}/s, p50 {r['p50']} ms, p99 {r['p99']} ms, "
                  f"non-2xx/3xx {r['non2xx']}")
        print(f"issue: {issued} handout folders written; VmRSS at the end {rss_end / 1024:.1f} MiB")

        rows = [
            ("preview p50 (ms)", runs["preview POST"]["p50"], 10.0),
            ("preview p99 (ms)", runs["preview POST"]["p99"], 30.0),
            ("issue p50 (ms)", runs["issue POST"]["p50"], 20.0),
            ("RSS 10,000 / 100 previews", rss10k / rss100, 1.10),
            ("RSS after 10,000 (MiB)", rss10k / 1024, 100.0),
        ]
        print()
        print(f"{'row':<28}{'measured':>12}{'target':>10}{'ratio':>8}")
        for name, measured, target in rows:
            print(f"{name:<28}{measured:>12.3f}{('<= ' + format(target, 'g')):>10}{measured / target:>8.2f}"
                  + ("" if measured <= target else "  MISSED"))
        one = runs["preview POST, 1 wrk thread"]
        print(f"{'(preview, 1 wrk thread)':<28}{'p50 ' + format(one['p50'], '.2f') + ', p99 ' + format(one['p99'], '.2f'):>12}")
        print(f"{'(preview GET p50, ms)':<28}{runs['preview GET']['p50']:>12.3f}")
        print(f"{'(plain page GET / p50, ms)':<28}{runs['plain page GET /']['p50']:>12.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
