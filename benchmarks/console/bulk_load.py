"""Fills a bucket with N small JSON objects named like DataHub's own (boto3, 32 threads), for the console benchmark;
an optional fourth argument puts them in a folder ("reports/2026/")."""
import concurrent.futures, os, sys, time
import boto3
from botocore.config import Config

endpoint, bucket, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
folder = sys.argv[4] if len(sys.argv) > 4 else ""
s3 = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                  config=Config(max_pool_connections=32, retries={"max_attempts": 5}))
try:
    s3.create_bucket(Bucket=bucket)
except s3.exceptions.BucketAlreadyOwnedByYou:
    pass

def put(i):
    key = folder + "data_20261125_%06d_%06d_bench%03d.json" % (i // 1000, i % 1000, i % 997)
    s3.put_object(Bucket=bucket, Key=key, Body=b'{"n":%d}' % i, ContentType="application/json")

started = time.time()
with concurrent.futures.ThreadPoolExecutor(32) as pool:
    for _ in pool.map(put, range(count)):
        pass
print("loaded %d objects in %.1f s" % (count, time.time() - started))
