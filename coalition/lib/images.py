"""Uploaded photos without their metadata.

A photo's EXIF block can say where it was taken (GPS coordinates: a shelter, a family's
home), when, and with whose camera. Images are stored re-encoded without it: the pixels
stay (turned upright as the EXIF said), the metadata goes.
"""

import io

from PIL import Image, ImageOps

# Content types (as core.uploads.check_upload reads them) that are re-encoded; GIF keeps
# its animation as uploaded (it carries no EXIF).
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def without_metadata(data, content_type):
    """The image in ``data`` re-encoded without metadata, or None when it is not one of
    FORMATS or cannot be read (it is then kept as it is)."""
    fmt = FORMATS.get(content_type)
    if fmt is None:
        return None
    try:
        with Image.open(io.BytesIO(data)) as image:
            upright = ImageOps.exif_transpose(image)
            upright.info = {}  # EXIF, XMP, ICC, text chunks: nothing is carried over
            out = io.BytesIO()
            options = {"quality": 92} if fmt in ("JPEG", "WEBP") else {"optimize": True}
            upright.save(out, fmt, **options)
    except (OSError, ValueError, Image.DecompressionBombError):
        return None
    return out.getvalue()
