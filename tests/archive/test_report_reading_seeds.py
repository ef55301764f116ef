"""Both source reports are read right, as their text and as PDFs made from it: every header
field, every section heading in order, every recommendation and every roster row. The facts
are copied by hand from the reports (fixtures/sources/), not from the demo data."""

import datetime

import pytest

from archive.report_reading import read_report
from reports.models import DatePrecision, ReportCategory

from .report_files import REPORT_2016, REPORT_2023, source_pdf

SECTIONS_2016 = [
    (1, "壹", "目的"),
    (1, "貳", "過程"),
    (2, "一", "行前準備"),
    (2, "二", "行程"),
    (3, "(一)", "12 月 7 日拜會法國 Digital Agency"),
    (3, "(二)", "12月7日至9日 OGP 高峰會(Global Summit)"),
    (4, "1.", "開幕"),
    (4, "2.", "高峰會議程"),
    (4, "3.", "我國公民社群演說"),
    (4, "4.", "閉幕"),
    (3, "(三)", "12月9日參訪 Ekimetrics 大數據分析公司"),
    (1, "參", "心得及建議"),
    (2, "一", "心得"),
    (3, "(一)", "藉由持續開放政府及善用公民社會量能，提升我國之能見度"),
    (3, "(二)", "接軌國際趨勢，穩健推動我國開放政府發展"),
    (3, "(三)", "順應國際開放浪潮，將我國開放文化向下紮根"),
    (3, "(四)", "中央與地方政府串連，共同推動開放政府"),
    (3, "(五)", "兼顧政府資料開放之數量及品質，釋出優質資料"),
    (2, "二", "建議"),
    (2, "三", "後續工作事項"),
    (1, "肆", "附錄"),
    (2, "一", "2016 OGP 高峰會議程"),
    (2, "二", "活動照片"),
    (2, "三", "團員名單"),
]
SECTIONS_2023 = [
    (1, "壹", "目的"),
    (1, "貳", "過程"),
    (2, "一", "峰會議程及我國參與情形"),
    (2, "二", "開幕式"),
    (3, "(一)", "開幕致詞"),
    (3, "(二)", "良善治理座談"),
    (2, "三", "我國代表出席發表之場次"),
    (
        3,
        "(一)",
        "從一次性參與到體制改變：如何將公眾參與嵌入政府？(From One-Off Engagement to System Change: "
        "How do we Embed Public Participation in Government?)",
    ),
    (
        3,
        "(二)",
        "重建信任：朝向更強健的金融透明標準和打擊政治不當影響的方向(Restoring Trust: Towards Stronger "
        "Standards for Financial Disclosure and Deterrence of Undue Influence in Politics)",
    ),
    (
        3,
        "(三)",
        "橋樑：開放政府方法拓展國家聯盟以推進氣候行動(The Bridge: Open Government Approaches to Expand "
        "Country Coalitions for Climate Action)",
    ),
    (
        3,
        "(四)",
        "開放採購的下一步？在反貪腐、涵容、永續性和公民參與數位治理層面交付成果(From Open to Outcomes: How "
        "Open Contracting Delivers Results in Anti-Corruption, Inclusion, Sustainability, Civic "
        "Participation and Digital Governance)",
    ),
    (
        3,
        "(五)",
        "周邊活動- OGP變革中之開放國會永續性(Sustaining the Momentum for Parliamentary Openness in OGP "
        "Reform)",
    ),
    (2, "四", "其他參與場次"),
    (
        3,
        "(一)",
        "數位治理：如何讓政府朝向建立更多的信任和開放性？(Digital Governance: The Way Forward Towards Trust "
        "and Openness)",
    ),
    (
        3,
        "(二)",
        "開放政府合作伙伴關係在烏克蘭成功重建和民主恢復中的角色 The Role of Open Government for Ukraine' s "
        "Democratic Resilience and Reconstruction",
    ),
    (3, "(三)", "開放政府的策略：從經驗中學習(Open Government Strategies: Learning from Experience to Date)"),
    (
        3,
        "(四)",
        "女性在網路及公民社會中如何可以發言的更自由和安全(Speak Freely, Speak Safely: Committing to Feminist "
        "Online Civic Space)",
    ),
    (3, "(五)", "開放政府的能源轉型討論(A Just and Open Government for the Energy Transition)"),
    (
        3,
        "(六)",
        "智慧型手機中的國家：數位政府的未來(State in a Smartphone: The Future of Digital Government)",
    ),
    (
        3,
        "(七)",
        "邁向性別平等：利用開放政府夥伴關係提升婦女在公共採購中的參與 (Towards Gender Equality: Using the "
        "open government partnership to increase women's participation in public procurement)",
    ),
    (2, "五", "閉幕式"),
    (2, "六", "臺灣交流餐敘"),
    (1, "參", "心得與建議"),
    (2, "一", "心得"),
    (3, "(一)", "聚焦於烏克蘭戰爭對民主體制之影響"),
    (3, "(二)", "峰會議程落實公民社會協作精神"),
    (3, "(三)", "議程形式多元、自由度高"),
    (3, "(四)", "數位科技為各領域議題之基礎"),
    (2, "二", "建議"),
    (3, "(一)", "下一階段行動方案的承諾事項領域指引"),
    (3, "(二)", "提升行動方案過程之公私協力"),
    (3, "(三)", "強化國際開放政府社群網絡鏈結"),
    (3, "(四)", "以開放政府途徑強化我國數位科技相關承諾事項"),
    (3, "(五)", "爭取加入成為 OGP 會員"),
    (1, "附件 1", "團員名單"),
    (1, "附件 2", "正式議程"),
    (1, "附件 3", "周邊活動議程"),
]
RECOMMENDATIONS_2016 = [
    ("(一)", "持續推動開放政府，公私協力型塑優質典範，逐步落實公民參與、透明治理等施政願景。"),
    (
        "(二)",
        "鼓勵政府、公民社會及學術研究等領域，踴躍出席 OGP 高峰會或活動，推廣我國開放政府及公民參與等相關"
        "經驗，以爭取國際夥伴的互惠合作與支持，提升我國國際能見度。",
    ),
    ("(三)", "於適當場合定期分享我國開放政府及公民參與等經驗，促使政府機關互相學習交流，形成正向循環。"),
]
FOLLOW_UP_2016 = [
    ("(一)", "持續參與 OGP 會議與活動，與 OGP 保持密切聯繫，並關注國際趨勢發展。"),
    ("(二)", "協助政府機關提升開放資料品質，提升政府資料之可用性。"),
]
# 2023: each recommendation is a titled subsection: its title, and how its text begins and ends.
RECOMMENDATIONS_2023 = [
    (
        "(一)",
        "下一階段行動方案的承諾事項領域指引",
        "我國目前行動方案將於明(2024)年5月屆滿",
        "前述政策領域可作為下一階段行動方案承諾事項的研擬參考。",
    ),
    (
        "(二)",
        "提升行動方案過程之公私協力",
        "OGP支援小組在本次會議中",
        "有助彼此強化交流。",
    ),
    (
        "(三)",
        "強化國際開放政府社群網絡鏈結",
        "我國推動開放政府國家行動方案目的之一係為了加入OGP",
        "這樣的互動將有助於我國在國際開放政府社群中發揮更大的影響力。",
    ),
    (
        "(四)",
        "以開放政府途徑強化我國數位科技相關承諾事項",
        "在強化我國數位科技相關承諾事項過程中",
        "推動更全面、更永續的數位化發展。",
    ),
    (
        "(五)",
        "爭取加入成為 OGP 會員",
        "我國曾於 2015 年向 OGP 遞交入會意向書",
        "未來我國可循此機制，向 OGP 積極爭取成為會員相關事宜。",
    ),
]
# (序號, 單位, 姓名, 職稱) as the rosters print them.
ROSTER_2016 = [
    (1, "行政院", "唐鳳", "政務委員"),
    (2, "行政院科技會報辦公室", "柴惠珍", "主任"),
    (3, "國家發展委員會", "潘國才", "處長"),
    (4, "國家發展委員會", "林菊穗", "分析師"),
    (5, "科技部", "何昇龍", "副處長"),
    (6, "中央研究院資訊科技創新研究中心", "黃彥男", "主任"),
    (7, "開放資料聯盟", "彭啟明", "會長"),
    (8, "DSP 智庫驅動公司", "劉嘉凱", "執行長"),
    (9, "開放文化基金會", "高嘉良", "董事"),
    (10, "開放文化基金會", "吳銘軒", "副執行長"),
    (11, "開放文化基金會", "曾柏瑜", "國際交流專員"),
    (12, "開放文化基金會", "李梅君", "研究員"),
    (13, "g0v.news", "Aaron Wytze", "記者"),
    (14, "g0v.news", "劉致昕", "記者"),
    (15, "g0v", "劉宇庭", "活躍參與者"),
    (16, "g0v", "吳柏旻", "活躍參與者"),
    (17, "綠色公民行動聯盟", "吳澄澄", "能源轉型主任"),
    (18, "台灣人權促進會", "邱伊翎", "秘書長"),
    (19, "資深審議式民主、公民參與倡議者及行動者", "呂家華", ""),
]
# The 2023 roster prints 單位, 職稱, 姓名 in that order; here as (序號, 單位, 姓名, 職稱) too.
ROSTER_2023 = [
    (1, "國家發展委員會", "高仙桂", "副主任委員"),
    (2, "國家發展委員會社會發展處", "賴韻琳", "副處長"),
    (3, "國家發展委員會社會發展處", "林嘉琪", "科長"),
    (4, "國家發展委員會社會發展處", "楊壹鈞", "專員"),
    (5, "監察院", "朱富美", "秘書長"),
    (6, "監察院公職人員財產申報處", "陳美延", "處長"),
    (7, "監察院公職人員財產申報處", "吳志鵬", "專員"),
    (8, "行政院開放政府國家行動方案推動小組", "彭啟明", "委員"),
    (9, "行政院開放政府國家行動方案推動小組", "劉嘉凱", "委員"),
]


@pytest.fixture(scope="module", params=["text", "pdf"])
def report_2016(request):
    return read_report(REPORT_2016 if request.param == "text" else source_pdf(REPORT_2016))


@pytest.fixture(scope="module", params=["text", "pdf"])
def report_2023(request):
    return read_report(REPORT_2023 if request.param == "text" else source_pdf(REPORT_2023))


def value(found):
    return None if found is None else found.value


def test_2016_cover_fields(report_2016):
    report = report_2016
    assert value(report.title) == "出席開放政府夥伴關係聯盟(Open Government Partnership, OGP)2016 年高峰會"
    assert report.title_en is None
    assert value(report.category) == ReportCategory.OTHER
    assert report.category.printed == "其他（出席會議）"
    assert value(report.category_detail) == "出席會議"
    assert value(report.agency) == "國家發展委員會"
    assert [(a.value.name, a.value.title, a.printed) for a in report.authors] == [
        ("潘國才", "處長", "潘國才處長"),
        ("林菊穗", "分析師", "林菊穗分析師"),
    ]
    assert value(report.destination) == "法國巴黎"
    assert [(c.value, c.printed) for c in report.countries] == [("FR", "法國")]


def test_2016_dates_are_read_from_the_roc_calendar(report_2016):
    report = report_2016
    assert report.departure_date.value.date == datetime.date(2016, 12, 5)
    assert report.return_date.value.date == datetime.date(2016, 12, 11)
    assert report.departure_date.printed == "105 年 12 月 5 日至 12 月 11 日"
    assert report.report_date.value.date == datetime.date(2017, 2, 21)
    assert report.report_date.value.precision == DatePrecision.DAY
    assert report.report_date.printed == "106 年 2 月 21 日"


def test_2016_summary_page_fields(report_2016):
    report = report_2016
    assert report.system_id is None
    assert value(report.pages) == 43
    assert value(report.pages_note) == "含附錄"
    assert value(report.organiser) == "國家發展委員會"
    assert value(report.contact_person) == "林菊穗"
    assert value(report.contact_phone) == "02-23165300 轉 6852"
    assert report.contact_phone.private
    assert not report.contact_person.private
    assert report.contact_email is None
    assert report.classification is None
    assert value(report.keywords) == [
        "電子化政府",
        "資料開放",
        "開放政府",
        "OGP",
        "開放政府夥伴關係聯盟",
        "公民社會",
        "公民參與",
        "公民科技",
    ]
    assert [(r.name, r.agency, r.unit, r.title, r.phone) for r in report.travellers] == [
        ("潘國才", "國家發展委員會", "", "處長", "02-23165300 轉 6801"),
        ("林菊穗", "國家發展委員會", "", "分析師", "02-23165300 轉 6852"),
    ]


def test_2016_abstract_paragraphs(report_2016):
    paragraphs = report_2016.abstract.value.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith(
        "開放政府夥伴關係聯盟（Open Government Partnership, 簡稱 OGP）係於 2011 年"
    )
    assert paragraphs[0].endswith("並提出超過 2,456 個促進政府透明的承諾。")
    assert paragraphs[1].startswith("OGP 定期由推動委員會（Steering Committee）主席於該國主辦 OGP 全球高峰會")
    assert paragraphs[2].endswith("公民科技等議題進行經驗交流。")


def test_2016_sections_in_order(report_2016):
    assert [(s.level, s.number, s.heading) for s in report_2016.sections] == SECTIONS_2016
    sections = {s.heading: s for s in report_2016.sections}
    # Text under its heading, lines broken by the page joined back, no table of contents.
    assert sections["行前準備"].body == (
        "國家發展委員會於會議前確認我方出席人員、駐外館處拜會行程，並協調公民社會之相關參訪行程等相關細節。"
    )
    assert sections["目的"].body.startswith(
        "開放政府夥伴關係聯盟（OPEN GOVERNMENT PARTNERSHIP, 以下簡稱 OGP）"
    )
    assert "....." not in "".join(s.body for s in report_2016.sections)


def test_2016_recommendations_and_follow_up_items(report_2016):
    assert [(r.number, r.text) for r in report_2016.recommendations] == RECOMMENDATIONS_2016
    assert [(r.number, r.text) for r in report_2016.follow_up_items] == FOLLOW_UP_2016


def test_2016_roster_in_printed_order(report_2016):
    assert [(r.order, r.unit, r.name, r.title) for r in report_2016.roster] == ROSTER_2016
    assert {(r.agency, r.phone) for r in report_2016.roster} == {("", "")}


def test_2016_nothing_missing_or_doubtful(report_2016):
    assert report_2016.missing == []
    assert report_2016.warnings == []


def test_2023_cover_fields(report_2023):
    report = report_2023
    assert value(report.title) == "出席開放政府夥伴關係聯盟(Open Government Partnership)2023年高峰會"
    assert report.title.printed == "出席開放政府夥伴關係聯盟\n(Open Government Partnership)\n2023年高峰會"
    assert report.title_en is None
    assert value(report.category) == ReportCategory.OTHER
    assert value(report.category_detail) == "會議"
    assert value(report.agency) == "國家發展委員會"
    assert [(a.value.name, a.value.title) for a in report.authors] == [
        ("高仙桂", "副主任委員"),
        ("賴韻琳", "副處長"),
        ("林嘉琪", "科長"),
        ("楊壹鈞", "專員"),
    ]
    assert value(report.destination) == "愛沙尼亞"
    assert [c.value for c in report.countries] == ["EE"]
    assert report.departure_date.value.date == datetime.date(2023, 9, 4)
    assert report.return_date.value.date == datetime.date(2023, 9, 10)


def test_2023_report_date_has_month_precision(report_2023):
    assert report_2023.report_date.value.date == datetime.date(2023, 12, 1)
    assert report_2023.report_date.value.precision == DatePrecision.MONTH
    assert report_2023.report_date.printed == "2023年12月"


def test_2023_template_has_no_summary_page(report_2023):
    report = report_2023
    fields = (
        "system_id",
        "pages",
        "organiser",
        "contact_person",
        "contact_phone",
        "keywords",
        "classification",
    )
    assert {name: getattr(report, name) for name in fields} == dict.fromkeys(fields)
    assert report.travellers == []


def test_2023_abstract(report_2023):
    paragraphs = report_2023.abstract.value.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("開放政府夥伴關係聯盟（Open Government Partnership, OGP）於2011年成立")
    assert paragraphs[2].endswith("創造我國與國際開放政府社群交流契機。")


def test_2023_sections_in_order(report_2023):
    assert [(s.level, s.number, s.heading) for s in report_2023.sections] == SECTIONS_2023


def test_2023_recommendations(report_2023):
    recommendations = report_2023.recommendations
    assert [r.number for r in recommendations] == [number for number, *_rest in RECOMMENDATIONS_2023]
    for recommendation, (_number, heading, begins, ends) in zip(
        recommendations, RECOMMENDATIONS_2023, strict=True
    ):
        assert recommendation.heading == heading
        assert recommendation.text.startswith(f"{heading}：{begins}")
        assert recommendation.text.endswith(ends)
    # The third was broken by a page in the text: read as one.
    assert "更重要的是在非峰會期間" in recommendations[2].text
    assert report_2023.follow_up_items == []


def test_2023_roster_whatever_the_column_order(report_2023):
    assert [(r.order, r.unit, r.name, r.title) for r in report_2023.roster] == ROSTER_2023


def test_2023_nothing_missing_or_doubtful(report_2023):
    assert report_2023.missing == []
    assert report_2023.warnings == []


@pytest.mark.parametrize("path", [REPORT_2016, REPORT_2023], ids=["2016", "2023"])
def test_text_without_page_breaks_has_no_page_numbers(path):
    report = read_report(path)
    pages = {report.title.page, *(s.page for s in report.sections), *(r.page for r in report.roster)}
    assert pages == {None}


def test_2016_pdf_fields_name_their_pages():
    report = read_report(source_pdf(REPORT_2016))
    # The made PDF: the cover on page 1, the 提要 on page 2, the 目錄 on page 3, the text from 4.
    assert (report.agency.page, report.authors[0].page) == (1, 1)
    assert (report.title.page, report.pages.page, report.contact_phone.page, report.abstract.page) == (
        2,
        2,
        2,
        2,
    )
    assert report.sections[0].page == 4
    pages = [s.page for s in report.sections]
    assert pages == sorted(pages)
    roster_heading = report.sections[-1]
    assert roster_heading.heading == "團員名單"
    # The roster runs over two pages, its header printed again on the second.
    assert [r.page for r in report.roster] == [roster_heading.page] * 6 + [roster_heading.page + 1] * 13
    assert report.document.pages[0].furniture == ["行政院所屬各機關出國報告", "- 1 -"]
    assert report.document.pages[0].printed_number == "1"


def test_2023_pdf_roster_page():
    report = read_report(source_pdf(REPORT_2023))
    roster_heading = next(s for s in report.sections if s.heading == "團員名單")
    assert {r.page for r in report.roster} == {roster_heading.page}
