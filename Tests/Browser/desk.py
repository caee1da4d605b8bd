"""Shared set-up for the desk's browser checks (`make desk-test`): a real `hep serve` on a free
loopback port, over a copy of the project in a temporary folder (so nothing the checks save or
issue touches the repository), and Selenium driving Debian's chromium through Debian's
chromium-driver (no driver is downloaded: the service is given /usr/bin/chromedriver).

Each check file (`check_desk_*.py`) does:

    from desk import Desk
    with Desk() as desk:              # starts the server; stops it and removes the copy at the end
        desk.open("/")                # driver.get on the server's address
        desk.driver.find_element(...) # Selenium as usual
        desk.check(condition, "what a user would see")   # counted; a failure is printed
    # exits non-zero if any check failed

Screenshots: desk.shot("name") writes .build/desk/NAME.png for review.
"""
import os, shutil, socket, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEP = os.environ.get("HEP", os.path.join(ROOT, ".build", "release", "hep"))
SHOTS = os.path.join(ROOT, ".build", "desk")
os.environ.setdefault("SE_AVOID_STATS", "true")  # Selenium Manager: no usage statistics


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Desk:
    def __init__(self, width=1280, height=900, users=None, extra_args=(), scheme="http", prepare=None):
        """`prepare(project_dir)`, if given, is called on the project copy before the server starts
        (e.g. to point Templates/clinic.yaml's `sending:` at a test SMTP server)."""
        self.width, self.height, self.users, self.extra_args = width, height, users, list(extra_args)
        self.prepare = prepare
        self.scheme = scheme
        self.passed = 0
        self.failed = 0

    def __enter__(self):
        self.work = tempfile.mkdtemp(prefix="hep-desk-")
        self.project = os.path.join(self.work, "project")
        os.makedirs(self.project)
        for name in ("Exercises", "Templates", "Examples"):
            shutil.copytree(os.path.join(ROOT, name), os.path.join(self.project, name))
        self.output = os.path.join(self.project, "Output")
        os.makedirs(self.output)
        if self.prepare:
            self.prepare(self.project)
        self.port = free_port()
        self.base = f"{self.scheme}://127.0.0.1:{self.port}"
        args = [HEP, "serve", "--port", str(self.port), "--project", self.project,
                "--users", self.users or os.path.join(self.work, "users")] + self.extra_args
        self.log = open(os.path.join(self.work, "server.log"), "w+")
        self.server = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if self.server.poll() is not None:
                    break
                time.sleep(0.1)
        else:
            raise SystemExit("hep serve did not start")
        if self.server.poll() is not None:
            self.log.seek(0)
            raise SystemExit("hep serve exited: " + self.log.read())
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/bin/chromium"
        for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={self.width},{self.height}", "--disable-extensions", "--no-first-run") + (
                         ("--ignore-certificate-errors",) if self.scheme == "https" else ()):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(executable_path="/usr/bin/chromedriver"), options=options)
        self.driver.implicitly_wait(3)
        return self

    def __exit__(self, kind, value, trace):
        try:
            self.driver.quit()
        except Exception:
            pass
        self.server.terminate()
        try:
            self.server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.server.kill()
        self.log.seek(0)
        log = self.log.read()
        self.check("stopped" in log, "the server stops cleanly when asked (SIGTERM)")
        self.check("hp-" not in log and "@" not in log, "the server log has no patient details: " + log[-300:])
        shutil.rmtree(self.work, ignore_errors=True)
        print(f"{self.passed} passed, {self.failed} failed")
        if kind is None and self.failed:
            sys.exit(1)
        return False

    def open(self, path):
        self.driver.get(self.base + path)

    def check(self, condition, what):
        if condition:
            self.passed += 1
            print("ok:", what)
        else:
            self.failed += 1
            print("FAILED:", what)

    def wait(self, condition, seconds=30):
        """True once `condition()` holds, within `seconds`. A click that submits a form replaces
        the page, so an element read while the old page goes away is stale or missing for a
        moment: those tries count as "not yet", never as a failure."""
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
        from selenium.webdriver.support.ui import WebDriverWait
        try:
            WebDriverWait(self.driver, seconds, poll_frequency=0.2,
                          ignored_exceptions=(NoSuchElementException, StaleElementReferenceException)
                          ).until(lambda driver: condition())
            return True
        except Exception:
            return False

    def console_errors(self):
        """Browser console errors (a CSP violation shows here)."""
        return [entry["message"] for entry in self.driver.get_log("browser") if entry["level"] == "SEVERE"]

    def shot(self, name):
        os.makedirs(SHOTS, exist_ok=True)
        self.driver.save_screenshot(os.path.join(SHOTS, name + ".png"))
