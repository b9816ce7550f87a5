"""Share packages: files that leave the system for a partner, in a form the partner can
check without trusting the channel.

A package is a ZIP of the files, a ``manifest.json`` (each file's SHA-256 and size, who
made it, when, for which agreement, until when) and ``manifest.sig``, the raw 64-byte
Ed25519 signature of the manifest's exact bytes by the system's key. It may be encrypted
as a whole to the partner's ``age`` public key (x25519, ``age1...``), so that only the
holder of the matching identity can open it.

``verify`` checks all of it and returns every problem found, each naming the file and the
check that failed; an empty list means the package is intact and signed by that key.
A partner can check the signature without this software too:
``openssl pkeyutl -verify -pubin -inkey public-key.pem -rawin -in manifest.json
-sigfile manifest.sig``.

The system's private key comes from the ``SHARE_SIGNING_KEY`` setting (PEM, or the
base64 of the 32-byte seed); without it, outside production, a key is generated once into
``SHARE_SIGNING_KEY_FILE`` (docs/operations.md, "Share packages: the signing key").
"""

import base64
import binascii
import contextlib
import datetime
import hashlib
import io
import json
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pyrage
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
FORMAT = "coalition-share-package/1"
GENERATOR = "Coalition"
AGE_MAGIC = b"age-encryption.org/v1\n"

# The one layout this system writes (``build``): every file stored as it is (no compression,
# whose padding bits could change unseen), no extra fields or comments, fixed attributes.
# ``verify`` accepts that layout only, so that a change to any byte of a package is found:
# file bytes through the manifest's hashes, the manifest through the signature, and every
# byte of the ZIP's own records against this layout or against its copy in the other record.
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LOCAL_SIGNATURE, _CENTRAL_SIGNATURE, _END_SIGNATURE = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_VERSION = 20  # "2.0", what zipfile writes for stored files
_UNIX = 3
_ATTRIBUTES = 0o100644 << 16  # a regular file, rw-r--r--


# --- keys -------------------------------------------------------------------------------


def load_private_key(text):
    """The Ed25519 private key in ``text``: PEM (PKCS#8, as ``openssl genpkey -algorithm
    ed25519`` writes it; ``\\n`` may stand for line breaks) or the base64 of the 32-byte
    seed. ``ValueError`` in plain words otherwise (the settings show it to the operator)."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    text = text.strip()
    if "-----BEGIN" in text:
        pem = text.replace("\\n", "\n").encode()
        try:
            key = serialization.load_pem_private_key(pem, password=None)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"not a readable unencrypted PEM private key ({exc})") from None
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the PEM key is not an Ed25519 key")
        return key
    try:
        seed = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("neither a PEM private key nor base64 text") from None
    if len(seed) != 32:
        raise ValueError(f"the base64 text holds {len(seed)} bytes, an Ed25519 key has 32")
    return Ed25519PrivateKey.from_private_bytes(seed)


def load_public_key(value):
    """An Ed25519 public key from a key object, a private key (its public half) or PEM."""
    if isinstance(value, Ed25519PublicKey):
        return value
    if isinstance(value, Ed25519PrivateKey):
        return value.public_key()
    if isinstance(value, str):
        value = value.encode()
    try:
        key = serialization.load_pem_public_key(value.strip())
    except (ValueError, TypeError):
        raise ValueError(_("The public key is not a readable PEM public key.")) from None
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(_("The public key is not an Ed25519 key."))
    return key


def new_private_key_pem():
    """A new Ed25519 private key as PKCS#8 PEM text."""
    return private_key_pem(Ed25519PrivateKey.generate())


def private_key_pem(key):
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def public_key_pem(key):
    """The PEM (SubjectPublicKeyInfo) text of a key's public half, as published."""
    return (
        load_public_key(key)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def fingerprint(key):
    """The SHA-256 of the raw 32-byte public key, in groups of four hex digits, for people
    to compare what the page shows with the key they hold."""
    raw = load_public_key(key).public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw
    )
    digest = hashlib.sha256(raw).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


def signing_key():
    """The system's signing key: ``settings.SHARE_SIGNING_KEY``, or else the key in
    ``settings.SHARE_SIGNING_KEY_FILE``, generated there (readable by its owner only) the
    first time. Production settings refuse to start without SHARE_SIGNING_KEY."""
    from django.conf import settings

    if settings.SHARE_SIGNING_KEY:
        return load_private_key(settings.SHARE_SIGNING_KEY)
    path = Path(settings.SHARE_SIGNING_KEY_FILE)
    if not path.exists():
        _write_once(path, new_private_key_pem().encode())
    return load_private_key(path.read_text())


def _write_once(path, content):
    """Write ``content`` to ``path`` unless another process got there first: the key is
    written to a private temporary file, then linked into place, which fails if one is."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def parse_recipient(text):
    """The age x25519 recipient in ``text`` (``age1...``); ``ValueError`` saying why not."""
    text = (text or "").strip()
    if not text.startswith("age1"):
        raise ValueError(_("An age public key starts with “age1”."))
    try:
        return pyrage.x25519.Recipient.from_str(text)
    except pyrage.RecipientError:
        raise ValueError(_("This is not a valid age public key (x25519, “age1…”).")) from None


def parse_identity(text):
    """The age x25519 identity in ``text``: a key file as ``age-keygen`` writes it
    (comment lines allowed) or the ``AGE-SECRET-KEY-1...`` line alone."""
    if isinstance(text, bytes):
        text = text.decode("ascii", "replace")
    lines = [line.strip() for line in text.splitlines()]
    keys = [line for line in lines if line.startswith("AGE-SECRET-KEY-")]
    if not keys:
        raise ValueError(_("The identity holds no age secret key (AGE-SECRET-KEY-1…)."))
    try:
        return pyrage.x25519.Identity.from_str(keys[0])
    except pyrage.IdentityError:
        raise ValueError(_("The identity's age secret key is not valid.")) from None


# --- building -----------------------------------------------------------------------------


def build(
    files,
    *,
    private_key,
    agreement="",
    expires=None,
    created=None,
    recipient=None,
    generator=GENERATOR,
):
    """The bytes of a package of ``files`` ({name: bytes}), signed with ``private_key`` and,
    when ``recipient`` (an age public key) is given, encrypted to it."""
    if not isinstance(private_key, Ed25519PrivateKey):
        private_key = load_private_key(private_key)
    created = created or datetime.datetime.now(datetime.UTC)
    entries = []
    for name in sorted(files):
        _check_name(name)
        content = files[name]
        entries.append(
            {"name": name, "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        )
    manifest = {
        "format": FORMAT,
        "generator": generator,
        "created": _iso(created),
        "agreement": str(agreement),
        "expires": _iso(expires) if expires else None,
        "signing_key_fingerprint": fingerprint(private_key),
        "files": entries,
    }
    manifest_bytes = json.dumps(manifest, indent=2, ensure_ascii=False).encode() + b"\n"
    signature = private_key.sign(manifest_bytes)

    members = [(MANIFEST, manifest_bytes), (SIGNATURE, signature)]
    package = write_zip(members + [(name, files[name]) for name in sorted(files)], created)
    if recipient:
        if isinstance(recipient, str):
            recipient = parse_recipient(recipient)
        package = pyrage.encrypt(package, [recipient])
    return package


def write_zip(members, created):
    """A ZIP of ``members`` ([(name, bytes)]) in the one layout ``verify`` accepts."""
    stamp = created.astimezone(datetime.UTC).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.create_system = _UNIX
            info.external_attr = _ATTRIBUTES
            archive.writestr(info, content)
    return buffer.getvalue()


def _check_name(name):
    if (
        not name
        or name in (MANIFEST, SIGNATURE)
        or name.startswith("/")
        or "\\" in name
        or ".." in name.split("/")
    ):
        raise ValueError(f"{name!r} cannot be the name of a file in a package")


def _iso(moment):
    if isinstance(moment, datetime.datetime):
        return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")
    return moment.isoformat()


def is_encrypted(package):
    return package.startswith(AGE_MAGIC)


# --- verifying ----------------------------------------------------------------------------


def verify(package, public_key, identity=None):
    """Every problem of ``package`` (bytes), each naming the file and the check; empty when
    the package is intact and its manifest is signed by ``public_key`` (PEM or key object).
    ``identity`` (an age identity, or its text) opens an encrypted package."""
    try:
        public_key = load_public_key(public_key)
    except ValueError as exc:
        return [str(exc)]
    if is_encrypted(package):
        if identity is None:
            return [
                _(
                    "The package is encrypted with age: give the identity (the private key "
                    "that matches the age public key registered for the agreement) to open it."
                )
            ]
        try:
            if not isinstance(identity, pyrage.x25519.Identity):
                identity = parse_identity(identity)
        except ValueError as exc:
            return [str(exc)]
        try:
            package = pyrage.decrypt(package, [identity])
        except pyrage.DecryptError:
            return [
                _(
                    "The package cannot be decrypted with this identity: it was encrypted to "
                    "another age key, or the encrypted file was altered or cut short."
                )
            ]
    problems, entries = _read_zip(package)
    if entries is None:
        return problems
    return problems + _check_contents(entries, public_key)


class _Altered(Exception):
    pass


def _read_zip(package):
    """``(problems, [(name, bytes)])`` of a ZIP in the layout above; the list is ``None``
    when the ZIP cannot be read at all (the problems say why)."""
    try:
        return _read_zip_records(package)
    except _Altered as exc:
        return [str(exc)], None


def _read_zip_records(package):
    size = len(package)
    if size < _END.size or package[size - _END.size : size - _END.size + 4] != _END_SIGNATURE:
        raise _Altered(
            _(
                "The package is not a readable ZIP file: its end record is missing or altered "
                "(it was cut short, something was added after it, or it is not a ZIP)."
            )
        )
    end = _END.unpack_from(package, size - _END.size)
    _signature, disk, directory_disk, on_disk, count, directory_size, directory_at, comment = end
    directory_end = size - _END.size
    if (disk, directory_disk, comment) != (0, 0, 0) or on_disk != count:
        raise _Altered(_("The ZIP's end record was altered."))
    if directory_at + directory_size != directory_end:
        raise _Altered(_("The ZIP's end record and its directory disagree on where it lies."))

    problems = []
    directory = []
    position = directory_at
    for number in range(1, count + 1):
        if position + _CENTRAL.size > directory_end:
            raise _Altered(_("The ZIP's directory is shorter than its end record says."))
        fields = _CENTRAL.unpack_from(package, position)
        signature, made_by, system, needs, reserved, flags, method = fields[:7]
        time, date, crc, compressed, plain, name_length, extra, note = fields[7:15]
        disk_start, internal, external, offset = fields[15:]
        raw_name = package[position + _CENTRAL.size : position + _CENTRAL.size + name_length]
        name = raw_name.decode("utf-8", "replace") or f"#{number}"
        if signature != _CENTRAL_SIGNATURE:
            raise _Altered(
                _("The ZIP's directory entry %(n)s was altered (its signature).") % {"n": number}
            )
        expected = {
            _("version made by"): ((made_by, system), (_VERSION, _UNIX)),
            _("version needed"): ((needs, reserved), (_VERSION, 0)),
            _("flags"): (flags, 0),
            _("compression"): (method, zipfile.ZIP_STORED),
            _("sizes"): (compressed, plain),
            _("extra field"): (extra, 0),
            _("comment"): (note, 0),
            _("disk"): (disk_start, 0),
            _("attributes"): ((internal, external), (0, _ATTRIBUTES)),
        }
        for field, (actual, wanted) in expected.items():
            if actual != wanted:
                problems.append(_altered_entry(name, field))
        directory.append((name, raw_name, fields, offset))
        position += _CENTRAL.size + name_length + extra + note
    if position != directory_end:
        raise _Altered(_("The ZIP's directory is longer than its end record says."))

    entries = []
    position = 0
    for name, raw_name, fields, offset in directory:
        if offset != position or position + _LOCAL.size > directory_at:
            raise _Altered(
                _("%(name)s: the ZIP's directory does not point to where the file lies.")
                % {"name": name}
            )
        local = _LOCAL.unpack_from(package, position)
        start = position + _LOCAL.size + local[10] + local[11]
        if local[0] != _LOCAL_SIGNATURE:
            problems.append(_altered_entry(name, _("local header signature")))
        # The local header repeats the directory entry: version, flags, compression, time,
        # date, CRC-32, sizes, name length and extra length, in this order.
        copies = [_("version needed"), _("version needed"), _("flags"), _("compression")]
        copies += [_("time"), _("date"), "CRC-32", _("size"), _("size"), _("name")]
        copies += [_("extra field")]
        directory_copy = (fields[3], fields[4], *fields[5:14])
        for field, actual, wanted in zip(copies, local[1:], directory_copy, strict=True):
            if actual != wanted:
                problems.append(_disagree(name, field))
        if package[position + _LOCAL.size : position + _LOCAL.size + local[10]] != raw_name:
            problems.append(_disagree(name, _("name")))
        compressed, crc = fields[10], fields[9]
        content = package[start : start + compressed]
        if start + compressed > directory_at:
            raise _Altered(_("%(name)s: the file runs past the ZIP's directory.") % {"name": name})
        if zlib.crc32(content) != crc:
            problems.append(
                _("%(name)s: its bytes do not match the ZIP's CRC-32 (the file was altered).")
                % {"name": name}
            )
        entries.append((name, content))
        position = start + compressed
    if position != directory_at:
        problems.append(_("The ZIP holds unlisted bytes before its directory."))
    return problems, entries


def _altered_entry(name, field):
    return _("%(name)s: the ZIP's record of this file was altered (%(field)s).") % {
        "name": name,
        "field": field,
    }


def _disagree(name, field):
    return _(
        "%(name)s: the ZIP's local header and directory disagree (%(field)s): the ZIP was altered."
    ) % {"name": name, "field": field}


def _check_contents(entries, public_key):
    problems = []
    names = [name for name, _content in entries]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(_("%(name)s: appears more than once in the ZIP.") % {"name": name})
    contents = dict(entries)

    if MANIFEST not in names:
        return [*problems, _("%(name)s is missing from the package.") % {"name": MANIFEST}]
    manifest_bytes = contents.get(MANIFEST)
    if manifest_bytes is None:
        return problems  # unreadable, already said

    if SIGNATURE not in names:
        problems.append(_("%(name)s is missing from the package.") % {"name": SIGNATURE})
    elif SIGNATURE in contents:
        try:
            public_key.verify(contents[SIGNATURE], manifest_bytes)
        except InvalidSignature:
            problems.append(
                _(
                    "%(sig)s: the signature does not match %(manifest)s for this public key "
                    "(the manifest was altered, or it was signed with another key)."
                )
                % {"sig": SIGNATURE, "manifest": MANIFEST}
            )

    try:
        manifest = json.loads(manifest_bytes)
    except (ValueError, UnicodeDecodeError) as exc:
        return [
            *problems,
            _("%(name)s is not valid JSON (%(reason)s).") % {"name": MANIFEST, "reason": exc},
        ]
    entries = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(entries, list):
        return [*problems, _("%(name)s has no list of files.") % {"name": MANIFEST}]

    listed = set()
    for position, entry in enumerate(entries, start=1):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("name"), str)
            and isinstance(entry.get("sha256"), str)
            and isinstance(entry.get("size"), int)
        ):
            problems.append(
                _("%(manifest)s: entry %(n)s of the files has no name, sha256 and size.")
                % {"manifest": MANIFEST, "n": position}
            )
            continue
        name = entry["name"]
        listed.add(name)
        if name not in names:
            problems.append(
                _("%(name)s: listed in the manifest but missing from the package.") % {"name": name}
            )
            continue
        content = contents.get(name)
        if content is None:
            continue  # unreadable, already said
        if len(content) != entry["size"]:
            problems.append(
                _("%(name)s: size is %(actual)s bytes, the manifest says %(expected)s.")
                % {"name": name, "actual": len(content), "expected": entry["size"]}
            )
        digest = hashlib.sha256(content).hexdigest()
        if digest != entry["sha256"].lower():
            problems.append(
                _("%(name)s: SHA-256 is %(actual)s, the manifest says %(expected)s.")
                % {"name": name, "actual": digest, "expected": entry["sha256"]}
            )

    for name in sorted(set(names) - listed - {MANIFEST, SIGNATURE}):
        problems.append(
            _("%(name)s: in the package but not listed in the manifest.") % {"name": name}
        )
    return problems


def read_manifest(package, identity=None):
    """The manifest of a package as a dict (after decrypting it with ``identity``), for
    showing what a verified package holds; ``None`` when it cannot be read."""
    try:
        if is_encrypted(package):
            if identity is None:
                return None
            if not isinstance(identity, pyrage.x25519.Identity):
                identity = parse_identity(identity)
            package = pyrage.decrypt(package, [identity])
        with zipfile.ZipFile(io.BytesIO(package)) as archive:
            return json.loads(archive.read(MANIFEST))
    except (ValueError, KeyError, zipfile.BadZipFile, zlib.error, pyrage.DecryptError, OSError):
        return None
