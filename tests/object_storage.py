"""A real S3-compatible server for the tests (moto's, on a free loopback port), and a fresh
private bucket per test with the site switched to it (`MEDIA_STORAGE=s3`).

Nothing about boto is mocked: django-storages and botocore talk HTTP to the server, which
keeps objects private unless an ACL or policy says otherwise and answers an unsigned GET of a
private object with 403, as S3, MinIO and Ceph do.
"""

import socket
import uuid
from dataclasses import dataclass

import pytest

from elearn.settings.base import object_storage

ACCESS_KEY = "test-access-key"
SECRET_KEY = "test-secret-key"
REGION = "us-east-1"


@dataclass(frozen=True)
class Bucket:
    name: str
    endpoint: str
    client: object  # a boto3 S3 client with the site's keys

    def object_url(self, key: str) -> str:
        """The plain (unsigned) address of an object: what an anonymous visitor could try."""
        return f"{self.endpoint}/{self.name}/{key}"

    def names(self, prefix: str = "") -> list[str]:
        answer = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return sorted(item["Key"] for item in answer.get("Contents", []))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def s3_server():
    """The address of an S3-compatible server running for the whole test session."""
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def use_bucket(settings, *, endpoint: str, name: str) -> None:
    """Switch the settings to the bucket `name` on `endpoint`, as the environment would."""
    settings.MEDIA_STORAGE = "s3"
    settings.AWS_STORAGE_BUCKET_NAME = name
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_REGION_NAME = REGION
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.AWS_S3_ACCESS_KEY_ID = ACCESS_KEY
    settings.AWS_S3_SECRET_ACCESS_KEY = SECRET_KEY
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage(
            "s3",
            {
                "AWS_STORAGE_BUCKET_NAME": name,
                "AWS_ACCESS_KEY_ID": ACCESS_KEY,
                "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            },
        ),
    }


@pytest.fixture
def s3_bucket(s3_server, settings) -> Bucket:
    """A new, private bucket, and the site's media, certificates and imports switched to it."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    name = f"elearn-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=name)
    use_bucket(settings, endpoint=s3_server, name=name)
    return Bucket(name=name, endpoint=s3_server, client=client)
