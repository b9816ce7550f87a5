"""Check a share package: its signature and every file's hash and size."""

from django.core.management.base import BaseCommand, CommandError, no_translations

from coalition.lib import sharepack
from coalition.lib.commands import read_bytes

# A package holds a few statistics tables: anything much larger is not one of ours.
MAX_BYTES = 512 * 2**20


class Command(BaseCommand):
    help = (
        "Check a share package: the Ed25519 signature of its manifest and the SHA-256 and "
        "size of every file. Prints OK and exits 0, or says exactly what is wrong and exits 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("package", help="The package file (.zip, or .zip.age when encrypted).")
        parser.add_argument(
            "--public-key",
            metavar="FILE",
            help="The coalition's public key (PEM), as published on the sharing page. "
            "Default: this server's own key.",
        )
        parser.add_argument(
            "--identity",
            metavar="FILE",
            help="The partner's age identity (the key file of age-keygen), to open an "
            "encrypted package.",
        )

    # The command's own messages are English: so are the problems it relays.
    @no_translations
    def handle(self, *args, package, public_key=None, identity=None, **options):
        content = read_bytes(package, MAX_BYTES)
        if public_key:
            key = read_bytes(public_key, 64 * 1024)
        else:
            key = sharepack.public_key_pem(sharepack.signing_key())
        identity_text = read_bytes(identity, 64 * 1024) if identity else None
        problems = sharepack.verify(content, key, identity_text)
        if problems:
            lines = "\n  ".join(problems)
            raise CommandError(f"{package}: NOT VERIFIED, {len(problems)} problem(s):\n  {lines}")
        manifest = sharepack.read_manifest(content, identity_text) or {}
        names = ", ".join(entry["name"] for entry in manifest.get("files", []))
        self.stdout.write(
            f"OK: {package} is intact and signed by the key {sharepack.fingerprint(key)}.\n"
            f"Agreement {manifest.get('agreement') or '-'}, generated {manifest.get('created')}, "
            f"{len(manifest.get('files', []))} file(s): {names}."
        )
