#!/usr/bin/env python3
"""Real analysis clients over DataHub's export (issue 16): what they compute equals what was uploaded.

    export_clients.py BASE_URL PREFIX DOCUMENTS_FILE [--clients NAME,…]

DOCUMENTS_FILE is a JSON array of the documents uploaded under PREFIX, each {"id": int, "value": int,
"reading": number, "city": str, ...}. From it the expected figures are computed with Python's json; then:

  - pandas:          read_json(BASE_URL/export?prefix=PREFIX, lines=True)
  - duckdb:          read_json('BASE_URL/export?prefix=PREFIX', format='newline_delimited') through httpfs, as
                     an analyst types it (DuckDB sends HEAD, finds no Content-Length, downloads the body whole;
                     for the scan it sends HEAD again and may GET with Range: bytes=0-<size-1>, which the route
                     answers with the whole body, 200, the same bytes while the folder does not change)
  - duckdb-download: the same with SET force_download=true (one GET, no HEAD, no Range)
  - duckdb-array:    read_json('…&format=json', format='array')
  - json:            Python's json over format=json: the very documents that were uploaded, each once

each give the count, the distinct ids, sum(id), sum(value), sum(reading), and per city count and sum(value).
httpfs is the file the duckdb-ext-httpfs wheel ships, found through the package's metadata and LOADed by
path, with extension autoload and autoinstall off (there is no network to fetch extensions from).

--clients runs only the named ones (default: all). Prints one line per client (DuckDB's with the HTTP
requests it sent, from its own log); exits 0 when every figure matches, 1 when any differs, 2 when a client fails.
"""
import argparse
import collections
import importlib.metadata
import json
import socket
import sys
import time
import urllib.parse
import urllib.request

TIMEOUT = 60  # seconds, for every HTTP exchange


class Mismatch(Exception):
    """A client read something other than what was uploaded (exit 1, unlike a client failing: exit 2)."""


def figures(rows):
    """The figures of rows given as (id, value, reading, city) tuples."""
    ids = [row[0] for row in rows]
    cities = collections.defaultdict(lambda: [0, 0])
    for _, value, _, city in rows:
        cities[city][0] += 1
        cities[city][1] += value
    return {
        "count": len(rows),
        "distinct ids": len(set(ids)),
        "sum(id)": sum(ids),
        "sum(value)": sum(row[1] for row in rows),
        # Every reading is a multiple of 1/4 well inside 2^53, so any summation order gives the exact sum.
        "sum(reading)": float(sum(row[2] for row in rows)),
        "by city": {city: tuple(pair) for city, pair in sorted(cities.items())},
    }


def from_documents(documents):
    return figures([(d["id"], d["value"], d["reading"], d["city"]) for d in documents])


def with_pandas(url):
    import pandas

    frame = pandas.read_json(url, lines=True)
    rows = zip(frame["id"].tolist(), frame["value"].tolist(), frame["reading"].tolist(), frame["city"].tolist())
    return figures([(int(i), int(v), float(r), c) for i, v, r, c in rows])


def httpfs_path():
    """The httpfs extension file the duckdb-ext-httpfs wheel installed."""
    for file in importlib.metadata.files("duckdb-ext-httpfs") or []:
        if file.name == "httpfs.duckdb_extension":
            return str(file.locate())
    raise RuntimeError("duckdb-ext-httpfs ships no httpfs.duckdb_extension")


def with_duckdb(url, json_format, force_download=False):
    """The figures from one DuckDB query (totals and per-city groups together, so one read of the export),
    and the HTTP requests DuckDB sent for it, from its own HTTP log."""
    import duckdb

    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    with duckdb.connect(config=config) as con:
        con.execute("LOAD '" + httpfs_path().replace("'", "''") + "'")
        con.execute(f"SET http_timeout = {TIMEOUT}")
        con.execute(f"SET force_download = {'true' if force_download else 'false'}")
        con.execute("CALL enable_logging('HTTP')")
        rows = con.execute(
            "SELECT city, count(*), count(DISTINCT id), sum(id), sum(value), sum(reading) "
            f"FROM read_json(?, format='{json_format}') GROUP BY GROUPING SETS ((city), ()) ORDER BY city NULLS FIRST",
            [url],
        ).fetchall()
        log = con.execute(
            "SELECT request.type, request.headers['Range'], response.status, request.duration_ms FROM duckdb_logs_parsed('HTTP')"
        ).fetchall()
    totals = [row for row in rows if row[0] is None]
    count, distinct, sum_id, sum_value, sum_reading = totals[0][1:] if totals else (0, 0, 0, 0, 0)
    requests = ", ".join(
        f"{method}{' Range ' + byte_range if byte_range else ''} {status} {milliseconds} ms" for method, byte_range, status, milliseconds in log
    )
    return {
        "count": count,
        "distinct ids": distinct,
        "sum(id)": int(sum_id or 0),
        "sum(value)": int(sum_value or 0),
        "sum(reading)": float(sum_reading or 0),
        "by city": {row[0]: (row[1], int(row[4])) for row in rows if row[0] is not None},
        "requests": requests,
    }


def with_json(url, expected_documents):
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        documents = json.load(response)
    # Beyond the figures: the documents themselves, each exactly once.
    key = lambda d: json.dumps(d, sort_keys=True)  # noqa: E731
    if sorted(map(key, documents)) != sorted(map(key, expected_documents)):
        missing = len(set(map(key, expected_documents)) - set(map(key, documents)))
        extra = len(set(map(key, documents)) - set(map(key, expected_documents)))
        raise Mismatch(f"the documents differ from the uploaded ones: {missing} missing, {extra} unexpected")
    return from_documents(documents)


def differences(expected, got):
    lines = []
    for name, want in expected.items():
        have = got.get(name)
        if name == "by city":
            for city in sorted(set(want) | set(have or {})):
                if (have or {}).get(city) != want.get(city):
                    lines.append(f"city {city!r}: (count, sum(value)) {(have or {}).get(city)} != expected {want.get(city)}")
        elif have != want:
            lines.append(f"{name}: {have} != expected {want}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base_url")
    parser.add_argument("prefix")
    parser.add_argument("documents_file")
    parser.add_argument("--clients", default="pandas,duckdb,duckdb-download,duckdb-array,json")
    arguments = parser.parse_args()
    base, prefix = arguments.base_url.rstrip("/"), arguments.prefix
    socket.setdefaulttimeout(TIMEOUT)
    with open(arguments.documents_file, encoding="utf-8") as handle:
        uploaded = json.load(handle)
    expected = from_documents(uploaded)
    ndjson = f"{base}/export?prefix={urllib.parse.quote(prefix, safe='/')}"
    array = ndjson + "&format=json"
    known = {
        "pandas": ("pandas read_json(lines=True)", lambda: with_pandas(ndjson)),
        "duckdb": ("duckdb read_json(newline_delimited)", lambda: with_duckdb(ndjson, "newline_delimited")),
        "duckdb-download": ("duckdb force_download", lambda: with_duckdb(ndjson, "newline_delimited", force_download=True)),
        "duckdb-array": ("duckdb read_json(array) format=json", lambda: with_duckdb(array, "array")),
        "json": ("python json format=json", lambda: with_json(array, uploaded)),
    }
    names = arguments.clients.split(",")
    unknown = [name for name in names if name not in known]
    if unknown:
        parser.error(f"unknown clients {unknown}; known: {', '.join(known)}")
    clients = [known[name] for name in names]
    print(
        f"expected: {expected['count']} documents, sum(id)={expected['sum(id)']}, sum(value)={expected['sum(value)']}, "
        f"sum(reading)={expected['sum(reading)']}, {len(expected['by city'])} cities"
    )
    status = 0
    for name, run in clients:
        began = time.monotonic()
        try:
            got = run()
        except Mismatch as error:
            print(f"DIFF  {name}: {error}")
            status = max(status, 1)
            continue
        except Exception as error:  # any client failure is reported and fails the run
            print(f"ERROR {name}: {type(error).__name__}: {error}")
            status = max(status, 2)
            continue
        wrong = differences(expected, got)
        if wrong:
            status = max(status, 1)
            print(f"DIFF  {name}: " + "; ".join(wrong))
        else:
            print(
                f"OK    {name}: {got['count']} documents, sums and {len(got['by city'])} city groups as uploaded "
                f"({time.monotonic() - began:.1f} s)" + (f"; requests: {got['requests']}" if "requests" in got else "")
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
