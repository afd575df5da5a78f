"""boto3's 1 KB PUT and GET rate with N threads sharing one client (boto3 clients are thread-safe).

Prints `boto3 put_per_s=R put_failed=N get_per_s=R get_failed=N`: the rates count completed operations only; an
operation that raised is counted as failed (its thread goes on), and the first error of each kind is printed to
stderr, so a broken client never passes for a slow one.
"""
import sys
import threading
import time
import uuid

import boto3
from botocore.config import Config

endpoint, seconds, concurrency = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
client = boto3.client(
    "s3", endpoint_url=endpoint, aws_access_key_id="bench", aws_secret_access_key="bench-secret", region_name="us-east-1",
    config=Config(s3={"addressing_style": "path"}, max_pool_connections=concurrency, retries={"max_attempts": 1}),
)
payload = b"x" * 1024
run = uuid.uuid4().hex[:8]


def measure(name, operation):
    """Runs `operation` from `concurrency` threads for `seconds`; returns (completed per second, failed count)."""
    counts = [0] * concurrency
    failures = [0] * concurrency
    first_error = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def worker(index):
        attempts = 0
        while time.monotonic() < deadline and attempts < 10_000_000:
            attempts += 1
            try:
                operation(index, attempts)
            except Exception as error:  # noqa: BLE001 - every failure counts, whatever its kind
                failures[index] += 1
                with lock:
                    if not first_error:
                        first_error.append(error)
                continue
            counts[index] += 1

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    if first_error:
        print(f"boto3 {name}: {sum(failures)} failed; first: {first_error[0]!r}", file=sys.stderr)
    return sum(counts) / elapsed, sum(failures)


def put(index, n):
    client.put_object(Bucket="bench", Key=f"boto3/{run}/{index}-{n}", Body=payload, ContentType="application/octet-stream")


def get(index, n):
    body = client.get_object(Bucket="bench", Key=f"seed/{(index * 7 + n) % 100}")["Body"].read()
    if len(body) != 1024:
        raise RuntimeError(f"short read: {len(body)} bytes")


put_rate, put_failed = measure("put", put)
get_rate, get_failed = measure("get", get)
print(f"boto3 put_per_s={put_rate:.0f} put_failed={put_failed} get_per_s={get_rate:.0f} get_failed={get_failed}")
