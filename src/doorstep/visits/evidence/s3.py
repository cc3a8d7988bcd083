"""Evidence files in S3-compatible object storage (MinIO, Ceph, cloud OSS/COS, AWS S3).

The same :class:`~doorstep.visits.evidence.store.FileStore` port as the local disk, for when
several web servers run: every server reads what any other wrote. Keys are the same shape as
on disk (``prefix/<uuid><suffix>``), under an optional key prefix in one bucket.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, BinaryIO

from doorstep.visits.evidence.store import StorageFull


class S3FileStore:
    """Files as objects of one bucket; a put is atomic (an object appears whole or not)."""

    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None,
                 access_key: str | None = None, secret_key: str | None = None,
                 region: str = "us-east-1", client: Any = None) -> None:
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3", endpoint_url=endpoint_url, aws_access_key_id=access_key,
                aws_secret_access_key=secret_key, region_name=region,
                config=Config(retries={"max_attempts": 3, "mode": "standard"},
                              s3={"addressing_style": "path"}))
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def _object(self, key: str) -> str:
        if not key or key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"bad storage key {key!r}")
        return f"{self.prefix}/{key}" if self.prefix else key

    def put_stream(self, prefix: str, suffix: str, source: BinaryIO) -> str:
        """One object from ``source``, sent in parts (a multipart upload when large)."""
        key = f"{prefix}/{uuid.uuid4().hex}{suffix}"
        self.client.upload_fileobj(source, self.bucket, self._object(key))
        return key

    def put(self, prefix: str, suffix: str, data: bytes) -> str:
        from botocore.exceptions import ClientError

        key = f"{prefix}/{uuid.uuid4().hex}{suffix}"
        try:
            self.client.put_object(Bucket=self.bucket, Key=self._object(key), Body=data)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("QuotaExceeded",
                                                              "XMinioStorageFull"):
                raise StorageFull(str(exc)) from exc
            raise
        return key

    def get(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self._object(key))["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from exc
            raise
        return bytes(body.read())

    def get_to(self, key: str, target: Path) -> None:
        from botocore.exceptions import ClientError

        try:
            self.client.download_file(self.bucket, self._object(key), str(target))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from exc
            raise

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._object(key))
