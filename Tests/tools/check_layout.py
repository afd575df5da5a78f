"""The structure's promises, checked on the tree (no build needed); run by bin/test.sh.

Reads `swift package dump-package` (JSON) on stdin. Checks that the storage layer never depends on the HTTP
framework or the service, that the NIO transport names no curl type, that no Swift file passes 400 lines, and
that the product's package does not build the benchmarks. Prints PASS/FAIL lines; exits 1 on any failure.
"""
import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
manifest = json.load(sys.stdin)
targets = {t["name"]: t for t in manifest["targets"]}
failures = 0


def check(name, ok, detail=""):
    global failures
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))
    failures += 0 if ok else 1


def direct(target):
    """The names a target depends on: its targets, and its products as package/product."""
    names = []
    for dep in targets[target]["dependencies"]:
        if "byName" in dep:
            names.append(dep["byName"][0])
        elif "target" in dep:
            names.append(dep["target"][0])
        elif "product" in dep:
            names.append(f'{dep["product"][1]}/{dep["product"][0]}')
    return names


def closure(target):
    """Every target and product reachable from `target` through the package's own targets."""
    seen, stack = set(), [target]
    while stack:
        for name in direct(stack.pop()):
            if name not in seen:
                seen.add(name)
                if name in targets:
                    stack.append(name)
    return seen


storage = closure("DataHubStorage")
check("DataHubStorage never depends on Hummingbird", not any(n.startswith("hummingbird/") for n in storage), sorted(storage))
check("DataHubStorage never depends on DataHubService", "DataHubService" not in storage, sorted(storage))
check("S3Signer depends on Digests, not on CCrypto directly", direct("S3Signer") == ["Digests"], direct("S3Signer"))
check("no benchmark target in the product's package", not {"HelloBench", "StorageBench"} & set(targets), sorted(targets))

nio = root / "Sources/DataHubStorage/S3/Transport/NIO"
curl_names = [f"{p.name}:{i}" for p in sorted(nio.glob("*.swift"))
              for i, line in enumerate(p.read_text().splitlines(), 1)
              if re.search(r"\bCurl[A-Z]\w*|\bCCurl\b", line)]
check("no file under S3/Transport/NIO/ names a curl type", nio.is_dir() and not curl_names, curl_names or "no NIO folder")

long = [f"{p.relative_to(root)} ({n})" for folder in ("Sources", "Tests") for p in sorted((root / folder).rglob("*.swift"))
        if (n := len(p.read_text().splitlines())) > 400]
check("no Swift file over 400 lines", not long, long)

sys.exit(1 if failures else 0)
