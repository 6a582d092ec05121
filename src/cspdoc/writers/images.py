"""The pictures a report's image figures show: read through the file policy, decoded,
and made safe, the same way for every writer.

Step 1  ``load``: the figure's file, through ``assets.LocalFiles`` (report folder and
        templates folder only, checked again as the file is opened)
Step 2  decode it fully: a PNG, JPEG, GIF or WebP through Pillow, an SVG through the
        sanitiser (``svg.sanitise``); a file that is empty, truncated, not an image, or
        an SVG that does not parse is a ResourceError naming the file and the figure
Step 3  ``Picture.for_word``: what Word embeds, a PNG or JPEG (an SVG drawn by CairoSVG
        at ``WORD_DPI``, a WebP re-encoded), so an SVG figure works in every format

Nothing here reads the clock or the network: the same file gives the same bytes.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from cspdoc.errors import ResourceError
from cspdoc.model import Image, Report
from cspdoc.writers import svg
from cspdoc.writers.assets import LocalFiles

SVG = "image/svg+xml"
_RASTER = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif",
           "WEBP": "image/webp"}
WORD_DPI = 200  # an SVG drawn for Word: print quality at its printed width (as charts)
WORD_PIXELS = 25_000_000  # at most, so a very tall SVG cannot exhaust memory
WORD_SIDE = 32_000  # pixels on a side at most (cairo's own limit is 32,767)
TEXT_WIDTH_MM = 170  # when a figure gives no width: the text width of an A4 page


@dataclass(frozen=True)
class Picture:
    """A figure's image, decoded: ``data`` is what the PDF and the HTML page embed (a
    sanitised SVG, or the raster file as it is), ``mime`` its type."""

    figure: Image
    data: bytes
    mime: str

    def for_word(self) -> bytes:
        """A PNG or JPEG for Word (python-docx reads PNG, JPEG and GIF; every GIF and
        WebP becomes a PNG, so Word and LibreOffice show the same first frame)."""
        if self.mime == SVG:
            return _svg_png(self)
        if self.mime in ("image/png", "image/jpeg") and _word_reads(self.data):
            return self.data
        from PIL import Image as PILImage

        out = io.BytesIO()
        with PILImage.open(io.BytesIO(self.data)) as image:
            image.convert("RGBA").save(out, format="PNG")
        return out.getvalue()


def refused(image: Image, why: str) -> ResourceError:
    """A ResourceError naming the figure and its file, at the figure's report.yaml line."""
    number = f"Figure {image.number}, " if image.number is not None else ""
    return ResourceError(f"image {image.src!r} ({number}figure {image.id!r}): {why}",
                         image.where)


def load(image: Image, files: LocalFiles, base: Path) -> Picture:
    """Steps 1-2 for one figure with a ``src``."""
    src = image.src or ""
    path = files.local(src, base, image.where)
    data = files.read_path(path, src, image.where)
    if not data:
        raise refused(image, "the file is empty")
    if data.lstrip()[:1] == b"<":
        try:
            return Picture(image, svg.sanitise(data), SVG)
        except svg.SvgRefused as error:
            raise refused(image, f"the SVG cannot be used: {error}") from None
    return Picture(image, data, _decode(image, data))


def pictures(report: Report, files: LocalFiles, base: Path) -> Iterator[Picture]:
    """Every image figure's picture, in document order (an unavailable image has none)."""
    for figure in report.figures():
        if isinstance(figure, Image) and figure.src is not None:
            yield load(figure, files, base)


def _decode(image: Image, data: bytes) -> str:
    """The MIME type of a raster image that Pillow decodes to its last pixel."""
    from PIL import Image as PILImage
    from PIL import ImageFile, UnidentifiedImageError

    truncated_ok = ImageFile.LOAD_TRUNCATED_IMAGES  # WeasyPrint sets it when imported
    try:
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as decoded:
                kind = decoded.format or ""
                decoded.load()
    except UnidentifiedImageError:
        raise refused(image, "the file is not an image cspdoc can read (a PNG, JPEG, GIF, "
                             "WebP or SVG)") from None
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        raise refused(image, f"the image has more than {PILImage.MAX_IMAGE_PIXELS:,} "
                             "pixels") from None
    except (OSError, ValueError, SyntaxError) as error:  # truncated or corrupt
        raise refused(image, f"the image cannot be decoded ({error})") from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = truncated_ok
    if kind not in _RASTER:
        raise refused(image, f"a {kind} image cannot be used: give a PNG, JPEG, GIF, WebP "
                             "or SVG")
    return _RASTER[kind]


def _word_reads(data: bytes) -> bool:
    from docx.image.image import Image as DocxImage

    try:
        DocxImage.from_blob(data)
    except Exception:  # python-docx's header parsers raise assorted errors
        return False
    return True


def _svg_png(picture: Picture) -> bytes:
    """An SVG drawn as a PNG at WORD_DPI for its printed width (fewer pixels for one so
    tall or wide it would pass WORD_PIXELS or WORD_SIDE)."""
    import cairosvg

    width_mm = picture.figure.width_mm or TEXT_WIDTH_MM
    width = int(Fraction(width_mm) / Fraction(254, 10) * WORD_DPI)
    ratio = svg.aspect(picture.data)
    if ratio is None:
        raise refused(picture.figure, "the SVG does not give its size: add a viewBox, or "
                                      "width and height, to its <svg> element")
    if width * width * ratio > WORD_PIXELS:
        width = int((WORD_PIXELS / ratio) ** Fraction(1, 2))
    width = max(min(width, int(WORD_SIDE / ratio), WORD_SIDE), 1)
    try:
        return bytes(cairosvg.svg2png(bytestring=picture.data, output_width=width,
                                      unsafe=False))
    except Exception as error:  # CairoSVG's errors are assorted
        raise refused(picture.figure, f"the SVG cannot be drawn ({error})") from None
