"""Schemathesis hooks for DataHub's contract run (loaded through SCHEMATHESIS_HOOKS by run_schemathesis.sh).

`POST /data/batch` takes `application/x-ndjson`, which schemathesis cannot serialize by itself: the document
describes the body as the array of the lines' values, and this writes one compact JSON value per line.
"""
import json

import schemathesis


@schemathesis.serializer("application/x-ndjson")
def ndjson(ctx, value):
    """Each item of a generated array on its own line. Anything else (a negative case) has no NDJSON form, so the
    request goes without a body, which the API must refuse."""
    if not isinstance(value, list):
        return None
    return "".join(json.dumps(item, separators=(",", ":"), ensure_ascii=False) + "\n" for item in value).encode()
