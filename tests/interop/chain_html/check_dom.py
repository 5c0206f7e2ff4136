#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""check_dom.py JSON DOM: the page headless Chromium rendered (its DOM, --dump-dom) shows
what sigil's JSON for the same run says: the verdict of each query, each zone, each finding,
and the SVG picture with a cluster for each zone. Prints the problems; exit 1 if any."""
import html.parser
import json
import sys


class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.verdicts, self.zones, self.findings, self.svg, self.titles = [], set(), [], 0, []
        self.in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "data-verdict" in a:
            self.verdicts.append(a["data-verdict"])
        if "data-zone" in a:
            self.zones.add(a["data-zone"])
        if "data-finding" in a:
            self.findings.append(a["data-finding"])
        if tag == "svg":
            self.svg += 1
        self.in_title = tag == "title"

    def handle_data(self, data):
        if self.in_title:
            self.titles.append(data.strip())

    def handle_endtag(self, tag):
        self.in_title = False


def main():
    doc = json.load(open(sys.argv[1]))
    page = Page()
    page.feed(open(sys.argv[2], encoding="utf-8").read())
    queries = doc["queries"] if "queries" in doc else [doc]
    problems = []
    if page.verdicts != [q["verdict"] for q in queries]:
        problems.append("verdicts %s, JSON %s" % (page.verdicts, [q["verdict"] for q in queries]))
    if page.svg < 1:
        problems.append("no SVG picture")
    want_findings = sorted(f["code"] for q in queries for f in q["findings"])
    if sorted(page.findings) != want_findings:
        problems.append("findings %s, JSON %s" % (sorted(page.findings), want_findings))
    for q in queries:
        for z in q["zones"]:
            if z["apex"] not in page.zones:
                problems.append("zone %s missing from the page" % z["apex"])
            # graphviz gives each cluster a <title>cluster_...</title> in the SVG
        clusters = [t for t in page.titles if t.startswith("cluster_q")]
        if len(clusters) < len(q["zones"]):
            problems.append("%d zone clusters in the SVG, %d zones" % (len(clusters), len(q["zones"])))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
