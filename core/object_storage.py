"""Files in an S3-compatible object store (AWS S3, MinIO, Ceph…), the storage settings.py names
when S3_BUCKET is set: django-storages' S3Storage, changed where the archive needs it.

- A file opened for reading streams from the store as it is read. S3Storage's own file
  downloads the whole object (into memory, with its default settings) before the first byte
  is returned, so a visitor's 50 MB report would wait for, and take, 50 MB of a worker's memory.
- It never hands out an address of the store, as S3Storage's url() does (signed, valid for an
  hour): that would bypass the archive, through which the public reads a file
  (reports:report-file) only while its report is published. Like a file on disk, a file in the
  bucket has only an address under MEDIA_URL, which nothing serves.
- A file that is gone is FileNotFoundError when its age is asked, as on disk.
"""

import io
from urllib.parse import urljoin

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.files.base import File
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name


class PrivateS3Storage(S3Storage):
    def _open(self, name, mode="rb"):
        if mode != "rb":
            return super()._open(name, mode)
        key = self._normalize_name(clean_name(name))
        reader = ObjectReader(self.connection.meta.client, self.bucket_name, key)
        return File(reader, name)

    def get_modified_time(self, name):
        # As on disk, a file that is gone is FileNotFoundError: another server clearing abandoned
        # import previews may have removed it between listing the folder and asking its age.
        try:
            return super().get_modified_time(name)
        except ClientError as error:
            if _missing(error):
                raise FileNotFoundError(name) from None
            raise

    def url(self, name, parameters=None, expire=None, http_method=None):
        # What the local folder's storage answers: an address under MEDIA_URL, which nothing
        # serves (the admin's file widget asks for one only to see that a file is there).
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name))


def _missing(error):
    return error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404


class ObjectReader(io.RawIOBase):
    """One object of a bucket, read in order as the store sends it. Seeking only moves the
    position; a read from another place than the one the current response has reached asks
    the store again from there (a range request), for the same version of the object."""

    def __init__(self, client, bucket, key):
        super().__init__()
        self._client, self._bucket, self._key = client, bucket, key
        try:
            response = client.get_object(Bucket=bucket, Key=key)
        except ClientError as error:
            if _missing(error):
                raise FileNotFoundError(key) from None
            raise
        self.size = response["ContentLength"]
        self._etag = response["ETag"]
        self._body, self._body_at, self._position = response["Body"], 0, 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self._position

    def seek(self, offset, whence=io.SEEK_SET):
        start = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        if start + offset < 0:
            raise ValueError("negative seek position")
        self._position = start + offset
        return self._position

    def readinto(self, buffer):
        if self._position >= self.size:
            return 0
        if self._body is None or self._body_at != self._position:
            self._close_body()
            response = self._client.get_object(
                Bucket=self._bucket, Key=self._key, Range=f"bytes={self._position}-", IfMatch=self._etag
            )
            self._body, self._body_at = response["Body"], self._position
        data = self._body.read(len(buffer))
        buffer[: len(data)] = data
        self._position += len(data)
        self._body_at += len(data)
        return len(data)

    def close(self):
        self._close_body()
        super().close()

    def _close_body(self):
        if self._body is not None:
            self._body.close()
            self._body = None
