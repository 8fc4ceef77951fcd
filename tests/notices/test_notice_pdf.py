"""The published PDF checked as a person would: its pages render to images (pdftoppm), its
text layer shows the names masked and never whole (pdftotext), and the CJK font is embedded
(pdffonts)."""
import subprocess

from tests.notices.conftest import notice_of


def _published_pdf(march, publish, tmp_path):
    notice = publish(notice_of("T01"))
    path = tmp_path / "notice.pdf"
    path.write_bytes(bytes(notice.pdf))
    return notice, path


def test_pages_render_to_images(march, publish, tmp_path):
    _notice, path = _published_pdf(march, publish, tmp_path)
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(path), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 1
    assert all(page.read_bytes().startswith(b"\x89PNG") and page.stat().st_size > 5000
               for page in pages)


def test_text_layer_has_masked_names_only(march, publish, tmp_path):
    _notice, path = _published_pdf(march, publish, tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    for masked in ("张*", "李*", "木*", "司*光", "诸**明"):
        assert masked in text
    for whole in ("张伟", "李娜", "司马光", "诸葛孔明"):
        assert whole not in text
    assert "东河镇卫生院" in text and "东河镇1村" in text


def test_one_cjk_font_face_is_embedded(march, publish, tmp_path):
    """The whole notice is printed in one face, embedded: each further CJK face costs tens
    of MB while rendering (bench/notices.py)."""
    _notice, path = _published_pdf(march, publish, tmp_path)
    fonts = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True,
                           text=True).stdout.splitlines()[2:]
    assert [line.split()[0].split("+")[1] for line in fonts] == ["Noto-Sans-Mono-CJK-SC"]
    # pdffonts columns: name type encoding emb sub uni object ID
    assert all(line.split()[-5] == "yes" for line in fonts)
