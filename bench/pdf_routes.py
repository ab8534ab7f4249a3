#!/usr/bin/env python3
"""Imports each sample PDF and, where there is one, the `pdftotext` output of the same document,
and prints the facts each route gives side by side, and how much of the body's words they share.

    python3 bench/pdf_routes.py [--handbook target/release/handbook]
        [--pdfs tests/fixtures/pdf] [--texts tests/fixtures/samples/reports]

A report's facts: pages made (`n`), title, date, kind, symbol, meeting, language, `ocr`. The body
overlap is the F1 of the two bodies' word multisets (lowercased `\\w+`), Markdown set aside.
"""

import argparse
import collections
import pathlib
import re
import shutil
import subprocess
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
FACTS = ["title", "date", "kind", "symbol", "meeting", "language", "ocr"]


def import_all(handbook, files):
    """{seed name: [(front-matter dict, body)]} for every page each seed makes, and the seconds taken."""
    with tempfile.TemporaryDirectory() as site:
        site = pathlib.Path(site)
        (site / "seeds").mkdir()
        (site / "site.yaml").write_text("title: Routes\n")
        for f in files:
            shutil.copy(f, site / "seeds" / f.name)
        started = time.monotonic()
        subprocess.run([handbook, "--root", str(site), "-q", "import"], capture_output=True, text=True)
        took = time.monotonic() - started
        pages = collections.defaultdict(list)
        for page in sorted((site / "content" / "documents").glob("*.md")):
            text = page.read_text()
            head, body = text[4:].split("\n---\n", 1)
            meta = {}
            for line in head.splitlines():
                m = re.match(r"^(\w+): (.*)$", line)
                if m:
                    meta[m.group(1)] = m.group(2).strip().strip("'\"")
            pages[meta.get("seed", "")].append((meta, body))
        return pages, took


def words(text):
    return collections.Counter(w.lower() for w in re.findall(r"\w+", text))


def f1(a, b):
    shared = sum((a & b).values())
    if not shared:
        return 0.0
    p, r = shared / sum(b.values()), shared / sum(a.values())
    return 2 * p * r / (p + r)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--handbook", default=str(REPO / "target/release/handbook"))
    ap.add_argument("--pdfs", default=str(REPO / "tests/fixtures/pdf"))
    ap.add_argument("--texts", default=str(REPO / "tests/fixtures/samples/reports"))
    args = ap.parse_args()
    pdfs = sorted(pathlib.Path(args.pdfs).glob("*.pdf"))
    texts = [t for t in (pathlib.Path(args.texts) / f"{p.stem}.txt" for p in pdfs) if t.exists()]
    from_pdf, pdf_seconds = import_all(args.handbook, pdfs)
    from_text, _ = import_all(args.handbook, texts)
    print(f"imported {len(pdfs)} PDFs in {pdf_seconds:.1f} s")
    print("| document | route | n | " + " | ".join(FACTS) + " | body F1 |")
    print("|---|---|---:|" + "---|" * len(FACTS) + "---:|")
    for pdf in pdfs:
        a = from_pdf.get(pdf.name, [])
        b = from_text.get(f"{pdf.stem}.txt")
        overlap = f1(words(" ".join(x[1] for x in a)), words(" ".join(x[1] for x in b))) if b else None
        for route, pages in [("pdf", a), ("text", b)]:
            if pages is None:
                continue
            first = pages[0][0] if pages else {}
            cells = [first.get(k, "") for k in FACTS]
            score = f"{overlap:.3f}" if overlap is not None and route == "pdf" else ""
            print(f"| {pdf.stem} | {route} | {len(pages)} | " + " | ".join(c[:60] for c in cells) + f" | {score} |")


if __name__ == "__main__":
    main()
