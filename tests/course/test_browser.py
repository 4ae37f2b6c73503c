"""The kit as a learner and an instructor meet it: JupyterLab in a real (headless) browser.

One JupyterLab server (this venv, a free localhost port, a random token, a throw-away HOME and
settings) and one headless Chromium (Debian's ``chromium`` package, driven by Playwright; no browser
is ever downloaded) serve every notebook in turn. For each notebook that has a live demo (a code cell
using ``demos.``), and for ``00_start_here`` (where every Binder launch lands), the test:

1. opens the notebook (the first one from ``/lab/tree/notebooks/<notebook>?token=...``, as a Binder
   link lands; the next ones in the same page with the command a double-click in the file browser
   runs, which saves reloading JupyterLab for each), waits until its kernel is Idle, clears the
   stored outputs and runs Run -> Run All Cells from the menu, as a learner would;
2. waits until every code cell has run, and fails on any error or stderr output (tracebacks and
   warnings) except in cells tagged ``raises-exception``, and on "Error displaying widget";
3. checks that every live demo (each stored "Live demo: ..." output) renders as a widget with a
   picture and a readout, then moves each of its controls (slider: arrow keys on the handle;
   dropdown, toggle buttons, radio buttons, checkbox: a click) and waits until the readout or the
   picture changes;
4. saves a screenshot per notebook (and per extra demo) in ``artifacts/screenshots/`` for a human.

The kernels run with the offline guard (set up in ../conftest.py), JupyterLab's autosave is off and
the test checks the notebook files are untouched afterwards. Outside CI without Playwright or
Chromium the test skips with a message; with ``CI`` set, a missing browser fails.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from hashlib import sha256
from pathlib import Path

import pytest

from conftest import NOTEBOOKS, ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
SERVER_START_TIMEOUT = 90  # seconds for JupyterLab to answer
KERNEL_IDLE_TIMEOUT = 90_000  # ms for a fresh kernel to report Idle
RUN_ALL_TIMEOUT = 240  # seconds for Run All Cells on one notebook (each should take well under 20 s)
DEMO_RESPONSE_TIMEOUT = 15  # seconds for a demo's picture or readout to follow a control
STDERR_MIME = "application/vnd.jupyter.stderr"
DEMO_TEXT = "Live demo:"

# Throw-away JupyterLab user settings: no news/update pop-up (no request to a website), no autosave
# (the test must never write to the committed notebooks), and every cell attached to the page.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin": {"autosave": False},
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
}


def code_cells(path: Path) -> list[dict]:
    return [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def has_demo(path: Path) -> bool:
    return any("demos." in "".join(c["source"]) for c in code_cells(path))


def stored_demo_count(path: Path) -> int:
    """How many live demos the notebook displays: its stored outputs that are a LiveDemo's text."""
    return sum("".join(out.get("data", {}).get("text/plain", "")).startswith(DEMO_TEXT)
               for c in code_cells(path) for out in c.get("outputs", []))


BROWSER_NOTEBOOKS = [p for p in NOTEBOOKS if p.name.startswith("00_") or has_demo(p)]


def _browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -r requirements-dev.txt)"
    if not os.access(CHROMIUM, os.X_OK):
        return f"{CHROMIUM} is missing (Debian: apt-get install chromium; .ci/run does this)"
    return None


def _require_browser() -> None:
    missing = _browser_missing()
    if missing is None:
        return
    message = f"real-browser test: {missing}"
    if os.environ.get("CI"):
        pytest.fail(message + " -- in CI a missing browser is a failure, not a skip", pytrace=False)
    pytest.skip(message + "; skipped outside CI")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Lab:
    base: str
    token: str
    process: subprocess.Popen
    folder: Path
    log: Path
    kernels_seen: set[int] = field(default_factory=set)

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for session in self.api("GET", "/api/sessions") or []:
            self.api("DELETE", f"/api/sessions/{session['id']}")

    def log_tail(self) -> str:
        return self.log.read_text(errors="replace")[-3000:] if self.log.exists() else ""


def _start_lab(folder: Path) -> Lab:
    for plugin, values in LAB_SETTINGS.items():
        target = folder / "settings" / f"{plugin}.jupyterlab-settings"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values))
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # kernels plot inline, as for a learner
    env.update(HOME=str(folder / "home"), JUPYTER_CONFIG_DIR=str(folder / "config"),
               JUPYTER_DATA_DIR=str(folder / "data"), JUPYTER_RUNTIME_DIR=str(folder / "runtime"),
               IPYTHONDIR=str(folder / "ipython"), JUPYTER_PLATFORM_DIRS="1")
    (folder / "home").mkdir(exist_ok=True)
    token, port = secrets.token_hex(24), _free_port()
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={ROOT}", f"--LabApp.user_settings_dir={folder / 'settings'}",
           f"--LabApp.workspaces_dir={folder / 'workspaces'}", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.expose_app_in_browser=True"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    log = folder / "jupyterlab.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    lab = Lab(f"http://127.0.0.1:{port}", token, process, folder, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}:\n{lab.log_tail()}")
        try:
            lab.api("GET", "/api/status")
            return lab
        except OSError:
            time.sleep(0.25)
    _stop_lab(lab)
    raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{lab.log_tail()}")


def _stop_lab(lab: Lab) -> None:
    """SIGTERM lets the server shut its kernels down; anything left after 20 s is killed by pid."""
    import psutil

    try:
        leftovers = psutil.Process(lab.process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        leftovers = []
    if lab.process.poll() is None:
        lab.process.send_signal(signal.SIGTERM)
        try:
            lab.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            lab.process.kill()
            lab.process.wait(timeout=10)
    for child in leftovers:
        try:
            child.kill()
        except psutil.NoSuchProcess:
            pass


@pytest.fixture(scope="module")
def lab():
    _require_browser()
    folder = Path(tempfile.mkdtemp(prefix="kit-browser-"))
    for attempt in range(3):  # a free port can be taken between choosing it and binding it
        try:
            server = _start_lab(folder)
            break
        except RuntimeError:
            if attempt == 2:
                shutil.rmtree(folder, ignore_errors=True)
                raise
    yield server
    _stop_lab(server)
    shutil.rmtree(folder, ignore_errors=True)


@dataclass
class LabPage:
    """One Chromium page running JupyterLab, shared by every notebook (loading JupyterLab's scripts
    costs seconds on 2 cores). The first notebook opens from its URL, as a Binder link lands; the
    next ones open with the command a double-click in the file browser runs."""

    page: object
    loaded: bool = False
    errors: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def lab_page(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True)
        page = chromium.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(30_000)
        shared = LabPage(page)
        page.on("pageerror", lambda err: shared.errors.append(str(err)))
        yield shared
        chromium.close()


# ---- reading the page -------------------------------------------------------------------------------

# The notebook's cells as JupyterLab's own models see them (the app is exposed to the page with
# --LabApp.expose_app_in_browser): a hidden (solution) cell shows no prompt, but its model still has
# an execution count. Error and stderr outputs are read from the page itself.
CELLS_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.map(cell => ({
    code: cell.model.type === 'code',
    count: cell.model.type === 'code' ? cell.model.executionCount : null,
    running: cell.model.type === 'code' && (cell.model.executionState === 'running'
             || (cell.node.querySelector('.jp-InputArea-prompt') || {}).textContent === '[*]:'),
    errors: [...cell.node.querySelectorAll('.jp-OutputArea-output[data-mime-type="%s"]')]
              .map(e => e.innerText.slice(-1500)),
  }));
}""" % STDERR_MIME  # noqa: UP031 (a JavaScript literal full of braces)


def _status(page) -> str:
    return page.locator("#jp-main-statusbar").inner_text()


def _menu(page, menu: str, item: str) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(rf"^{re.escape(menu)}$")).click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(rf"^{re.escape(item)}$")).click()


def _dismiss_toasts(page) -> None:
    """The first-run news question, if JupyterLab asks it despite the settings."""
    no = page.locator(".jp-toast-container button", has_text=re.compile(r"^No$"))
    if no.count():
        no.first.click()


KERNEL_READY_JS = """path => {
  const w = window.jupyterapp && jupyterapp.shell.currentWidget;
  const kernel = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!kernel && w.context.path === path && kernel.status === 'idle' && w.content.widgets.length > 0;
}"""


def _open_notebook(lab: Lab, shared: LabPage, path: Path) -> None:
    """Open the notebook and wait until its kernel is Idle (model and status bar agree)."""
    rel = f"notebooks/{path.name}"
    page = shared.page
    if not shared.loaded:
        page.goto(f"{lab.base}/lab/tree/{rel}?reset&token={lab.token}")
        page.locator("#jp-main-statusbar").wait_for(timeout=KERNEL_IDLE_TIMEOUT)
        _dismiss_toasts(page)
        page.evaluate("jupyterapp.commands.execute('application:toggle-left-area')")  # room for the notebook
        shared.loaded = True
    else:
        # .then(() => null): the command resolves to the notebook widget, whose object graph Playwright cannot
        # always serialise ("object reference chain is too long"); the test needs only that it opened
        page.evaluate("p => jupyterapp.commands.execute('docmanager:open', {path: p, factory: 'Notebook'})"
                      ".then(() => null)", rel)
    page.wait_for_function(KERNEL_READY_JS, arg=rel, timeout=KERNEL_IDLE_TIMEOUT)
    page.locator("#jp-main-statusbar").get_by_text("Idle").wait_for(timeout=KERNEL_IDLE_TIMEOUT)
    _dismiss_toasts(page)


def _close_notebooks(lab: Lab, shared: LabPage) -> None:
    """Close every open document without saving, then shut the kernels down."""
    try:
        shared.page.evaluate("""() => { for (const w of [...jupyterapp.shell.widgets('main')]) {
            if (w.context) { w.context.model.dirty = false; } w.dispose(); } }""")
    except Exception:  # noqa: BLE001 - a broken page: reload JupyterLab for the next notebook
        shared.loaded = False
    lab.shut_down_kernels()


def _wait_for_run_all(page, path: Path, allowed_errors: set[int]) -> None:
    """Until every non-empty code cell shows an execution count; fail at once on an unexpected error."""
    nb_cells = json.loads(path.read_text())["cells"]
    expected = [i for i, c in enumerate(nb_cells) if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    deadline = time.monotonic() + RUN_ALL_TIMEOUT
    while True:
        cells = page.evaluate(CELLS_JS)
        assert len(cells) == len(nb_cells), f"the page shows {len(cells)} cells, the notebook has {len(nb_cells)}"
        for i, cell in enumerate(cells):
            if cell["errors"] and i not in allowed_errors:
                pytest.fail(f"{path.name}: cell {i} shows an error or stderr output in the browser:\n"
                            + "\n".join(cell["errors"]), pytrace=False)
        done = all(cells[i]["count"] and not cells[i]["running"] for i in expected)
        if done and "Idle" in _status(page):
            return
        if time.monotonic() > deadline:
            waiting = [i for i in expected if not cells[i]["count"] or cells[i]["running"]]
            pytest.fail(f"{path.name}: Run All Cells did not finish in {RUN_ALL_TIMEOUT} s; cells still "
                        f"waiting: {waiting}; status bar: {_status(page)!r}", pytrace=False)
        page.wait_for_timeout(250)


# ---- moving a demo's controls ----------------------------------------------------------------------

def _demo_output(demo) -> tuple[str, str]:
    return (demo.locator(".kit-demo-readout").first.inner_html(),
            demo.locator("img.kit-demo-image").first.get_attribute("src") or "")


def _move(control, page) -> str:
    """Move one ipywidgets control to another value, as a person would; say what was done."""
    if control.locator(".noUi-handle").count():  # IntSlider, FloatSlider, SelectionSlider
        readout = control.locator(".widget-readout")
        before = readout.inner_text() if readout.count() else None
        handle = control.locator(".noUi-handle").first
        for key in ("ArrowRight", "ArrowLeft", "ArrowLeft"):  # at the maximum, go left instead
            handle.focus()
            handle.press(key)
            if before is None:
                return f"slider: {key}"
            try:
                page.wait_for_function("([el, old]) => el.innerText !== old",
                                       arg=[readout.element_handle(), before], timeout=3000)
                return f"slider {before} -> {readout.inner_text()} ({key})"
            except Exception:  # noqa: BLE001 - did not move that way; try the other direction
                continue
        raise AssertionError(f"the slider readout stayed at {before!r} after arrow keys")
    select = control.locator("select")
    if select.count():  # Dropdown, Select
        options = select.locator("option").all_inner_texts()
        current = select.evaluate("s => s.selectedIndex")
        index = (current + 1) % len(options)
        select.select_option(index=index)
        return f"dropdown -> {options[index]!r}"
    buttons = control.locator("button")
    if buttons.count() > 1:  # ToggleButtons
        target = control.locator("button:not(.mod-active)").first
        label = target.inner_text()
        target.click()
        return f"toggle buttons -> {label!r}"
    radios = control.locator("input[type=radio]")
    if radios.count():  # RadioButtons
        control.locator("input[type=radio]:not(:checked)").first.check()
        return "radio buttons"
    checkbox = control.locator("input[type=checkbox]")
    if checkbox.count():  # Checkbox
        checkbox.first.click()
        return "checkbox"
    if buttons.count() == 1:  # ToggleButton
        buttons.first.click()
        return "toggle button"
    raise AssertionError("a demo control of a kind this test cannot move yet; teach _move() in "
                         f"tests/course/test_browser.py about it: {control.inner_html()[:300]}")


def _check_demo(page, demo, label: str) -> list[str]:
    assert demo.locator("img.kit-demo-image").count() == 1, f"{label}: no picture"
    assert demo.locator(".kit-demo-readout").inner_text().strip(), f"{label}: empty readout"
    controls = demo.locator(".kit-demo-control")
    assert controls.count() >= 1, f"{label}: no controls"
    moves = []
    for k in range(controls.count()):
        before = _demo_output(demo)
        did = _move(controls.nth(k), page)
        deadline = time.monotonic() + DEMO_RESPONSE_TIMEOUT
        while _demo_output(demo) == before:
            assert time.monotonic() < deadline, (f"{label}: moving control {k} ({did}) changed neither the "
                                                 f"readout nor the picture within {DEMO_RESPONSE_TIMEOUT} s")
            page.wait_for_timeout(100)
        after = _demo_output(demo)
        readout = demo.locator(".kit-demo-readout").inner_text()
        assert "could not be shown" not in readout, f"{label}: control {k} ({did}) made the demo fail: {readout}"
        moves.append(f"{did}: " + ("readout" if after[0] != before[0] else "") +
                     (" picture" if after[1] != before[1] else ""))
    return moves


def _digest(path: Path) -> str:
    return sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("path", BROWSER_NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_and_its_demos_respond_in_a_real_browser(path, lab, lab_page):
    before_digest = _digest(path)
    allowed_errors = {i for i, c in enumerate(json.loads(path.read_text())["cells"])
                      if "raises-exception" in c.get("metadata", {}).get("tags", [])}
    page = lab_page.page
    lab_page.errors.clear()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOTS / f"{path.stem}.png"
    start = time.monotonic()
    try:
        _open_notebook(lab, lab_page, path)
        opened = time.monotonic()
        _menu(page, "Edit", "Clear Outputs of All Cells")
        # cleared cells have no execution count, so counts seen later come from this run
        page.wait_for_function(f"() => ({CELLS_JS})().every(c => !c.code || c.count === null)")
        _menu(page, "Run", "Run All Cells")
        _wait_for_run_all(page, path, allowed_errors)
        ran = time.monotonic()

        body = page.locator("body").inner_text()
        assert "Error displaying widget" not in body, f"{path.name}: a widget failed to display"
        demos = page.locator(".kit-live-demo")
        expected = stored_demo_count(path)
        assert demos.count() == expected, (f"{path.name}: {expected} live demo(s) in the stored notebook, "
                                           f"{demos.count()} rendered in the browser")
        for k in range(demos.count()):
            moves = _check_demo(page, demos.nth(k), f"{path.name} demo {k + 1}")
            print(f"{path.name} demo {k + 1}: " + "; ".join(moves))
            demos.nth(k).evaluate("e => e.scrollIntoView({block: 'start'})")  # title and controls in view
            page.screenshot(path=shot if k == 0 else shot.with_name(f"{path.stem}-demo{k + 1}.png"))
        if not expected:  # no demo: show the first figure, or the top of the notebook
            figures = page.locator(".jp-OutputArea-output img")
            (figures.first if figures.count() else page.locator(".jp-Cell").first).scroll_into_view_if_needed()
            page.screenshot(path=shot)
        assert not lab_page.errors, f"{path.name}: JavaScript errors in the page: {lab_page.errors}"
        print(f"{path.name}: opened in {opened - start:.1f} s, ran in {ran - opened:.1f} s, "
              f"{expected} demo(s) checked in {time.monotonic() - ran:.1f} s")
    except BaseException:
        lab_page.loaded = False  # start the next notebook from a freshly loaded JupyterLab
        try:
            page.screenshot(path=shot.with_name(f"{path.stem}-FAILED.png"))
        except Exception:  # noqa: BLE001 - keep the original failure
            pass
        raise
    finally:
        _close_notebooks(lab, lab_page)
    assert _digest(path) == before_digest, f"JupyterLab wrote to {path.name}: autosave must stay off"
