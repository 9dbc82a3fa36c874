"""python -m sslcourse.interview [--out build/interview]: write the printable interview page (markdown and HTML)."""
import argparse
from pathlib import Path

from .page import write_page

parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("--out", type=Path, default=Path("build") / "interview")
for path in write_page(parser.parse_args().out):
    print(path)
