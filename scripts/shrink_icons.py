#!/usr/bin/env python3
"""Quantises the PNG icons that scripts/make-icons.mjs renders to a 6-colour palette (4 flat colours and their edges)
(flat-colour icons; the antialiased RGBA renders were 37 KB gzip of the size budget).
Run after make-icons: pip install pillow && python3 scripts/shrink_icons.py"""
from pathlib import Path

from PIL import Image

for path in sorted(Path(__file__).resolve().parent.parent.glob("public/icon*.png")):
    before = path.stat().st_size
    image = Image.open(path).convert("RGBA")
    image.quantize(colors=6, method=Image.Quantize.FASTOCTREE).save(path, optimize=True)
    print(f"{path.name}: {before} -> {path.stat().st_size} bytes")
