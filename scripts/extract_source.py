#!/usr/bin/env python3
"""Extracts the reference list and the abbreviation list of the review, as printed, into
data/references.json and data/abbreviations.json. Run once when the source changes; the
outputs are committed and reviewed by hand (table-footnote abbreviations are added there).

Usage: python3 scripts/extract_source.py
"""
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "data" / "source" / "lin-yang-chen-2023.md"


def references(text: str) -> list[dict]:
    block = text.split("## References", 1)[1].split("## Publisher", 1)[0]
    entries: list[str] = []
    for line in block.splitlines():
        line = line.strip()
        if not line:
            continue
        bullet = re.match(r"^(?:-\s+|\d+\.\s+)(.*)$", line)
        body = bullet.group(1) if bullet else line
        # A page break split reference 36: its second half starts in lower case.
        if entries and (not bullet or body[:1].islower()):
            entries[-1] += " " + body
        else:
            entries.append(body)
    return [{"number": i + 1, "text": entry} for i, entry in enumerate(entries)]


def abbreviations(text: str) -> list[dict]:
    block = text.split("## Abbreviations", 1)[1].split("## Acknowledgements", 1)[0]
    found = []
    for line in block.splitlines():
        if "\t" in line:
            abbr, meaning = line.split("\t", 1)
            found.append({"abbr": abbr.strip(), "meaning": meaning.strip(), "source": "Abbreviations"})
    return found


def main() -> None:
    text = SOURCE.read_text(encoding="utf-8")
    refs = references(text)
    assert len(refs) == 89, f"expected 89 references, found {len(refs)}"
    (ROOT / "data" / "references.json").write_text(
        json.dumps(refs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    abbrs = abbreviations(text)
    print(f"{len(refs)} references, {len(abbrs)} abbreviations in the list")
    print(json.dumps(abbrs, ensure_ascii=False))


if __name__ == "__main__":
    main()
