"""The way a client reads a folder without DataHub: boto3 lists it and fetches every object with 16 threads.

Usage: fetch_boto3.py <endpoint> <bucket> <prefix>  (credentials in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
Prints "<documents> <seconds>". Bounded: at most 200,000 keys, 600 s of wall time.
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config

endpoint, bucket, prefix = sys.argv[1:4]
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  config=Config(s3={"addressing_style": "path"}, max_pool_connections=16))
start = time.monotonic()
keys = []
for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
    keys += [item["Key"] for item in page.get("Contents", [])]
    if len(keys) >= 200_000 or time.monotonic() - start > 600:
        break


def fetch(key):
    return len(s3.get_object(Bucket=bucket, Key=key)["Body"].read())


with ThreadPoolExecutor(16) as pool:
    total = sum(1 for _ in pool.map(fetch, keys, timeout=600))
print(total, round(time.monotonic() - start, 3))
