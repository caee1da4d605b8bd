"""What the browser checks share: finding Debian's Chromium."""
import shutil


def chromium():
    """The path of the Chromium binary; exits with the install command when there is none."""
    for name in ["chromium", "chromium-browser", "google-chrome"]:
        path = shutil.which(name)
        if path:
            return path
    raise SystemExit("chromium is not installed (apt-get install chromium)")
