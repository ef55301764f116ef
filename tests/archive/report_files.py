"""The files the report-reading tests read: the two source reports as their text and as PDFs
made from that text (devtools.report_pdf: an embedded CJK font, a running header, page
numbers, the roster as a ruled table), and files made to be refused."""

import functools
import io
from pathlib import Path

from PIL import Image, ImageDraw
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from devtools.report_pdf import PAGE_BREAK, Table, blocks_from_text, chromium_pdf, report_pdf

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
REPORT_2016 = SOURCES / "000_462c873e76c2ee97.txt"
REPORT_2023 = SOURCES / "002_fae09a33d9b9a563.txt"
# The running header the made PDFs print on every page.
HEADER = "行政院所屬各機關出國報告"


def source_text(path):
    return path.read_text(encoding="utf-8")


@functools.cache
def source_pdf(path):
    """The PDF of a source report's text."""
    return report_pdf(blocks_from_text(source_text(path)), header=HEADER)


@functools.cache
def chromium_source_pdf(path):
    """The PDF Chromium prints of a source report's text (Noto CJK, Chromium's header and footer)."""
    return chromium_pdf(blocks_from_text(source_text(path)), title=HEADER)


def text_pdf(text):
    """A PDF of any text laid out as the source reports are."""
    return report_pdf(blocks_from_text(text), header=HEADER)


def encrypted(pdf, password="secret"):
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_only_pdf():
    """A scanned report: each page one picture, no text layer."""
    picture = Image.new("RGB", (600, 800), "white")
    draw = ImageDraw.Draw(picture)
    for y in range(60, 760, 30):
        draw.rectangle((60, y, 540, y + 12), fill="black")
    stream = io.BytesIO()
    picture.save(stream, format="PNG")
    stream.seek(0)
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4)
    for _page in range(3):
        stream.seek(0)
        page.drawImage(ImageReader(stream), 40, 40, width=515, height=760)
        page.showPage()
    page.save()
    return out.getvalue()


def inflating_pdf(size):
    """A PDF of one page whose content stream, a few KB in the file, inflates to `size` bytes:
    a "PDF bomb" of content."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    content = DecodedStreamObject()
    content.set_data(b"q Q " * (size // 4))
    page.replace_contents(content.flate_encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def blank_pages_pdf(pages):
    """A PDF of `pages` blank pages: a "PDF bomb" of pages, small on disk."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    for _page in range(pages - 1):
        writer.add_page(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# A report laid out differently from the source reports: a cover with spaced labels and an
# English title, an ROC year-and-month report date, no 提要 and no 系統識別號, a 目次 with dot
# leaders, and a roster (出國人員名單) whose columns are 姓名, 職稱, 服務機關, 單位, 電話 (no 序號)
# that runs over two pages without repeating its header.
OTHER_ROSTER = [
    ("王大明", "司長", "數位發展部", "數位政府司", "02-23800001"),
    ("李小華", "科長", "數位發展部", "數位政府司", "02-23800002"),
    ("陳志豪", "專員", "數位發展部", "資源管理司", ""),
    ("林怡君", "副處長", "國家發展委員會", "資訊管理處", "02-2316-5300"),
    ("張家瑋", "分析師", "國家發展委員會", "資訊管理處", ""),
    ("黃淑芬", "簡任技正", "內政部", "資訊中心", ""),
    ("吳冠廷", "科長", "內政部", "戶政司", ""),
    ("劉雅婷", "研究員", "行政院", "主計總處", ""),
    ("蔡明哲", "參事", "行政院", "法規會", ""),
    ("鄭佳穎", "技正", "衛生福利部", "資訊處", ""),
    ("謝宗翰", "專門委員", "衛生福利部", "資訊處", ""),
    ("許雅雯", "科員", "財政部", "財政資訊中心", ""),
    ("郭俊宏", "組長", "財政部", "財政資訊中心", ""),
    ("洪淑娟", "副組長", "經濟部", "商業發展署", ""),
    ("曾國峰", "專員", "經濟部", "商業發展署", ""),
    ("邱美玲", "視察", "勞動部", "勞動力發展署", ""),
    ("廖志明", "技士", "交通部", "公路局", ""),
    ("賴怡萱", "秘書", "交通部", "觀光署", ""),
    ("周建宏", "處長", "臺北市政府", "資訊局", ""),
    ("徐婉婷", "科長", "臺北市政府", "資訊局", ""),
    ("孫偉倫", "主任", "新北市政府", "研究發展考核委員會", ""),
    ("馬嘉欣", "研究員", "中央研究院", "資訊科學研究所", ""),
    ("朱文傑", "副研究員", "中央研究院", "資訊科學研究所", ""),
    ("胡靜怡", "專案經理", "財團法人資訊工業策進會", "數位轉型研究院", ""),
    ("Alice Wang", "Program Officer", "Open Culture Foundation", "", ""),
    ("高志遠", "執行長", "台灣資料協會", "", ""),
    ("簡秀琴", "秘書長", "公民參與協會", "", ""),
    ("潘家豪", "理事", "公民參與協會", "", ""),
]
OTHER_RECOMMENDATIONS = [
    "建立跨機關資料治理協調機制，由數位發展部統籌各機關資料標準與交換格式。",
    "參考日本數位廳之做法，推動政府服務單一入口，以使用者需求為中心設計線上服務。",
    "持續與韓國行政安全部交流開放資料品質評核經驗，提升我國政府資料開放之可用性。",
]
_PARAGRAPH = (
    "本次考察聚焦於數位治理與開放資料政策，透過拜會主管機關、參與座談及實地參訪，瞭解各國推動"
    "政府數位轉型之組織設計、法制基礎與執行成效，並就資料治理、個人資料保護及跨機關資料交換"
    "等議題深入交換意見，作為我國後續政策規劃之參考。"
)


def other_layout_blocks():
    people = [[name, title, agency, unit, phone] for name, title, agency, unit, phone in OTHER_ROSTER]
    return [
        "行政院所屬各機關因公出國報告書",
        "（出國類別：考察）",
        "",
        "參訪日本及韓國數位治理機關",
        "Study Visit on Digital Governance in Japan and Korea",
        "",
        "服 務 機 關：數位發展部",
        "姓名職稱：王大明 司長、李小華 科長",
        "派赴國家：日本、韓國",
        "出國期間：民國112年10月2日至112年10月6日",
        "報告日期：112年12月",
        PAGE_BREAK,
        "摘要",
        _PARAGRAPH,
        "考察團一行拜會日本數位廳及韓國行政安全部，並參加兩國開放資料社群之交流活動。",
        "關鍵詞：數位治理；開放資料；資料治理",
        PAGE_BREAK,
        "目次",
        "壹、考察目的……………………………………1",
        "貳、考察過程……………………………………2",
        "參、心得與建議…………………………………5",
        "附錄、出國人員名單……………………………7",
        PAGE_BREAK,
        "壹、考察目的",
        _PARAGRAPH,
        "貳、考察過程",
        "一、日本數位廳",
        _PARAGRAPH * 3,
        "二、韓國行政安全部",
        _PARAGRAPH * 3,
        "參、心得與建議",
        "一、心得",
        _PARAGRAPH * 2,
        "二、建議",
        *(f"{number}. {text}" for number, text in enumerate(OTHER_RECOMMENDATIONS, start=1)),
        PAGE_BREAK,
        "附錄、出國人員名單",
        # Text before the table, so that the table starts half way down its page and runs on.
        _PARAGRAPH * 8,
        Table([["姓名", "職稱", "服務機關", "單位", "電話"], *people], repeat_header=False),
    ]


@functools.cache
def other_layout_pdf():
    return report_pdf(other_layout_blocks(), header="數位發展部出國報告")
