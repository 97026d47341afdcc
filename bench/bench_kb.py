"""How long loading and checking the knowledge base takes, against parsing its YAML alone.

Prints the ratio (full check / bare YAML parse) measured in the same run, so the figure
is comparable across machines.  Run: .venv/bin/python bench/bench_kb.py
"""

from __future__ import annotations


import yaml

from timing import median_time

from foedus import paths
from foedus.kb import check_kb
from foedus.kb.loader import kb_files


def main() -> None:
    root = paths.kb_dir()
    files = kb_files(root)

    def baseline() -> None:  # bare YAML parsing, the floor any checker pays
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        for f in files:
            yaml.load(f.read_text(encoding="utf-8"), Loader=loader)

    def full() -> None:
        _, errors = check_kb(root)
        assert not errors

    b, f = median_time(baseline, 5), median_time(full, 5)
    print(f"files: {len(files)}")
    print(f"baseline (YAML parse only): {b * 1000:.1f} ms")
    print(f"foedus kb check (parse + validate + cross-check + quotes): {f * 1000:.1f} ms")
    print(f"ratio check/baseline: {f / b:.2f}x")


if __name__ == "__main__":
    main()
