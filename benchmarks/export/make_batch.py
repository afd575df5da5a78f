"""Writes <count> NDJSON lines of exactly 1,024 bytes each (plus the newline) to <path>, numbered from <start>."""
import json
import sys

count, path, first = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0
with open(path, "w", encoding="ascii") as out:
    for n in range(first, first + count):
        line = json.dumps({"n": n, "sensor": "s-%d" % (n % 97), "value": n * 0.25, "pad": ""}, separators=(",", ":"))
        line = line[:-2] + "x" * (1024 - len(line)) + '"}'
        assert len(line) == 1024
        out.write(line + "\n")
