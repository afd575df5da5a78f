#!/usr/bin/env python3
"""Signs test requests with botocore, for the differential test of the Swift SigV4 signer.

Usage: botocore_sign.py <cases.json> <results.json>

Each case holds the *unencoded* request (path, query pairs, headers). This script builds the URL itself,
the way botocore's S3 serializer builds object URLs (``percent_encode(key, safe='/~')``), and hands the
query to botocore as parameters so that botocore percent-encodes and sorts them with its own code:

* header-signed cases go through ``botocore.auth.S3SigV4Auth.add_auth`` with the query as a list of
  ``(name, value)`` pairs in ``request.params`` (``_canonical_query_string_params`` encodes and sorts them);
* presigned cases go through ``botocore.auth.S3SigV4QueryAuth.add_auth`` with ``request.params`` as a dict of
  name -> list of values (``percent_encode_sequence`` serialises lists, so repeated names survive; botocore
  merges the query of the URL through ``parse_qs`` into a plain dict, which would drop repeats, so the URL we give
  carries no query);
* the clock is pinned by replacing ``botocore.auth.get_current_datetime``;
* UNSIGNED-PAYLOAD is obtained the way botocore users ask for it: ``Config(s3={'payload_signing_enabled': False})``.

Writes one JSON object per case: the Authorization header or the presigned URL, botocore's canonical request
(for diagnostics), and the encoded path it used.
"""
import datetime
import json
import sys

import botocore
import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.utils import percent_encode

_PINNED = {"now": None}
botocore.auth.get_current_datetime = lambda: _PINNED["now"]


def _request(case, with_query_in_params):
    path = percent_encode(case["path"], safe="/-_.~")
    url = f'{case["scheme"]}://{case["host"]}{path}'
    request = AWSRequest(method=case["method"], url=url)
    for name, value in case["headers"]:
        request.headers[name] = value  # HTTPHeaders appends, so repeated names are kept
    if with_query_in_params:
        request.params = [(name, value) for name, value in case["query"]]
    return request, path


def _capture_canonical_request(auth):
    """Records the canonical request botocore computes while signing (behaviour unchanged)."""
    captured = {}
    compute = auth.canonical_request

    def recording(request):
        captured["text"] = compute(request)
        return captured["text"]

    auth.canonical_request = recording
    return captured


def _sign_header(case, credentials):
    request, path = _request(case, with_query_in_params=True)
    if case["payload"] == "body":
        request.data = case["body"].encode("utf-8")
    if case["payload"] == "unsigned":
        request.context["client_config"] = Config(s3={"payload_signing_enabled": False})
    auth = botocore.auth.S3SigV4Auth(credentials, "s3", case["region"])
    captured = _capture_canonical_request(auth)
    auth.add_auth(request)
    return {
        "authorization": request.headers["Authorization"],
        "x-amz-date": request.headers["X-Amz-Date"],
        "x-amz-content-sha256": request.headers["X-Amz-Content-SHA256"],
        "canonicalRequest": captured["text"],
        "path": path,
    }


def _sign_presign(case, credentials):
    request, path = _request(case, with_query_in_params=False)
    grouped = {}
    for name, value in case["query"]:
        grouped.setdefault(name, []).append(value)
    request.params = grouped
    auth = botocore.auth.S3SigV4QueryAuth(credentials, "s3", case["region"], expires=case["expires"])
    captured = _capture_canonical_request(auth)
    auth.add_auth(request)
    return {
        "url": request.url,
        "canonicalRequest": captured["text"],
        "path": path,
    }


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: botocore_sign.py <cases.json> <results.json>")
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)
    results = []
    for case in cases:
        _PINNED["now"] = datetime.datetime.fromtimestamp(case["epoch"], tz=datetime.timezone.utc).replace(tzinfo=None)
        credentials = Credentials(case["accessKey"], case["secretKey"])
        signed = _sign_header(case, credentials) if case["kind"] == "header" else _sign_presign(case, credentials)
        signed["id"] = case["id"]
        results.append(signed)
    with open(sys.argv[2], "w", encoding="utf-8") as handle:
        json.dump({"botocore": botocore.__version__, "results": results}, handle, ensure_ascii=False)


if __name__ == "__main__":
    main()
