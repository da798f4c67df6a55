#!/usr/bin/env python3
"""List Rust functions over 80 lines and files over 600 lines under src/.

A function is counted from its `fn` line to the closing brace at the same
indentation. Test functions (`#[test]`, or any fn inside a `#[cfg(test)]` module)
are left out of the function rule; every file counts for the file rule.
Exits 1 when anything is over, 0 otherwise. No dependencies.

Usage: python3 scripts/sizes.py [--max-fn N] [--max-file N] [root]
"""
import os
import re
import sys

FN_RE = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?(?:const\s+)?(?:async\s+)?(?:unsafe\s+)?"
                   r"(?:extern\s+\"[^\"]*\"\s+)?fn\s+([A-Za-z_][A-Za-z0-9_]*)")
CFG_TEST_RE = re.compile(r"^\s*#\[cfg\(test\)\]")
MOD_RE = re.compile(r"^(\s*)(?:pub(?:\([^)]*\))?\s+)?mod\s+\w+\s*\{")
TEST_ATTR_RE = re.compile(r"^\s*#\[(?:test|tokio::test|wasm_bindgen_test|proptest)")


def indent_of(line):
    return len(line) - len(line.lstrip(" \t"))


def closing(lines, start, indent):
    """Index of the first line after `start` that is `}` (or `};`) at `indent`, or None."""
    for j in range(start, len(lines)):
        s = lines[j]
        if indent_of(s) == indent and s.strip().startswith("}"):
            return j
    return None


def scan(path, max_fn):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    # Line ranges of #[cfg(test)] modules.
    test_ranges = []
    for i, line in enumerate(lines):
        if CFG_TEST_RE.match(line):
            for k in range(i + 1, min(i + 4, len(lines))):
                m = MOD_RE.match(lines[k])
                if m:
                    end = closing(lines, k + 1, len(m.group(1)))
                    if end is not None:
                        test_ranges.append((k, end))
                    break
    long_fns = []
    for i, line in enumerate(lines):
        m = FN_RE.match(line)
        if not m:
            continue
        indent = len(m.group(1))
        # A declaration without a body (trait method) ends with `;` before any `{`.
        j = i
        while j < len(lines) and "{" not in lines[j] and not lines[j].rstrip().endswith(";"):
            j += 1
        if j >= len(lines) or "{" not in lines[j]:
            continue
        if lines[j].rstrip().endswith("}") and lines[j].count("{") == lines[j].count("}"):
            continue  # one-line body
        end = closing(lines, j + 1, indent)
        if end is None:
            continue
        n = end - i + 1
        if n <= max_fn:
            continue
        in_test_mod = any(a < i < b for a, b in test_ranges)
        k = i - 1
        is_test = False
        while k >= 0 and lines[k].strip().startswith(("#[", "///", "//")):
            if TEST_ATTR_RE.match(lines[k]):
                is_test = True
            k -= 1
        if in_test_mod or is_test:
            continue
        long_fns.append((n, i + 1, m.group(2)))
    return len(lines) - (1 if lines and lines[-1] == "" else 0), long_fns


def main(argv):
    max_fn, max_file, root = 80, 600, "src"
    args = list(argv)
    while args:
        a = args.pop(0)
        if a == "--max-fn":
            max_fn = int(args.pop(0))
        elif a == "--max-file":
            max_file = int(args.pop(0))
        else:
            root = a
    fns, files = [], []
    for dirpath, _, names in os.walk(root):
        for name in sorted(names):
            if not name.endswith(".rs"):
                continue
            path = os.path.join(dirpath, name)
            total, long_fns = scan(path, max_fn)
            if total > max_file:
                files.append((total, path))
            for n, line, fname in long_fns:
                fns.append((n, path, line, fname))
    for n, path, line, fname in sorted(fns, reverse=True):
        print(f"fn   {n:5} lines  {path}:{line}  {fname}")
    for total, path in sorted(files, reverse=True):
        print(f"file {total:5} lines  {path}")
    if fns or files:
        print(f"{len(fns)} function(s) over {max_fn} lines, "
              f"{len(files)} file(s) over {max_file} lines", file=sys.stderr)
        return 1
    print(f"no function over {max_fn} lines, no file over {max_file} lines", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
