#!/usr/bin/env python3
"""Reference decision for DataHub's JSON validator (differential fuzz test).

Reads one case per line from the file named as the first argument (each line the base64 of a
document's bytes, possibly empty) and prints one line per case: "accept" or "reject <reason>".

Rules: Python's json on strictly decoded UTF-8, with NaN/Infinity/-Infinity refused and the integer
digit limit lifted; plus DataHub's own rules: no byte-order mark, no lone surrogate (a \\u escape that
does not form a pair, which Python's json lets through), nesting at most 512 levels.
"""
import base64
import json
import sys

MAX_DEPTH = 512


def refuse_constant(name):
    raise ValueError(f"constant {name} is not JSON")


def has_lone_surrogate(text):
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def check_tree(value):
    """Depth of nesting (scalars 0) and lone surrogates in keys and strings, without recursion."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            depth += 1
            if depth > MAX_DEPTH:
                return "too deep"
            for key, child in item.items():
                if has_lone_surrogate(key):
                    return "lone surrogate in key"
                stack.append((child, depth))
        elif isinstance(item, list):
            depth += 1
            if depth > MAX_DEPTH:
                return "too deep"
            stack.extend((child, depth) for child in item)
        elif isinstance(item, str) and has_lone_surrogate(item):
            return "lone surrogate"
    return None


def decide(data):
    if not data:
        return "reject empty"
    try:
        text = data.decode("utf-8", errors="strict")
    except UnicodeDecodeError as error:
        return f"reject utf-8: {error.reason}"
    if text.startswith("\ufeff"):
        return "reject bom"
    try:
        value = json.loads(text, parse_constant=refuse_constant)
    except RecursionError:
        return "reject too deep (recursion)"
    except ValueError as error:
        return f"reject json: {str(error).splitlines()[0]}"
    problem = check_tree(value)
    return f"reject {problem}" if problem else "accept"


def main():
    if len(sys.argv) != 2:
        print("usage: json_oracle.py CASES_FILE", file=sys.stderr)
        return 2
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    # Python's decoder recurses per nesting level; documents deeper than our limit must still be
    # decided (as too deep), not crash the oracle.
    sys.setrecursionlimit(20000)
    out = []
    with open(sys.argv[1], "r", encoding="ascii") as cases:
        for line in cases:
            out.append(decide(base64.b64decode(line.strip(), validate=True)))
    sys.stdout.write("\n".join(out) + ("\n" if out else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
