#!/usr/bin/env python3
"""Scores `handbook import` of saved web pages against a person's marking of each page's article.

    python3 bench/web_f1.py [--handbook target/release/handbook] [--pages tests/fixtures/web] [--per-page]

The pages are `<name>.html.gz` beside `articles.json` ({name: {"url", "articleBody"}}). Each is
imported into a fresh site; the page's Markdown body, with Markdown's marks and link targets
removed, is scored as the article-extraction benchmark scores: tokens are `\\w+`, each side a
multiset of 4-token shingles, precision and recall per page averaged over pages, F1 of the two
averages. A page that imports to nothing scores 0 and 0.
"""

import argparse
import collections
import gzip
import json
import pathlib
import re
import subprocess
import sys
import tempfile

REPO = pathlib.Path(__file__).resolve().parent.parent
WORD = re.compile(r"\w+")


def shingles(text):
    tokens = WORD.findall(text)
    return collections.Counter(tuple(tokens[i:i + 4]) for i in range(max(0, len(tokens) - 3)))


def plain(markdown):
    """A page's body as a reader reads it: no front-matter, link targets or Markdown marks."""
    body = markdown.split("\n---\n", 1)[1] if markdown.startswith("---\n") else markdown
    body = re.sub(r"!?\[([^\]]*)\]\((?:[^()]|\([^)]*\))*\)", r"\1", body)
    return re.sub(r"[*_#>|`\\]", " ", body)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--handbook", default=str(REPO / "target/release/handbook"))
    ap.add_argument("--pages", default=str(REPO / "tests/fixtures/web"))
    ap.add_argument("--per-page", action="store_true")
    args = ap.parse_args()
    pages = pathlib.Path(args.pages)
    truth = json.loads((pages / "articles.json").read_text())
    with tempfile.TemporaryDirectory() as site:
        site = pathlib.Path(site)
        (site / "seeds").mkdir()
        (site / "site.yaml").write_text("title: Web pages\n")
        for name in truth:
            (site / "seeds" / f"{name}.html").write_bytes(gzip.decompress((pages / f"{name}.html.gz").read_bytes()))
        run = subprocess.run([args.handbook, "--root", str(site), "-q", "import"], capture_output=True, text=True)
        if run.returncode not in (0, 1):
            sys.exit(f"import failed: {run.stderr}")
        bodies = {}
        for page in (site / "content" / "documents").glob("*.md"):
            text = page.read_text()
            seed = re.search(r"^seed: (.+)$", text, re.M).group(1).strip().strip("'\"")
            bodies[seed.removesuffix(".html")] = plain(text)
    precisions, recalls = [], []
    for name, article in sorted(truth.items()):
        expected, got = shingles(article["articleBody"]), shingles(bodies.get(name, ""))
        shared = sum((expected & got).values())
        p = shared / sum(got.values()) if got else 0.0
        r = shared / sum(expected.values()) if expected else 0.0
        precisions.append(p)
        recalls.append(r)
        if args.per_page:
            f = 2 * p * r / (p + r) if p + r else 0.0
            print(f"{name[:12]}  P {p:.3f}  R {r:.3f}  F1 {f:.3f}  {article['url'][:70]}")
    p, r = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    print(f"{len(truth)} pages, {len(bodies)} imported: precision {p:.3f}, recall {r:.3f}, F1 {2 * p * r / (p + r):.3f}")


if __name__ == "__main__":
    main()
