import io

import pytest
from PIL import Image

from coalition.lib.images import without_metadata

GPS = 0x8825


def photo(fmt, **save):
    image = Image.new("RGB", (40, 20), "teal")
    exif = Image.Exif()
    exif[0x010F] = "Camera of someone"  # Make
    exif[0x0112] = 6  # Orientation: turned 90 degrees
    exif.get_ifd(GPS)[2] = (9.0, 56.0, 0.0)  # GPSLatitude
    out = io.BytesIO()
    image.save(out, fmt, exif=exif, **save)
    return out.getvalue()


@pytest.mark.parametrize(
    "fmt, content_type", [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("WEBP", "image/webp")]
)
def test_a_photo_loses_its_location_and_camera_but_keeps_its_pixels_upright(fmt, content_type):
    original = photo(fmt)
    assert Image.open(io.BytesIO(original)).getexif()
    clean = without_metadata(original, content_type)
    image = Image.open(io.BytesIO(clean))
    assert not image.getexif()
    assert b"Camera of someone" not in clean
    assert image.format == fmt
    assert image.size == (20, 40)  # turned as the EXIF orientation said


def test_other_files_and_unreadable_images_are_left_as_they_are():
    assert without_metadata(b"%PDF-1.4", "application/pdf") is None
    assert without_metadata(b"not an image", "image/jpeg") is None
    assert without_metadata(b"GIF89a", "image/gif") is None
