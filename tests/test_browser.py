"""The course as a learner meets it: `make course`'s JupyterLab, a notebook opened in a real (headless) Chromium,
run top to bottom; the temperature slider must render as a slider (no "Error displaying widget") and figures
must appear. A screenshot is saved beside the test's temporary files (and under build/ for a look afterwards).

Needs Debian's `chromium` and `chromium-driver` (`make test` installs them with apt when it can) and selenium; the
driver is given by path, so selenium never downloads anything. Skipped, saying why, when no browser is installed.
"""
import shutil
import time
from pathlib import Path

import pytest

from _lab import ROOT, TOKEN, running_lab

NOTEBOOK = "03_contrastive_learning.ipynb"
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
BROWSER = shutil.which("chromium") or shutil.which("chromium-browser")

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e .[test])")
pytestmark = [pytest.mark.skipif(BROWSER is None or not Path(DRIVER).exists(),
                                 reason="no chromium/chromedriver: `apt-get install chromium chromium-driver`"),
              pytest.mark.slow]


# The notebook is the current tab and its kernel is up and idle (before this, "run all" would do nothing).
KERNEL_IDLE = ("(w => !!(w && w.sessionContext && w.sessionContext.isReady && w.sessionContext.session"
               " && w.sessionContext.session.kernel && w.sessionContext.session.kernel.status === 'idle'))"
               "(window.jupyterapp && window.jupyterapp.shell.currentWidget)")


def chromium():
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = BROWSER
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=options)


def wait_for(driver, script: str, seconds: float, what: str):
    """Poll a JavaScript expression until it is truthy; fail saying `what` did not happen."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = driver.execute_script(f"return {script}")
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"{what} within {seconds:.0f} s")


def test_the_temperature_slider_renders_in_jupyterlab(tmp_path):
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / NOTEBOOK, tmp_path / "notebooks" / NOTEBOOK)   # the server may save its copy
    with running_lab(tmp_path, tmp_path / "runtime", ("--LabApp.expose_app_in_browser=True",)) as url:
        driver = chromium()
        try:
            driver.get(f"{url}/lab/tree/{NOTEBOOK}?token={TOKEN}")
            wait_for(driver, KERNEL_IDLE, 120, "JupyterLab did not open the notebook with an idle kernel")
            driver.execute_script("window.jupyterapp.commands.execute('notebook:run-all-cells')")   # not awaited
            wait_for(driver, "document.querySelector('.widget-slider, .jupyter-widgets.widget-hslider')", 420,
                     "the temperature slider did not render")
            wait_for(driver, "Array.from(document.querySelectorAll('.widget-interact img'))"
                     ".some(img => img.naturalWidth > 100)", 300, "the slider's figure did not appear")
            text = driver.execute_script("return document.body.innerText")
            driver.execute_script("document.querySelector('.widget-interact').scrollIntoView()")
            time.sleep(1)
            shot = tmp_path / "jupyterlab.png"
            driver.save_screenshot(str(shot))
            (ROOT / "build").mkdir(exist_ok=True)
            shutil.copy(shot, ROOT / "build" / "jupyterlab-slider.png")
        finally:
            driver.quit()
    assert "Error displaying widget" not in text
    assert "Traceback" not in text                     # no cell failed
    assert shot.stat().st_size > 10_000


def test_the_slides_render_offline_in_jupyterlab(tmp_path):
    """`make slides`' notebook deck, presented by jupyterlab-rise from the course's JupyterLab: reveal.js and MathJax
    come with the packages (this machine cannot reach a CDN), figures show and the code stays hidden."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, str(ROOT / "instructors" / "slides.py"), "12", "--out",
                           str(tmp_path / "notebooks")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    deck = "12_multimodal_and_recommendation.slides.ipynb"
    with running_lab(tmp_path, tmp_path / "runtime") as url:
        driver = chromium()
        try:
            driver.get(f"{url}/rise/{deck}?token={TOKEN}")
            slides = wait_for(driver, "document.querySelectorAll('.reveal .slides section').length", 120,
                              "jupyterlab-rise did not render the deck as reveal.js slides")
            wait_for(driver, "document.querySelectorAll('.reveal mjx-container').length", 60,
                     "MathJax did not typeset the slides' equations")
            figures = driver.execute_script("return Array.from(document.querySelectorAll('.reveal img'))"
                                            ".filter(img => img.naturalWidth > 100).length")
            code = driver.execute_script("return Array.from(document.querySelectorAll('.jp-InputArea-editor'))"
                                         ".filter(e => e.offsetParent !== null).length")
            text = driver.execute_script("return document.body.innerText")
            driver.save_screenshot(str(tmp_path / "slides.png"))
        finally:
            driver.quit()
    assert slides >= 10 and figures >= 3, (slides, figures)
    assert code == 0, f"{code} code cells shown on the slides"
    assert "Multimodal and recommendation" in text and "Answer" not in text
