"""writers/images.py: every writer reads an image figure through the file policy, decodes
it, and refuses one it cannot decode naming the file and the figure; an SVG figure is
sanitised and reaches Word as a PNG."""

from __future__ import annotations

import base64
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from docx import Document
from PIL import Image as PILImage
from pypdf import PdfReader

import cspdoc
from cspdoc.errors import ResourceError
from cspdoc.model import Image, Text
from cspdoc.pipeline import prepare
from cspdoc.writers.docx import write_docx
from cspdoc.writers.html import write_html
from cspdoc.writers.pdf import write_pdf
from tests.conftest import MINIMAL_YAML, MakeReport
from tests.end_to_end.test_build import cspdoc as run_cli

IMAGE_YAML = MINIMAL_YAML.split("figures:")[0] + """\
figures:
  asb-wards:
    type: image
    src: images/asb-wards.{ext}
    caption: ASB incidents by ward, April to December 2024
    alt: Bar chart of ASB incidents in three wards; St Bartholomew has the most.
sections:
  - title: Anti-social behaviour
    content:
      - figure: asb-wards
"""

# An SVG as a charting tool exports one: an external DOCTYPE, a comment, a viewBox.
SVG_CHART = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"
  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<!-- exported by the partnership's charting tool -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200" width="400" height="200">
  <rect x="20" y="40" width="80" height="140" fill="#1d3c6e"/>
  <rect x="160" y="100" width="80" height="80" fill="#4f86c6"/>
  <rect x="300" y="130" width="80" height="50" fill="#b35900"/>
  <text x="20" y="30" font-family="Liberation Sans" font-size="16"
        text-anchor="start">Bartholomew 412</text>
</svg>
"""


def image_yaml(ext: str) -> str:
    return IMAGE_YAML.replace("{ext}", ext)


def png(width: int = 40, height: int = 20, fmt: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), (29, 60, 110)).save(buffer, format=fmt)
    return buffer.getvalue()


def svg_report(make_report: MakeReport, data: bytes = SVG_CHART, ext: str = "svg") -> Path:
    return make_report(image_yaml(ext), {f"images/asb-wards.{ext}": data})


UNDECODABLE = {
    "empty": (b"", "png", "the file is empty"),
    "truncated": (png()[:60], "png", "cannot be decoded"),
    "not an image": (b"ward,incidents\nBartholomew,412\n", "png",
                     "not an image cspdoc can read"),
    "svg that does not parse": (b"<svg xmlns='http://www.w3.org/2000/svg'><rect>",
                                "svg", "does not parse as XML"),
    "bmp": (png(fmt="BMP"), "bmp", "a BMP image cannot be used"),
}


def _write(fmt: str, report, folder: Path, out: Path) -> None:
    writer = {"docx": write_docx, "pdf": write_pdf, "html": write_html}[fmt]
    if fmt == "docx":
        write_docx(report, out, report_dir=folder)
    else:
        writer(report, out, folder)


class DescribeAnImageThatCannotBeDecoded:
    @pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
    @pytest.mark.parametrize("case", sorted(UNDECODABLE))
    def it_is_an_error_naming_the_file_and_figure_in_every_writer(
            self, make_report: MakeReport, tmp_path: Path, case: str, fmt: str):
        data, ext, why = UNDECODABLE[case]
        folder = make_report(image_yaml(ext), {f"images/asb-wards.{ext}": data})
        report = prepare(folder).report
        out = tmp_path / f"paper.{fmt}"
        with pytest.raises(ResourceError) as caught:
            _write(fmt, report, folder, out)
        message = caught.value.line()
        assert message.startswith("report.yaml:11: ")  # the figure's definition
        assert f"images/asb-wards.{ext}" in message and "figure 'asb-wards'" in message
        assert "Figure 1" in message and why in message
        assert not out.exists()

    def it_exits_2_from_the_cli_leaving_nothing_written(self, make_report: MakeReport,
                                                        tmp_path: Path):
        folder = make_report(image_yaml("png"), {"images/asb-wards.png": b""})
        out = tmp_path / "out"
        done = run_cli("build", str(folder), "--out", str(out))
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == (
            f"{folder}/report.yaml:11: figures.asb-wards: image 'images/asb-wards.png' "
            "(Figure 1, figure 'asb-wards'): the file is empty")
        assert not out.exists() or not any(out.rglob("*"))

    def it_stops_the_pdf_when_weasyprint_cannot_draw_an_image(self, make_report, tmp_path,
                                                             monkeypatch):
        """WeasyPrint only logs an image it cannot load and prints the page without it;
        cspdoc decodes every image first, and treats such a log line as an error too."""
        from cspdoc.writers import images

        folder = svg_report(make_report, png(), "png")
        report = prepare(folder).report
        broken = [images.Picture(next(iter(report.figures())), b"\x89PNG garbage",  # type: ignore[arg-type]
                                 "image/png")]
        monkeypatch.setattr(images, "pictures", lambda *args: iter(broken))
        with pytest.raises(ResourceError, match="WeasyPrint cannot draw it in the PDF"):
            write_pdf(report, tmp_path / "x.pdf", folder)


class DescribeTheFilePolicy:
    @pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
    def it_refuses_an_image_swapped_for_a_symlink_after_reading(
            self, make_report: MakeReport, tmp_path: Path, fmt: str):
        folder = svg_report(make_report, png(), "png")
        report = prepare(folder).report
        outside = tmp_path / "elsewhere.png"
        outside.write_bytes(png(7, 7))
        image = folder / "images" / "asb-wards.png"
        image.unlink()
        image.symlink_to(outside)
        with pytest.raises(ResourceError, match="outside the report folder"):
            _write(fmt, report, folder, tmp_path / f"x.{fmt}")

    def it_checks_the_file_as_opened_not_only_as_named(self, make_report, tmp_path):
        """A swap between the check and the read: the opened file is checked again."""
        from cspdoc.writers.assets import LocalFiles

        folder = svg_report(make_report, png(), "png")
        files = LocalFiles([folder])
        path = files.local("images/asb-wards.png", folder)
        outside = tmp_path / "elsewhere.png"
        outside.write_bytes(png(7, 7))
        path.unlink()
        path.symlink_to(outside)
        with pytest.raises(ResourceError, match="outside the report folder"):
            files.read_path(path, "images/asb-wards.png")

    def it_refuses_a_fifo_without_hanging(self, make_report, tmp_path):
        folder = svg_report(make_report, png(), "png")
        report = prepare(folder).report
        image = folder / "images" / "asb-wards.png"
        image.unlink()
        os.mkfifo(image)
        with pytest.raises(ResourceError, match="not a regular file"):
            write_docx(report, tmp_path / "x.docx", report_dir=folder)

    @pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
    def it_applies_the_report_folder_rule_through_the_python_api(
            self, make_report: MakeReport, tmp_path: Path, fmt: str, monkeypatch):
        outside = tmp_path / "secret" / "logo.png"
        outside.parent.mkdir()
        outside.write_bytes(png())
        report = prepare(make_report()).report
        image = Image(id="logo", caption=(Text(text="Logo"),), alt="The logo",
                      src=str(outside), number=2)
        section = report.sections[0].rebuilt(blocks=(*report.sections[0].blocks, image))
        report = report.rebuilt(sections=(section,))
        monkeypatch.chdir(tmp_path / "secret")  # not even the current folder's own file
        work = tmp_path / "work"
        work.mkdir()
        monkeypatch.chdir(work)
        with pytest.raises(ResourceError, match="outside the report folder"):
            _write(fmt, report, None, tmp_path / f"x.{fmt}")  # type: ignore[arg-type]
        with pytest.raises(ResourceError, match="outside the report folder"):
            cspdoc.build(report, tmp_path / "out", formats=[fmt])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The minimal report with an SVG figure, built as DOCX, PDF and HTML by the CLI."""
    from tests.conftest import MINIMAL_FILES

    folder = tmp_path_factory.mktemp("svg") / "report"
    for rel, text in MINIMAL_FILES.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    (folder / "images").mkdir()
    (folder / "images" / "asb-wards.svg").write_bytes(SVG_CHART)
    (folder / "report.yaml").write_text(image_yaml("svg"), encoding="utf-8")
    out = folder.parent / "out"
    done = run_cli("build", str(folder), "--out", str(out), "--format", "docx",
                   "--format", "pdf", "--format", "html")
    assert done.returncode == 0, done.stderr
    return out / "test-report" / "draft"


class DescribeAnSvgFigure:

    def it_gives_word_a_png_drawing_of_it_at_print_resolution(self, built: Path):
        path = built / "test-report-v1.0.docx"
        with zipfile.ZipFile(path) as docx:
            media = [n for n in docx.namelist() if n.startswith("word/media/")]
            assert len(media) == 1 and media[0].endswith(".png")
            with PILImage.open(io.BytesIO(docx.read(media[0]))) as picture:
                assert picture.size == (1338, 669)  # 170 mm at 200 dpi, the SVG's 2:1
                # the first bar's blue, drawn where the SVG puts it
                assert picture.convert("RGB").getpixel((200, 500)) == (29, 60, 110)
        doc = Document(str(path))
        assert "Figure 1 ASB incidents by ward, April to December 2024" in [
            p.text for p in doc.paragraphs]

    def it_draws_it_in_the_pdf(self, built: Path):
        reader = PdfReader(str(built / "test-report-v1.0.pdf"))
        assert "Bartholomew 412" in reader.pages[0].extract_text()

    def it_embeds_it_sanitised_in_the_html_page(self, built: Path):
        page = (built / "test-report-v1.0.html").read_text(encoding="utf-8")
        data = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
        svg = base64.b64decode(data[1])
        assert b"<!DOCTYPE" not in svg and b"<!--" not in svg and b"svg11.dtd" not in svg
        assert b'<rect x="20" y="40" width="80" height="140" fill="#1d3c6e"/>' in svg

    @pytest.mark.parametrize(("svg", "why"), [
        (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY ward "Bartholomew">]>'
         b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
         b'<text>&ward;</text></svg>', "declares a DTD of its own"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/'
         b'xlink" viewBox="0 0 10 10"><image xlink:href="https://example.org/map.png" '
         b'width="10" height="10"/></svg>', "refers to 'https://example.org/map.png'"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><image '
         b'href="file:///etc/hostname" width="10" height="10"/></svg>',
         "refers to 'file:///etc/hostname'"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" '
         b'height="10" style="fill: url(http://example.org/p.svg#g)"/></svg>',
         "style attribute refers to"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>@import '
         b'url(wards.css);</style></svg>', "@import"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><foreignObject>'
         b'<p xmlns="http://www.w3.org/1999/xhtml">Hi</p></foreignObject></svg>',
         "foreignObject"),
        (b'<html><body>not an svg</body></html>', "not an SVG image"),
    ])
    @pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
    def it_refuses_one_with_entities_or_external_references(
            self, make_report: MakeReport, tmp_path: Path, svg: bytes, why: str, fmt: str):
        folder = svg_report(make_report, svg)
        report = prepare(folder).report
        with pytest.raises(ResourceError) as caught:
            _write(fmt, report, folder, tmp_path / f"x.{fmt}")
        assert why in caught.value.message and "the SVG cannot be used" in \
            caught.value.message
        assert "images/asb-wards.svg" in caught.value.message

    def it_removes_scripts_and_event_handlers_that_draw_nothing(self, make_report,
                                                                tmp_path):
        hostile = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" '
                   b'onload="alert(1)"><script>alert(2)</script><a href="javascript:x()">'
                   b'<rect width="10" height="10" onclick="y()" fill="url(#g)"/></a>'
                   b'<set attributeName="fill" to="red"/></svg>')
        folder = svg_report(make_report, hostile)
        path = tmp_path / "page.html"
        write_html(prepare(folder).report, path, folder)
        data = re.search(r'data:image/svg\+xml;base64,([^"]+)"', path.read_text("utf-8"))
        svg = base64.b64decode(data[1])
        for gone in (b"alert", b"onload", b"onclick", b"javascript", b"<script", b"<set"):
            assert gone not in svg, gone
        assert b'fill="url(#g)"' in svg and b"<rect" in svg

    def it_refuses_an_svg_without_a_size_for_word(self, make_report, tmp_path):
        folder = svg_report(make_report, b'<svg xmlns="http://www.w3.org/2000/svg">'
                                         b'<rect width="10" height="10"/></svg>')
        with pytest.raises(ResourceError, match="does not give its size"):
            write_docx(prepare(folder).report, tmp_path / "x.docx", report_dir=folder)

    def it_draws_a_very_tall_svg_within_the_pixel_bound(self, make_report, tmp_path):
        folder = svg_report(make_report, b'<svg xmlns="http://www.w3.org/2000/svg" '
                                         b'viewBox="0 0 1 400"><rect width="1" '
                                         b'height="400" fill="#1d3c6e"/></svg>')
        path = tmp_path / "x.docx"
        write_docx(prepare(folder).report, path, report_dir=folder)
        with zipfile.ZipFile(path) as docx:
            media = next(n for n in docx.namelist() if n.startswith("word/media/"))
            with PILImage.open(io.BytesIO(docx.read(media))) as picture:
                assert picture.width * picture.height <= 25_000_000
                assert picture.height == 400 * picture.width <= 32_000


class DescribeRasterImagesInWord:
    def it_reencodes_a_webp_as_png_for_word(self, make_report, tmp_path):
        folder = svg_report(make_report, png(30, 10, "WEBP"), "webp")
        path = tmp_path / "x.docx"
        write_docx(prepare(folder).report, path, report_dir=folder)
        with zipfile.ZipFile(path) as docx:
            media = [n for n in docx.namelist() if n.startswith("word/media/")]
            assert len(media) == 1 and docx.read(media[0]).startswith(b"\x89PNG")
