#!/usr/bin/env python3
"""Bytes a visitor's browser loads to search a built handbook.

Serves a built site (`public/`) with `python3 -m http.server` on 127.0.0.1, opens `/search/` in
headless Chromium through ChromeDriver (Debian's `chromium` and `chromium-driver`) in a 1280×900
window, types each query in turn, waits for its results (and a second for the excerpts of those in
view), then reads the Resource Timing entries: the bytes of the search index's files, and of the
result pages fetched for excerpts, that each query added. The server sends files as they are (no compression), so these are uncompressed sizes.

    python3 bench/search_bytes.py --site public --queries "security council" "2553"
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit(f"nothing listens on {port}")


def call(base, method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as res:
            return json.loads(res.read() or b"{}").get("value")
    except urllib.error.HTTPError as e:
        raise SystemExit(f"WebDriver {method} {path}: {e.code}: {e.read()[:500]!r}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--site", required=True, help="a built site (its root is served at /)")
    ap.add_argument("--queries", nargs="+", default=["security council", "peacekeeping"])
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    args = ap.parse_args()

    site_port, driver_port = free_port(), free_port()
    server = subprocess.Popen(["python3", "-m", "http.server", "--bind", "127.0.0.1", str(site_port),
                               "--directory", args.site], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    driver = subprocess.Popen([args.chromedriver, f"--port={driver_port}", "--allowed-ips=127.0.0.1"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp()
    try:
        wait_for(site_port)
        wait_for(driver_port)
        base = f"http://127.0.0.1:{driver_port}"
        flags = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                 "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--window-size=1280,900", f"--user-data-dir={profile}"]
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": args.chromium, "args": flags}}}}
        session = call(base, "POST", "/session", caps)["sessionId"]
        s = f"/session/{session}"
        call(base, "POST", s + "/url", {"url": f"http://127.0.0.1:{site_port}/search/"})
        script = lambda js, *a: call(base, "POST", s + "/execute/sync", {"script": js, "args": list(a)})
        resources = "return performance.getEntriesByType('resource').map(e => [e.name, e.encodedBodySize]);"
        seen = {name for name, _ in script(resources)}
        print(f"| query | results | index files | index bytes | result pages | page bytes | time to results |")
        print(f"|---|---:|---:|---:|---:|---:|---:|")
        for query in args.queries:
            started = time.time()
            script("const i = document.querySelector('#search_query'); i.value = arguments[0]; "
                   "i.dispatchEvent(new Event('input'));", query)
            while True:
                status = script("return document.querySelector('#search_status').textContent;")
                if f"“{query}”" in status:
                    break
                if time.time() - started > 60:
                    raise SystemExit(f"no results for {query!r}: {status!r}")
                time.sleep(0.02)
            elapsed = time.time() - started
            # Documents' excerpts come from their pages, fetched as their results come into view
            # (a 1280×900 window): give those a second.
            time.sleep(1.0)
            new = [(n, b) for n, b in script(resources) if n not in seen]
            seen.update(n for n, _ in new)
            index = [(n, b) for n, b in new if "/search/" in n and n.split("?")[0].endswith(".json")]
            pages = [(n, b) for n, b in new if (n, b) not in index]
            count = status.split(" page")[0]
            print(f"| {query} | {count} | {len(index)} | {sum(b for _, b in index):,} | {len(pages)} | "
                  f"{sum(b for _, b in pages):,} | {elapsed * 1000:.0f} ms |")
        call(base, "DELETE", s)
    finally:
        driver.terminate()
        server.terminate()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main()
