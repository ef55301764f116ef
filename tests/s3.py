"""An S3-compatible object store for the tests: moto's standalone server, started as its own
process and reached over HTTP, nothing patched in this process. Each test session (each xdist
worker) starts its own on a free port and stops it at the end; each test gets a bucket of its
own, removed after it.

Fixtures (registered in tests/conftest.py):

- `s3_server`: the running server (session-wide): `.endpoint_url`, `.client()`.
- `s3_bucket`: a new, empty bucket on it: `.name`, `.object_keys()`, `.read(key)`, `.client`, and
  `.environment()`, the variables (S3_BUCKET, S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID,
  S3_SECRET_ACCESS_KEY) that make a Django process started with them (gunicorn, manage.py) keep
  its files in this bucket.
- `object_storage`: the bucket as this test's STORAGES["default"] and STORAGES["import_export"],
  configured by settings.file_storages from those same variables; the bucket.
"""

import contextlib
import dataclasses
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import boto3
import pytest
from botocore.config import Config

from ogparchive.settings import file_storages

REGION = "us-east-1"
# moto accepts any credentials; these open nothing anywhere else.
ACCESS_KEY_ID = "ogparchive-test"
SECRET_ACCESS_KEY = "ogparchive-test-secret"
START_SECONDS = 30


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclasses.dataclass
class S3Server:
    endpoint_url: str

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY_ID,
            aws_secret_access_key=SECRET_ACCESS_KEY,
            config=Config(s3={"addressing_style": "path"}),
        )

    def environment(self, bucket):
        return {
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": self.endpoint_url,
            "S3_REGION": REGION,
            "S3_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        }


@contextlib.contextmanager
def running_s3_server(log_path):
    """moto's server on a free port of 127.0.0.1 until the block ends. A port taken between
    choosing it and the server binding it makes the server exit: another port is tried."""
    for _attempt in range(3):
        port = free_port()
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        endpoint = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + START_SECONDS
        while process.poll() is None and time.monotonic() < deadline and not _answers(endpoint):
            time.sleep(0.1)
        if process.poll() is None and _answers(endpoint):
            break
        _stop(process)
    else:
        raise RuntimeError(f"moto's S3 server did not start; its output is in {log_path}")
    try:
        yield S3Server(endpoint)
    finally:
        _stop(process)


def _stop(process):
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclasses.dataclass
class Bucket:
    name: str
    server: S3Server
    client: object

    def environment(self):
        return self.server.environment(self.name)

    def object_keys(self, prefix=""):
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def read(self, key):
        return self.client.get_object(Bucket=self.name, Key=key)["Body"].read()

    def empty(self):
        for key in self.object_keys():
            self.client.delete_object(Bucket=self.name, Key=key)


def make_bucket(server):
    client = server.client()
    bucket = Bucket(f"ogparchive-test-{uuid.uuid4().hex[:16]}", server, client)
    client.create_bucket(Bucket=bucket.name)
    return bucket


def remove_bucket(bucket):
    bucket.empty()
    bucket.client.delete_bucket(Bucket=bucket.name)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    with running_s3_server(tmp_path_factory.mktemp("moto") / "server.log") as server:
        yield server


@pytest.fixture
def s3_bucket(s3_server):
    bucket = make_bucket(s3_server)
    yield bucket
    remove_bucket(bucket)


@pytest.fixture
def object_storage(settings, s3_bucket):
    """STORAGES["default"] and STORAGES["import_export"] in the test's bucket, as a process
    started with s3_bucket.environment() has them (pytest-django's `settings` puts the test's
    STORAGES back after it, and Django then makes default_storage and storages anew)."""
    settings.STORAGES = {**settings.STORAGES, **file_storages(s3_bucket.environment())}
    return s3_bucket
