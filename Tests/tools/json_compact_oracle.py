#!/usr/bin/env python3
"""Reference compaction for DataHub's JSON compactor (differential test).

Reads one case per line from the file named as the first argument (each line the base64 of a
document's bytes) and prints one line per case: "reject <reason>" when json_oracle.py rejects it,
else "ok <base64 of the compacted bytes>". The compaction is written independently of DataHub's (a
regular expression that keeps string literals and drops the whitespace between tokens), and is
checked to parse to the same value as the original, so a wrong oracle cannot pass silently.
"""
import base64
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from json_oracle import decide  # noqa: E402

TOKEN = re.compile(r'("(?:[^"\\]|\\.)*")|[ \t\n\r]+')


def compact(text):
    return TOKEN.sub(lambda match: match.group(1) or "", text)


def main():
    if len(sys.argv) != 2:
        print("usage: json_compact_oracle.py CASES_FILE", file=sys.stderr)
        return 2
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    sys.setrecursionlimit(20000)
    out = []
    with open(sys.argv[1], "r", encoding="ascii") as cases:
        for line in cases:
            data = base64.b64decode(line.strip(), validate=True)
            decision = decide(data)
            if decision != "accept":
                out.append(decision)
                continue
            text = data.decode("utf-8")
            compacted = compact(text)
            if json.loads(compacted) != json.loads(text):
                out.append("reject oracle compaction changed the value")
                continue
            out.append("ok " + base64.b64encode(compacted.encode("utf-8")).decode("ascii"))
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
