"""Share packages: what a partner receives can be checked, and any change to it is named."""

import base64
import datetime
import io
import json
import zipfile

import pyrage
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import translation

from coalition.lib import sharepack

FILES = {
    "victims.csv": b"country,year,sex,value\nGT,2021,F,12\nGT,2021,M,<5\n",
    "victims.xlsx": b"PK\x03\x04 not really a workbook, but bytes all the same" * 20,
    "README.txt": "Estadísticas con control de divulgación\n".encode(),
}
EXPIRES = datetime.datetime(2030, 1, 8, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def in_english():
    """The problems are read in English here (the messages are translated)."""
    with translation.override("en"):
        yield


@pytest.fixture
def key():
    return Ed25519PrivateKey.generate()


@pytest.fixture
def identity():
    return pyrage.x25519.Identity.generate()


def package_of(key, files=FILES, **kwargs):
    return sharepack.build(files, private_key=key, agreement="AG-7", expires=EXPIRES, **kwargs)


def members(package):
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(contents):
    """A package of ``contents`` as given, in the system's own layout: what someone who
    altered a package and knew how it is written would send."""
    return sharepack.write_zip(list(contents.items()), EXPIRES)


def stored_offset(package, name):
    """Where the bytes of ``name`` begin inside the ZIP (after its local header)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        info = archive.getinfo(name)
    header = package[info.header_offset : info.header_offset + 30]
    name_length = int.from_bytes(header[26:28], "little")
    extra_length = int.from_bytes(header[28:30], "little")
    return info.header_offset + 30 + name_length + extra_length


def flip(data, position):
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


def test_a_package_verifies_against_the_public_key_of_its_signer(key):
    package = package_of(key)
    assert sharepack.verify(package, sharepack.public_key_pem(key)) == []


def test_the_package_holds_the_files_as_given_with_their_hashes_in_the_manifest(key):
    contents = members(package_of(key))
    assert set(contents) == {*FILES, "manifest.json", "manifest.sig"}
    manifest = json.loads(contents["manifest.json"])
    assert manifest["agreement"] == "AG-7"
    assert manifest["expires"] == "2030-01-08T12:00:00+00:00"
    assert manifest["generator"] == "Coalition"
    assert manifest["created"]
    listed = {entry["name"]: entry for entry in manifest["files"]}
    assert listed["victims.csv"]["size"] == len(FILES["victims.csv"])
    assert len(listed["victims.csv"]["sha256"]) == 64
    assert contents["victims.csv"] == FILES["victims.csv"]
    assert len(contents["manifest.sig"]) == 64


def test_an_encrypted_package_verifies_with_the_partners_identity(key, identity):
    package = package_of(key, recipient=str(identity.to_public()))
    assert package.startswith(b"age-encryption.org/v1")
    assert b"victims.csv" not in package
    assert sharepack.verify(package, sharepack.public_key_pem(key), identity) == []
    assert sharepack.verify(package, sharepack.public_key_pem(key), str(identity)) == []


def test_an_identity_file_as_age_keygen_writes_it_is_accepted(key, identity):
    package = package_of(key, recipient=str(identity.to_public()))
    keyfile = f"# created: 2026-12-03\n# public key: {identity.to_public()}\n{identity}\n"
    assert sharepack.verify(package, sharepack.public_key_pem(key), keyfile) == []


def test_an_encrypted_package_without_an_identity_says_it_needs_one(key, identity):
    package = package_of(key, recipient=str(identity.to_public()))
    [problem] = sharepack.verify(package, sharepack.public_key_pem(key))
    assert "encrypted with age" in problem
    assert "identity" in problem


def test_an_encrypted_package_does_not_open_with_another_identity(key, identity):
    package = package_of(key, recipient=str(identity.to_public()))
    other = pyrage.x25519.Identity.generate()
    [problem] = sharepack.verify(package, sharepack.public_key_pem(key), other)
    assert "cannot be decrypted with this identity" in problem


def test_a_flipped_byte_in_the_encrypted_file_is_refused(key, identity):
    package = package_of(key, recipient=str(identity.to_public()))
    damaged = flip(package, len(package) - 40)
    [problem] = sharepack.verify(damaged, sharepack.public_key_pem(key), identity)
    assert "cannot be decrypted" in problem
    assert "altered" in problem


def test_a_flipped_byte_inside_a_file_of_the_zip_names_that_file(key):
    package = package_of(key)
    damaged = flip(package, stored_offset(package, "victims.csv") + 3)
    problems = sharepack.verify(damaged, sharepack.public_key_pem(key))
    assert problems
    assert all(problem.startswith("victims.csv: ") for problem in problems), problems


def test_a_byte_changed_anywhere_in_the_package_is_refused(key):
    package = package_of(key)
    public = sharepack.public_key_pem(key)
    for position in range(len(package)):
        for mask in (0x01, 0x80):
            altered = (
                package[:position] + bytes([package[position] ^ mask]) + package[position + 1 :]
            )
            assert sharepack.verify(altered, public), f"byte {position} ^ {mask:#x} went unseen"


def test_a_package_in_another_zip_layout_is_refused_with_what_differs(key):
    contents = members(package_of(key))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in contents.items():
            archive.writestr(name, content)
    problems = sharepack.verify(buffer.getvalue(), sharepack.public_key_pem(key))
    assert "victims.csv: the ZIP's record of this file was altered (compression)." in problems


def test_a_changed_file_is_refused_with_its_hash_and_the_manifests(key):
    contents = members(package_of(key))
    contents["victims.csv"] = contents["victims.csv"].replace(b"12", b"13")
    [problem] = sharepack.verify(rezip(contents), sharepack.public_key_pem(key))
    assert problem.startswith("victims.csv: SHA-256 is ")
    assert "the manifest says" in problem


def test_a_file_of_another_size_is_refused_with_both_sizes(key):
    contents = members(package_of(key))
    contents["victims.csv"] += b"GT,2021,X,99\n"
    problems = sharepack.verify(rezip(contents), sharepack.public_key_pem(key))
    expected = len(FILES["victims.csv"])
    assert f"victims.csv: size is {expected + 13} bytes, the manifest says {expected}." in problems


def test_a_changed_manifest_breaks_the_signature(key):
    contents = members(package_of(key))
    manifest = json.loads(contents["manifest.json"])
    manifest["expires"] = "2099-01-01T00:00:00+00:00"
    contents["manifest.json"] = json.dumps(manifest, indent=2).encode()
    [problem] = sharepack.verify(rezip(contents), sharepack.public_key_pem(key))
    assert problem.startswith("manifest.sig: the signature does not match manifest.json")


def test_a_package_signed_with_another_key_is_refused(key):
    package = package_of(Ed25519PrivateKey.generate())
    [problem] = sharepack.verify(package, sharepack.public_key_pem(key))
    assert "signature does not match" in problem
    assert "another key" in problem


def test_a_missing_file_is_named(key):
    contents = members(package_of(key))
    del contents["victims.xlsx"]
    assert sharepack.verify(rezip(contents), sharepack.public_key_pem(key)) == [
        "victims.xlsx: listed in the manifest but missing from the package."
    ]


def test_an_extra_file_is_named(key):
    contents = members(package_of(key))
    contents["extra.csv"] = b"a,b\n"
    assert sharepack.verify(rezip(contents), sharepack.public_key_pem(key)) == [
        "extra.csv: in the package but not listed in the manifest."
    ]


def test_a_missing_manifest_or_signature_is_named(key):
    contents = members(package_of(key))
    without_signature = {k: v for k, v in contents.items() if k != "manifest.sig"}
    assert sharepack.verify(rezip(without_signature), sharepack.public_key_pem(key)) == [
        "manifest.sig is missing from the package."
    ]
    without_manifest = {k: v for k, v in contents.items() if k != "manifest.json"}
    assert sharepack.verify(rezip(without_manifest), sharepack.public_key_pem(key)) == [
        "manifest.json is missing from the package."
    ]


def test_something_that_is_not_a_zip_is_refused_as_such(key):
    [problem] = sharepack.verify(b"hello, world", sharepack.public_key_pem(key))
    assert problem.startswith("The package is not a readable ZIP file")


def test_a_public_key_that_is_not_pem_is_refused_as_such(key):
    assert sharepack.verify(package_of(key), "not a key") == [
        "The public key is not a readable PEM public key."
    ]


@pytest.mark.parametrize("name", ["manifest.json", "../escape.csv", "/etc/passwd", ""])
def test_a_file_name_that_would_confuse_the_package_is_refused_when_building(key, name):
    with pytest.raises(ValueError):
        sharepack.build({name: b"x"}, private_key=key)


def test_the_private_key_reads_from_pem_or_from_the_base64_of_its_seed(key):
    pem = sharepack.private_key_pem(key)
    assert sharepack.fingerprint(sharepack.load_private_key(pem)) == sharepack.fingerprint(key)
    one_line = pem.replace("\n", "\\n")
    assert sharepack.fingerprint(sharepack.load_private_key(one_line)) == sharepack.fingerprint(key)
    seed = base64.b64encode(b"\x07" * 32).decode()
    assert isinstance(sharepack.load_private_key(seed), Ed25519PrivateKey)
    with pytest.raises(ValueError, match="holds 5 bytes"):
        sharepack.load_private_key(base64.b64encode(b"short").decode())


def test_an_age_public_key_is_checked(identity):
    assert sharepack.parse_recipient(f" {identity.to_public()} ")
    with pytest.raises(ValueError, match="age1"):
        sharepack.parse_recipient("ssh-ed25519 AAAA")
    with pytest.raises(ValueError, match="not a valid age public key"):
        sharepack.parse_recipient("age1qqqqqqqq")


def test_without_a_configured_key_one_is_generated_once_and_kept(settings, tmp_path):
    settings.SHARE_SIGNING_KEY = None
    settings.SHARE_SIGNING_KEY_FILE = tmp_path / "keys" / "share-signing-key.pem"
    first = sharepack.signing_key()
    assert settings.SHARE_SIGNING_KEY_FILE.stat().st_mode & 0o077 == 0
    assert sharepack.fingerprint(sharepack.signing_key()) == sharepack.fingerprint(first)


def test_a_configured_key_is_used_rather_than_the_file(settings, tmp_path, key):
    settings.SHARE_SIGNING_KEY = sharepack.private_key_pem(key)
    settings.SHARE_SIGNING_KEY_FILE = tmp_path / "unused.pem"
    assert sharepack.fingerprint(sharepack.signing_key()) == sharepack.fingerprint(key)
    assert not settings.SHARE_SIGNING_KEY_FILE.exists()
