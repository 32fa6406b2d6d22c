"""Download public corpora: SaudiNewsNet's release zips and the ANT corpus, checked against known SHA-256 sums.

``khabar corpus fetch saudinewsnet`` puts the 18 zips of
github.com/inparallel/SaudiNewsNet (``dataset/<date>.zip``) into ``corpus/raw/``.
A file already there with the right checksum is not downloaded again; a
download is written to a temporary file and renamed only once its checksum is
right, so a broken or tampered download never sits where a good one should.

``khabar corpus fetch antcorpus`` puts the ANT corpus v1.1
(github.com/antcorpus/antcorpus.data, Jawhara FM, Apache-2.0) into
``corpus/raw/antcorpus.data-master.zip``: the repository as one zip, one
TREC/CLEF ``<DOC>`` file per article, which ``khabar corpus import`` reads as it is.

``khabar corpus fetch newsfane`` puts NewsFANE Gold (Alotaibi and Lee 2014, CC BY-SA 3.0:
ANERcorp's news text re-annotated with fine-grained entity types) into ``corpus/raw/`` and
writes ``newsfane.conll`` beside it: the same sentences in the project's labels and clitic
conventions (:mod:`khabar.gold.formats.fane`), ready for ``khabar train entities
ANERCorp.train.txt corpus/raw/newsfane.conll``. Its authors published it on their university
page (www.cs.bham.ac.uk/~fsa081/), outside GitHub; the URL here is a copy kept in a public GitHub
repository, pinned to one commit and checked against its SHA-256 (``--url`` takes another copy).
"""

from __future__ import annotations

import hashlib
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path

from ..errors import ConfigError, InputError
from ..io import atomic_write, sha256_of

__all__ = ["SAUDINEWSNET_URL", "SAUDINEWSNET_SHA256", "ANTCORPUS_URL", "ANTCORPUS_SHA256", "NEWSFANE_URL",
           "NEWSFANE_SHA256", "Fetched", "fetch_saudinewsnet", "fetch_antcorpus", "fetch_newsfane", "sha256_of",
           "CORPORA"]

#: Where the release zips live; ``{date}`` is the day of the zip.
SAUDINEWSNET_URL = "https://github.com/inparallel/SaudiNewsNet/raw/master/dataset/{date}.zip"

#: SHA-256 of each zip of the public release (31,030 articles), as published on GitHub.
SAUDINEWSNET_SHA256: dict[str, str] = {
    "2015-07-21": "7a413b5e1548ad38ca756cdf33c2d5aca1e2c7772a8b8b15679d771f5f6ba29c",
    "2015-07-22": "09156f62f372b14e37c8bd0fd44eab3a9e1184d9ed96c2891174f3ee9534052f",
    "2015-07-23": "41a805d15e45fc8919d6ec6f3a577798a778568ce668224091ac434820ae8858",
    "2015-07-24": "844ceef1647ca7a3ef843e5c33959e36c538a49697739da15e2227877ad1ba99",
    "2015-07-25": "62fb91f52d3b93dc8f89845e8c23e2650b1f8fe10e0c60378da8a2ad24b81911",
    "2015-07-26": "53d360aa514cc6ca436899f7aeb5bb5f6ee2fc58a3ef40bad243b62c2c88cde2",
    "2015-07-27": "b4fe93e9015451d4648146940f6e8e3bf643330ecbbc666b3ad430b995ddad0a",
    "2015-07-31": "d4933c2c06090dc70796f44af5d8e59f4a45f0c0a13d5a1841a76b935615c26a",
    "2015-08-01": "c4330bd9d685aa8fe1c70171c2c3e265dd5a21f5109c10ca8e3d0a92a81b2354",
    "2015-08-02": "b8cfb39bf0ea66ed282a8f88b5deefd0cf234ff8a57f763621f333b5f7be5c9b",
    "2015-08-03": "c17a6e0eedc6c30d30fdfb9c3a86c42670ee893c23fe2096f5cb5f2ffc18fcd6",
    "2015-08-04": "a0b7a5e4da847133bd0e943012299e867102c9572529574636976dafb6a03c69",
    "2015-08-06": "b731d37ae21ae14bc43660ed6679bdabc7d036796989f5750a55d990b1881dc8",
    "2015-08-07": "6ae3fbb6387038c0fa174c35a2d37dbb8b29f656a56866ca22ca50254809514f",
    "2015-08-08": "880c650edd04155a888d8d6b81d873b2742ac91e08429acd9fcdd41d733d29af",
    "2015-08-09": "fa9302785d72810263d6d14e2fe7cb8f7ba19e72426740b8b86a33b8d06a420f",
    "2015-08-10": "616411ca4b63fa255089f3cafd196cded1cf69c4e5dd7adefc9d446070e0370c",
    "2015-08-11": "7d3362d4fd07ec2194af70e79745a20ccbcfa57033267615591c2f9dcf40d2ec",
}

#: The ANT corpus repository as one zip (GitHub's archive of the master branch).
ANTCORPUS_URL = "https://github.com/antcorpus/antcorpus.data/archive/refs/heads/master.zip"
#: The file name it is saved under (the name GitHub gives the archive).
ANTCORPUS_FILE = "antcorpus.data-master.zip"
#: SHA-256 of that zip as this project checked it (10,161 articles; ``../shared/data/antcorpus``).
#: GitHub builds archives on request: should it ever build different bytes, the download is refused
#: (E120) and ``--url`` can point at a copy known to be good.
ANTCORPUS_SHA256 = "4c8fab8b81e99d449ef367bcdcfdd23ae69629e27f0602a736e4251b810faa48"

#: NewsFANE Gold as kept in github.com/bvanaken/visbert (``data/Finegrained``), at the commit that added it.
NEWSFANE_URL = ("https://raw.githubusercontent.com/bvanaken/visbert/8c0f4a8b8eb821dca6d947206c3e3cbad9cda693/"
                "data/Finegrained/WikiFANE_2014_Gold_standard/NewsFANE_Gold_2014_170K.txt")
NEWSFANE_FILE = "NewsFANE_Gold_2014_170K.txt"
NEWSFANE_SHA256 = "448b4e7695ce6129c2c5cdd7d460f9eb43319e651f875b1ffbdbe40f8c70480b"
#: The converted file, in the project's labels (what training reads).
NEWSFANE_CONLL = "newsfane.conll"

#: Corpora ``khabar corpus fetch`` knows.
CORPORA: tuple[str, ...] = ("saudinewsnet", "antcorpus", "newsfane")

_TIMEOUT_S = 60


@dataclass(frozen=True, slots=True)
class Fetched:
    """One file: where it is, and whether it was ``"downloaded"`` or ``"present"`` already."""

    path: Path
    status: str


def fetch_saudinewsnet(
    dest: str | PathLike[str] = "corpus/raw",
    *,
    url: str = SAUDINEWSNET_URL,
    dates: Iterable[str] | None = None,
    on_file: Callable[[Fetched], None] | None = None,
) -> list[Fetched]:
    """Download the SaudiNewsNet zips (all, or those of ``dates``) into ``dest``, checking each SHA-256.

    ``url`` is a pattern with ``{date}``; point it at a mirror (or a local test
    server). Raises :class:`InputError` (E120) when a download's checksum is
    wrong, :class:`ConfigError` (E121) when the server cannot be reached.
    """
    target = Path(dest)
    chosen = list(SAUDINEWSNET_SHA256) if dates is None else list(dates)
    unknown = [d for d in chosen if d not in SAUDINEWSNET_SHA256]
    if unknown:
        raise InputError("E122", f"no SaudiNewsNet zip for {', '.join(unknown)}; "
                         f"the release has {', '.join(SAUDINEWSNET_SHA256)}", field="dates")
    results = []
    for date in chosen:
        expected = SAUDINEWSNET_SHA256[date]
        results.append(_fetch_file(target / f"{date}.zip", url.format(date=date), expected, on_file))
    return results


def fetch_antcorpus(
    dest: str | PathLike[str] = "corpus/raw",
    *,
    url: str = ANTCORPUS_URL,
    on_file: Callable[[Fetched], None] | None = None,
) -> list[Fetched]:
    """Download the ANT corpus zip into ``dest`` unless it is there with the right SHA-256.

    Errors as :func:`fetch_saudinewsnet`: E120 for a wrong checksum (nothing is
    written), E121 when the server cannot be reached.
    """
    return [_fetch_file(Path(dest) / ANTCORPUS_FILE, url, ANTCORPUS_SHA256, on_file)]


def fetch_newsfane(
    dest: str | PathLike[str] = "corpus/raw",
    *,
    url: str = NEWSFANE_URL,
    on_file: Callable[[Fetched], None] | None = None,
) -> list[Fetched]:
    """Download NewsFANE Gold into ``dest`` unless it is there with the right SHA-256, then write ``newsfane.conll``.

    The conversion (:func:`khabar.gold.formats.fane.convert_fane`) runs every
    time: it takes about a second, and a file of an older khabar is replaced.
    Errors as :func:`fetch_saudinewsnet`.
    """
    from ..gold.formats.fane import convert_fane

    original = _fetch_file(Path(dest) / NEWSFANE_FILE, url, NEWSFANE_SHA256, on_file)
    conll = Path(dest) / NEWSFANE_CONLL
    convert_fane(original.path, conll)
    converted = Fetched(conll, "converted")
    if on_file is not None:
        on_file(converted)
    return [original, converted]


def _fetch_file(
    path: Path, url: str, expected: str, on_file: Callable[[Fetched], None] | None
) -> Fetched:
    """``path``, downloaded from ``url`` unless it is there with the ``expected`` SHA-256; ``on_file`` is told."""
    if path.exists() and sha256_of(path) == expected:
        result = Fetched(path, "present")
    else:
        _download(url, path, expected)
        result = Fetched(path, "downloaded")
    if on_file is not None:
        on_file(result)
    return result


def _download(url: str, path: Path, expected: str) -> None:
    digest = hashlib.sha256()

    class _BadChecksum(Exception):
        pass

    try:
        with urllib.request.urlopen(url, timeout=_TIMEOUT_S) as response, atomic_write(path, "wb") as out:
            while block := response.read(1 << 20):
                digest.update(block)
                out.write(block)
            if digest.hexdigest() != expected:
                raise _BadChecksum  # inside atomic_write: the temporary file is removed, nothing is renamed
    except _BadChecksum:
        raise InputError("E120", f"checksum mismatch for {url}: got sha256 {digest.hexdigest()}, "
                         f"expected {expected}; nothing was written", path=path) from None
    except urllib.error.HTTPError as exc:
        raise ConfigError("E121", f"cannot download {url} (HTTP {exc.code} {exc.reason})", path=path) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        raise ConfigError("E121", f"cannot download {url} ({getattr(exc, 'reason', exc)})", path=path) from None
