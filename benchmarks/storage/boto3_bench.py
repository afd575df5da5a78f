"""boto3's 1 KB PUT and GET rate with N threads sharing one client (boto3 clients are thread-safe)."""
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


def measure(operation):
    counts = [0] * concurrency
    deadline = time.monotonic() + seconds

    def worker(index):
        while time.monotonic() < deadline:
            operation(index, counts[index])
            counts[index] += 1

    start = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts) / (time.monotonic() - start)


def put(index, n):
    client.put_object(Bucket="bench", Key=f"boto3/{run}/{index}-{n}", Body=payload, ContentType="application/octet-stream")


def get(index, n):
    body = client.get_object(Bucket="bench", Key=f"seed/{(index * 7 + n) % 100}")["Body"].read()
    assert len(body) == 1024


print(f"boto3 put_per_s={measure(put):.0f} get_per_s={measure(get):.0f}")
