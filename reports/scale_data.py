"""A large archive shaped like the real one, for benchmarks and load tests (generate_demo_data).

What is made, for N reports: about 3×N people (names from Taiwanese surnames and given-name
characters, half with a romanised or English name, some with other names), up to 2,000
organisations (Taiwanese agencies with their units and sections, local governments,
universities, civil society, foreign ministries and international bodies), up to 50 summits and
conferences in cities worldwide with rooms, tracks and together 2×N sessions and about 6×N
session roles, and N delegations with about 10×N roster rows and one report each (header fields,
keywords, abstract, sections, recommendations, follow-up items, authors).

Everything generated is recognisable: people, organisations, events, delegations and reports
have slugs starting with "gen-", and every other generated row hangs off one of those. Real
records (the demo data, anything staff entered) are never touched, and no generated name shares
a matching key with a real record or with a name in fixtures/, so loading the demo data later
links nothing to generated records.

The same seed gives the same archive: each part draws from its own random.Random seeded from
the seed and the part's name, and nothing depends on the database (ids, today's date). Rows are
written with bulk_create, a chunk of reports at a time, so memory stays bounded. bulk_create
skips save(): the fields save() derives (name keys, cleaned names, an event's summit and time
zone, the search document of records whose document needs no related rows) are filled here the
way save() fills them; rebuild_search_index, run by the command afterwards, does the rest.
"""

import datetime
import math
import random
import time
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

import yaml
from django.conf import settings
from django.db import connection, reset_queries
from django.db.models import Exists, OuterRef
from django.utils.text import slugify

from core.bulk_insert import copy_rows
from core.text import clean_text, name_key
from events.models import Event, EventKind, Language, Room, SessionFormat, SessionRole, SessionRoleKind, Track
from people.models import (
    NameKind,
    NameLanguage,
    Organization,
    OrganizationKind,
    OrganizationName,
    Person,
    PersonName,
)
from reports.models import (
    AccessLevel,
    DatePrecision,
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    FollowUpItem,
    FollowUpStatus,
    Keyword,
    MemberRole,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportCategory,
    ReportSection,
    Sector,
)

# The demo data set's folder (archive.demo_data.FIXTURES_DIR; the demo loader moved above reports).
FIXTURES_DIR = settings.BASE_DIR / "fixtures"
PREFIX = "gen-"
TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
UTC = datetime.UTC
# Trips leave between these days and nothing is dated after LAST_DAY, whatever today is.
FIRST_DEPARTURE = datetime.date(2010, 1, 4)
LAST_DEPARTURE = datetime.date(2026, 9, 30)
LAST_DAY = datetime.date(2026, 11, 20)

# ---------------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------------


def _words(text):
    return text.split()


# Surname, Wade-Giles romanisation (as Taiwanese passports print it), weight (per 10,000).
SURNAMES = """
陳 Chen 1110  林 Lin 830  黃 Huang 600  張 Chang 530  李 Li 510  王 Wang 410  吳 Wu 400
劉 Liu 320  蔡 Tsai 290  楊 Yang 260  許 Hsu 230  鄭 Cheng 190  謝 Hsieh 180  郭 Kuo 170
洪 Hung 160  曾 Tseng 160  邱 Chiu 150  廖 Liao 150  賴 Lai 140  周 Chou 130  徐 Hsu 130
蘇 Su 120  葉 Yeh 120  莊 Chuang 120  呂 Lu 110  江 Chiang 100  何 Ho 100  蕭 Hsiao 100
羅 Lo 90  高 Kao 90  潘 Pan 80  簡 Chien 80  朱 Chu 80  鍾 Chung 80  彭 Peng 70  游 Yu 70
詹 Chan 70  胡 Hu 70  施 Shih 60  沈 Shen 60  余 Yu 60  盧 Lu 60  梁 Liang 60  趙 Chao 60
顏 Yen 60  柯 Ko 50  翁 Weng 50  魏 Wei 50  孫 Sun 50  戴 Tai 50  范 Fan 40  方 Fang 40
宋 Sung 40  鄧 Teng 40  杜 Tu 30  傅 Fu 30  侯 Hou 30  曹 Tsao 30  薛 Hsueh 30  丁 Ting 30
卓 Cho 30  馬 Ma 30  阮 Juan 30  董 Tung 30  唐 Tang 30  溫 Wen 30  藍 Lan 30  蔣 Chiang 30
石 Shih 30  古 Ku 20  紀 Chi 20  姚 Yao 20  連 Lien 20  馮 Feng 20  歐 Ou 20  程 Cheng 20
湯 Tang 20  田 Tien 20  康 Kang 20  姜 Chiang 20  白 Pai 20  汪 Wang 20  鄒 Tsou 20  尤 Yu 20
巫 Wu 20  黎 Li 10  涂 Tu 10  龔 Kung 10  嚴 Yen 10  韓 Han 10  袁 Yuan 10  金 Chin 10
童 Tung 10  陸 Lu 10  夏 Hsia 10  柳 Liu 10  邵 Shao 10  錢 Chien 10  歐陽 Ouyang 5  張簡 Changchien 5
"""

# Given-name characters and their romanisation.
GIVEN_CHARACTERS = """
家:chia 嘉:chia 佳:chia 志:chih 智:chih 明:ming 銘:ming 文:wen 雯:wen 俊:chun 君:chun 建:chien
宏:hung 弘:hung 偉:wei 威:wei 冠:kuan 宇:yu 育:yu 瑜:yu 怡:yi 宜:yi 儀:yi 婷:ting 庭:ting
廷:ting 雅:ya 惠:hui 慧:hui 美:mei 玉:yu 淑:shu 芳:fang 珍:chen 真:chen 秀:hsiu 麗:li 莉:li
琪:chi 淇:chi 欣:hsin 心:hsin 信:hsin 芬:fen 蓉:jung 榮:jung 國:kuo 正:cheng 政:cheng
誠:cheng 成:cheng 承:cheng 豪:hao 浩:hao 翔:hsiang 祥:hsiang 傑:chieh 潔:chieh 倫:lun 德:te
輝:hui 仁:jen 勇:yung 永:yung 昌:chang 振:chen 華:hua 興:hsing 安:an 平:ping 如:ju 思:szu
詩:shih 世:shih 士:shih 書:shu 恩:en 柏:po 博:po 彥:yen 妍:yen 晴:ching 靜:ching 青:ching
慶:ching 英:ying 瑩:ying 穎:ying 蘭:lan 雲:yun 韻:yun 筠:yun 芸:yun 中:chung 忠:chung
宗:tsung 聰:tsung 子:tzu 姿:tzu 立:li 力:li 和:ho 賢:hsien 凱:kai 啟:chi 耀:yao 瑤:yao
哲:che 軒:hsuan 萱:hsuan 璇:hsuan 宣:hsuan 維:wei 薇:wei 馨:hsin 鈞:chun 峰:feng 鳳:feng
逸:yi 昇:sheng 盛:sheng 聖:sheng 佩:pei 珮:pei 霖:lin 琳:lin 翰:han 涵:han 寧:ning 富:fu
秉:ping 堯:yao 群:chun 淳:chun 敏:min 民:min 良:liang 亮:liang 崇:chung 鴻:hung 達:ta
澤:tse 新:hsin 瑞:jui 芝:chih 蕙:hui 婉:wan 容:jung 昀:yun 宥:yu 妤:yu 若:jo 耘:yun
"""

ENGLISH_GIVEN_NAMES = _words(
    "Judy Jerry Kevin Vivian Grace Tony Sharon Peter Amy Eric Jason Joyce Wendy Alice Michael "
    "Jenny Vincent Irene Jack Tiffany Ivy Sam Emily David Cindy Andy Annie Leo Nina Ken Audrey "
    "Howard Angela Patrick Sophia Ray Claire Frank Maggie Steven"
)

FOREIGN_GIVEN_NAMES = _words(
    "Maria Ana John David Sarah Anabel Luis Carlos Fatima Aidan Natalia Olena Mehmet Amara Kwame "
    "Priya Rahul Siti Nurul Jean Pierre Marie Claire Hans Anna Lars Ingrid Kaja Mart Liisa Sofia "
    "Lucía Diego Mateo Valentina Camila Ahmed Omar Yasmin Amina Chinedu Ngozi Thandiwe Sipho "
    "Hiroshi Yuki Min-jun Ji-woo Joseph Emma Oliver Charlotte Thomas Laura Daniel Elena Marco "
    "Giulia Paul Helen Robert Joanna Michał Katarzyna Tamar Giorgi Nino Aleksandra Dmytro Iryna "
    "Juan Gabriela Rafael Fernanda Samuel Grace Esther Kofi Abena Moussa Aïcha Youssef Leila "
    "Rania Karim Aroha Tane Chloe Liam Noah Mia Lukas Jonas Eva Sanna Mikko Erik Astrid Nadia"
)

FOREIGN_SURNAMES = _words(
    "Smith Garcia Martin Müller Dubois Rossi Silva Santos Kowalski Novak Tamm Saar Kask Ivanova "
    "Kovalenko Shevchenko Okafor Mensah Kariuki Otieno Ndlovu Dlamini Patel Sharma Gupta Rahman "
    "Hossain Santoso Wijaya Reyes Cruz Bautista Fernández López González Rodríguez Pérez Kim Park "
    "Choi Tanaka Suzuki Sato Nakamura Andersen Johansson Nielsen Virtanen Horvat Popescu "
    "Papadopoulos Yilmaz Kaya Haddad Mansour Benali Brown Johnson Williams Taylor Wilson Moreau "
    "Lefebvre Bernard Schmidt Schneider Fischer Weber Bianchi Romano Costa Pereira Oliveira "
    "Jansen Visser Peeters Murphy O'Brien Kelly Nowak Wiśniewska Beridze Kapanadze Melnyk "
    "Boyko Torres Ramírez Flores Morales Vargas Castillo Ochieng Wanjiru Adeyemi Bello Diallo "
    "Ndiaye Traoré Hakimi Alami Cohen Levi Singh Kumar Nguyen Tran Rahim Ismail Abdullah"
)

# code | English | Chinese | capital | capital in Chinese | time zone
COUNTRIES = """
EE|Estonia|愛沙尼亞|Tallinn|塔林|Europe/Tallinn
FR|France|法國|Paris|巴黎|Europe/Paris
GB|United Kingdom|英國|London|倫敦|Europe/London
US|United States|美國|Washington, D.C.|華盛頓|America/New_York
CA|Canada|加拿大|Ottawa|渥太華|America/Toronto
MX|Mexico|墨西哥|Mexico City|墨西哥城|America/Mexico_City
BR|Brazil|巴西|Brasília|巴西利亞|America/Sao_Paulo
AR|Argentina|阿根廷|Buenos Aires|布宜諾斯艾利斯|America/Argentina/Buenos_Aires
CL|Chile|智利|Santiago|聖地牙哥|America/Santiago
CO|Colombia|哥倫比亞|Bogotá|波哥大|America/Bogota
CR|Costa Rica|哥斯大黎加|San José|聖荷西|America/Costa_Rica
PY|Paraguay|巴拉圭|Asunción|亞松森|America/Asuncion
GT|Guatemala|瓜地馬拉|Guatemala City|瓜地馬拉市|America/Guatemala
KR|South Korea|韓國|Seoul|首爾|Asia/Seoul
JP|Japan|日本|Tokyo|東京|Asia/Tokyo
PH|Philippines|菲律賓|Manila|馬尼拉|Asia/Manila
ID|Indonesia|印尼|Jakarta|雅加達|Asia/Jakarta
MY|Malaysia|馬來西亞|Kuala Lumpur|吉隆坡|Asia/Kuala_Lumpur
TH|Thailand|泰國|Bangkok|曼谷|Asia/Bangkok
SG|Singapore|新加坡|Singapore|新加坡|Asia/Singapore
IN|India|印度|New Delhi|新德里|Asia/Kolkata
MN|Mongolia|蒙古|Ulaanbaatar|烏蘭巴托|Asia/Ulaanbaatar
GE|Georgia|喬治亞|Tbilisi|提比里斯|Asia/Tbilisi
AM|Armenia|亞美尼亞|Yerevan|葉里溫|Asia/Yerevan
UA|Ukraine|烏克蘭|Kyiv|基輔|Europe/Kyiv
MD|Moldova|摩爾多瓦|Chișinău|基希訥烏|Europe/Chisinau
LT|Lithuania|立陶宛|Vilnius|維爾紐斯|Europe/Vilnius
LV|Latvia|拉脫維亞|Riga|里加|Europe/Riga
FI|Finland|芬蘭|Helsinki|赫爾辛基|Europe/Helsinki
SE|Sweden|瑞典|Stockholm|斯德哥爾摩|Europe/Stockholm
NO|Norway|挪威|Oslo|奧斯陸|Europe/Oslo
DK|Denmark|丹麥|Copenhagen|哥本哈根|Europe/Copenhagen
DE|Germany|德國|Berlin|柏林|Europe/Berlin
NL|Netherlands|荷蘭|The Hague|海牙|Europe/Amsterdam
BE|Belgium|比利時|Brussels|布魯塞爾|Europe/Brussels
ES|Spain|西班牙|Madrid|馬德里|Europe/Madrid
IT|Italy|義大利|Rome|羅馬|Europe/Rome
IE|Ireland|愛爾蘭|Dublin|都柏林|Europe/Dublin
CZ|Czechia|捷克|Prague|布拉格|Europe/Prague
PL|Poland|波蘭|Warsaw|華沙|Europe/Warsaw
HR|Croatia|克羅埃西亞|Zagreb|薩格勒布|Europe/Zagreb
CH|Switzerland|瑞士|Geneva|日內瓦|Europe/Zurich
AT|Austria|奧地利|Vienna|維也納|Europe/Vienna
KE|Kenya|肯亞|Nairobi|奈洛比|Africa/Nairobi
NG|Nigeria|奈及利亞|Abuja|阿布加|Africa/Lagos
ZA|South Africa|南非|Pretoria|普利托利亞|Africa/Johannesburg
GH|Ghana|迦納|Accra|阿克拉|Africa/Accra
SN|Senegal|塞內加爾|Dakar|達卡|Africa/Dakar
TN|Tunisia|突尼西亞|Tunis|突尼斯|Africa/Tunis
MA|Morocco|摩洛哥|Rabat|拉巴特|Africa/Casablanca
AU|Australia|澳洲|Canberra|坎培拉|Australia/Sydney
NZ|New Zealand|紐西蘭|Wellington|威靈頓|Pacific/Auckland
PA|Panama|巴拿馬|Panama City|巴拿馬市|America/Panama
"""

# Names of the summit hosts that are not among COUNTRIES.
OTHER_COUNTRIES = {
    "AZ": ("Azerbaijan", "亞塞拜然"),
    "TR": ("Türkiye", "土耳其"),
    "ET": ("Ethiopia", "衣索比亞"),
    "SA": ("Saudi Arabia", "沙烏地阿拉伯"),
    "ZM": ("Zambia", "尚比亞"),
    "MO": ("Macao", "澳門"),
    "RU": ("Russia", "俄羅斯"),
}

# Summits and conferences: (series, year, month, day, days, city_en, city_zh, country, time zone, venue).
SERIES = {
    "ogp": ("OGP Global Summit {year}", "開放政府夥伴關係聯盟{year}年全球高峰會", 2),
    "ogp-regional": (
        "OGP {region} Regional Meeting {year}",
        "開放政府夥伴關係聯盟{year}年{region_zh}區域會議",
        1,
    ),
    "iacc": ("{nth} International Anti-Corruption Conference", "第{n}屆國際反貪腐會議", 1),
    "igf": ("Internet Governance Forum {year}", "{year}年網路治理論壇", 1),
    "rightscon": ("RightsCon {year}", "{year}年RightsCon數位人權大會", 1),
    "iodc": ("International Open Data Conference {year}", "{year}年國際開放資料研討會", 1),
    "oecd-integrity": (
        "OECD Global Anti-Corruption & Integrity Forum {year}",
        "{year}年OECD全球反貪腐暨廉政論壇",
        1,
    ),
    "aprigf": (
        "Asia Pacific Regional Internet Governance Forum {year}",
        "{year}年亞太區域網路治理論壇",
        1,
    ),
    "wjf": ("World Justice Forum {year}", "{year}年世界正義論壇", 1),
    "s4d": ("Summit for Democracy {year}", "{year}年民主峰會", 2),
}
REGIONS = {"asia": ("Asia-Pacific", "亞太"), "americas": ("Americas", "美洲"), "europe": ("Europe", "歐洲")}
SUMMITS = """
ogp|2012|4|17|3|Brasília|巴西利亞|BR|America/Sao_Paulo|Itamaraty Palace
ogp|2013|10|31|2|London|倫敦|GB|Europe/London|Queen Elizabeth II Centre
ogp|2015|10|27|3|Mexico City|墨西哥城|MX|America/Mexico_City|Palacio de Minería
ogp|2018|7|17|3|Tbilisi|提比里斯|GE|Asia/Tbilisi|Tbilisi Sports Palace
ogp|2019|5|29|3|Ottawa|渥太華|CA|America/Toronto|Shaw Centre
ogp|2021|12|14|3|Seoul|首爾|KR|Asia/Seoul|COEX
ogp|2025|10|7|3|Vitoria-Gasteiz|維多利亞-加斯特斯|ES|Europe/Madrid|Palacio de Congresos Europa
ogp-regional:asia|2014|5|6|2|Nusa Dua|峇里島|ID|Asia/Makassar|Bali Nusa Dua Convention Center
ogp-regional:americas|2014|11|18|2|San José|聖荷西|CR|America/Costa_Rica|Real InterContinental
ogp-regional:europe|2014|5|8|2|Dublin|都柏林|IE|Europe/Dublin|Dublin Castle
ogp-regional:americas|2017|11|21|3|Buenos Aires|布宜諾斯艾利斯|AR|America/Buenos_Aires|Usina del Arte
ogp-regional:asia|2022|11|9|2|Manila|馬尼拉|PH|Asia/Manila|Philippine International Convention Center
ogp-regional:europe|2026|6|16|2|Riga|里加|LV|Europe/Riga|Latvian National Library
iacc:14|2010|11|10|4|Bangkok|曼谷|TH|Asia/Bangkok|Queen Sirikit National Convention Center
iacc:15|2012|11|7|4|Brasília|巴西利亞|BR|America/Sao_Paulo|Brasília Convention Center
iacc:16|2015|9|2|3|Putrajaya|布城|MY|Asia/Kuala_Lumpur|Putrajaya International Convention Centre
iacc:17|2016|12|1|4|Panama City|巴拿馬市|PA|America/Panama|ATLAPA Convention Centre
iacc:18|2018|10|22|3|Copenhagen|哥本哈根|DK|Europe/Copenhagen|Tivoli Congress Center
iacc:20|2022|12|6|4|Washington, D.C.|華盛頓|US|America/New_York|Walter E. Washington Convention Center
iacc:21|2024|6|18|3|Vilnius|維爾紐斯|LT|Europe/Vilnius|LITEXPO
igf|2010|9|14|4|Vilnius|維爾紐斯|LT|Europe/Vilnius|LITEXPO
igf|2011|9|27|4|Nairobi|奈洛比|KE|Africa/Nairobi|United Nations Office at Nairobi
igf|2012|11|6|4|Baku|巴庫|AZ|Asia/Baku|Baku Expo Center
igf|2013|10|22|4|Nusa Dua|峇里島|ID|Asia/Makassar|Bali Nusa Dua Convention Center
igf|2014|9|2|4|Istanbul|伊斯坦堡|TR|Europe/Istanbul|Lütfi Kırdar Convention Center
igf|2015|11|10|4|João Pessoa|若昂佩索阿|BR|America/Fortaleza|Centro de Convenções
igf|2016|12|6|4|Guadalajara|瓜達拉哈拉|MX|America/Mexico_City|Expo Guadalajara
igf|2017|12|18|4|Geneva|日內瓦|CH|Europe/Zurich|Palais des Nations
igf|2018|11|12|3|Paris|巴黎|FR|Europe/Paris|UNESCO Headquarters
igf|2019|11|25|5|Berlin|柏林|DE|Europe/Berlin|Estrel Berlin
igf|2022|11|28|5|Addis Ababa|阿迪斯阿貝巴|ET|Africa/Addis_Ababa|United Nations Conference Centre
igf|2023|10|8|5|Kyoto|京都|JP|Asia/Tokyo|Kyoto International Conference Center
igf|2024|12|15|5|Riyadh|利雅德|SA|Asia/Riyadh|King Abdulaziz International Conference Center
igf|2025|6|23|5|Lillestrøm|利勒斯特倫|NO|Europe/Oslo|Norway Trade Fairs
rightscon|2011|10|25|2|San Francisco|舊金山|US|America/Los_Angeles|Fort Mason Center
rightscon|2014|3|3|3|San Francisco|舊金山|US|America/Los_Angeles|Hotel Nikko
rightscon|2015|3|24|2|Manila|馬尼拉|PH|Asia/Manila|Makati Shangri-La
rightscon|2016|3|30|3|San Francisco|舊金山|US|America/Los_Angeles|Hotel Nikko
rightscon|2017|3|29|3|Brussels|布魯塞爾|BE|Europe/Brussels|SQUARE Brussels Meeting Centre
rightscon|2018|5|16|3|Toronto|多倫多|CA|America/Toronto|Beanfield Centre
rightscon|2019|6|11|4|Tunis|突尼斯|TN|Africa/Tunis|Laico Tunis
rightscon|2023|6|5|4|San José|聖荷西|CR|America/Costa_Rica|Centro de Convenciones de Costa Rica
rightscon|2026|5|5|4|Lusaka|路沙卡|ZM|Africa/Lusaka|Mulungushi International Conference Centre
iodc|2012|7|10|2|Washington, D.C.|華盛頓|US|America/New_York|World Bank Headquarters
iodc|2015|5|28|2|Ottawa|渥太華|CA|America/Toronto|Shaw Centre
iodc|2016|10|6|2|Madrid|馬德里|ES|Europe/Madrid|Palacio Municipal de Congresos
iodc|2018|9|27|2|Buenos Aires|布宜諾斯艾利斯|AR|America/Argentina/Buenos_Aires|Centro Cultural Kirchner
oecd-integrity|2014|3|25|2|Paris|巴黎|FR|Europe/Paris|OECD Conference Centre
oecd-integrity|2017|3|30|2|Paris|巴黎|FR|Europe/Paris|OECD Conference Centre
oecd-integrity|2019|3|20|2|Paris|巴黎|FR|Europe/Paris|OECD Conference Centre
oecd-integrity|2023|3|29|2|Paris|巴黎|FR|Europe/Paris|OECD Conference Centre
oecd-integrity|2026|3|25|2|Paris|巴黎|FR|Europe/Paris|OECD Conference Centre
aprigf|2012|7|18|3|Tokyo|東京|JP|Asia/Tokyo|Keio University Mita Campus
aprigf|2013|9|4|3|Seoul|首爾|KR|Asia/Seoul|Yonsei University
aprigf|2015|6|30|3|Macao|澳門|MO|Asia/Macau|Venetian Macao
aprigf|2017|7|26|3|Bangkok|曼谷|TH|Asia/Bangkok|Chulalongkorn University
aprigf|2019|7|16|3|Vladivostok|海參崴|RU|Asia/Vladivostok|Far Eastern Federal University
aprigf|2023|8|29|3|Brisbane|布里斯本|AU|Australia/Brisbane|Brisbane Convention & Exhibition Centre
wjf|2013|7|8|4|The Hague|海牙|NL|Europe/Amsterdam|World Forum The Hague
wjf|2017|7|10|4|The Hague|海牙|NL|Europe/Amsterdam|World Forum The Hague
wjf|2019|4|30|4|The Hague|海牙|NL|Europe/Amsterdam|Peace Palace
wjf|2022|5|30|4|The Hague|海牙|NL|Europe/Amsterdam|World Forum The Hague
s4d|2024|3|18|3|Seoul|首爾|KR|Asia/Seoul|Ministry of Foreign Affairs
"""

TRACKS = [
    ("Anti-corruption", "反貪腐"),
    ("Civic space and participation", "公民空間與參與"),
    ("Climate and environment", "氣候與環境"),
    ("Digital technology", "數位科技"),
    ("Justice", "司法"),
    ("Democratic resilience", "民主韌性"),
    ("Open data and open resources", "開放資料及開放資源"),
    ("Open parliament", "開放國會"),
    ("Access to information", "資訊取得"),
    ("Gender and inclusion", "性別與涵容"),
    ("Fiscal openness", "財政透明"),
    ("Open contracting", "開放採購"),
    ("Beneficial ownership", "實質受益人透明"),
    ("Public service delivery", "公共服務"),
    ("Open government for cities", "城市開放政府"),
    ("Civic tech and participatory tools", "公民科技和參與工具"),
    ("Media freedom", "新聞自由"),
    ("Natural resources", "自然資源"),
    ("Health", "衛生"),
    ("Youth", "青年"),
    ("Artificial intelligence and accountability", "人工智慧與課責"),
    ("Lobbying and political finance", "遊說與政治獻金"),
    ("Implementation of open government", "開放政府的實施"),
    ("Fundamental liberties and human rights", "基本自由及人權"),
]

# Session title parts: (English, Chinese).
SESSION_TOPICS = [
    ("Open Contracting", "開放採購"),
    ("Beneficial Ownership Transparency", "實質受益人透明"),
    ("Civic Space", "公民空間"),
    ("Digital Governance", "數位治理"),
    ("Algorithmic Accountability", "演算法課責"),
    ("Climate Action", "氣候行動"),
    ("Participatory Budgeting", "參與式預算"),
    ("Open Parliament", "開放國會"),
    ("Access to Information", "資訊取得"),
    ("Anti-Corruption", "反貪腐"),
    ("Open Data", "開放資料"),
    ("Public Service Delivery", "公共服務提供"),
    ("Local Open Government", "地方開放政府"),
    ("Gender and Inclusion", "性別與涵容"),
    ("Media Freedom", "新聞自由"),
    ("Fiscal Openness", "財政透明"),
    ("Lobbying Transparency", "遊說透明"),
    ("People-Centred Justice", "以人為本的司法"),
    ("Disinformation", "假訊息"),
    ("Digital Identity", "數位身分"),
    ("Youth Participation", "青年參與"),
    ("Deliberative Democracy", "審議式民主"),
    ("Whistleblower Protection", "揭弊者保護"),
    ("Asset Declarations", "財產申報"),
    ("Natural Resource Governance", "自然資源治理"),
    ("Health Transparency", "衛生透明"),
    ("Civic Tech", "公民科技"),
    ("Artificial Intelligence", "人工智慧"),
    ("Data Protection", "個人資料保護"),
    ("Open Science", "開放科學"),
    ("Democratic Resilience", "民主韌性"),
    ("Public Participation", "公眾參與"),
]
SESSION_SUBTITLES = [
    ("Lessons from the Field", "實務經驗分享"),
    ("From Commitment to Impact", "從承諾到影響"),
    ("What Works and What Doesn't", "成效與挑戰"),
    ("Building Coalitions", "建立聯盟"),
    ("Tools for Reformers", "改革者的工具"),
    ("The Road Ahead", "未來之路"),
    ("Scaling Up", "擴大規模"),
    ("Measuring Results", "成果衡量"),
    ("Co-creating Solutions", "共創解方"),
    ("Local Perspectives", "地方觀點"),
    ("A Regional Dialogue", "區域對話"),
    ("A Decade of Reform", "十年改革回顧"),
    ("Trust and Accountability", "信任與課責"),
    ("Innovation in Practice", "創新實踐"),
    ("Protecting Defenders", "保護倡議者"),
    ("Who Decides?", "誰來決定？"),
    ("Data for Accountability", "以資料促進課責"),
    ("Leaving No One Behind", "不遺漏任何人"),
    ("Open by Default", "預設開放"),
    ("The Next Frontier", "新的前線"),
    ("Learning from Experience to Date", "從經驗中學習"),
    ("Whole-of-Government Approaches", "全政府途徑"),
]
SESSION_PREFIXES = [
    ("", "", ""),
    ("", "", ""),
    ("", "", ""),
    ("", "", ""),
    ("High-level Roundtable: ", "高階圓桌會議：", SessionFormat.ROUNDTABLE),
    ("Workshop: ", "工作坊：", SessionFormat.WORKSHOP),
    ("Pitch: ", "短講：", SessionFormat.PITCH),
    ("Ministerial Dialogue: ", "部長級對話：", SessionFormat.DIALOGUE),
    ("Fishbowl: ", "魚缸對話：", SessionFormat.FISHBOWL),
]
SESSION_FORMATS = [
    ("", 30),
    (SessionFormat.PANEL, 25),
    (SessionFormat.WORKSHOP, 10),
    (SessionFormat.PITCH, 8),
    (SessionFormat.ROUNDTABLE, 5),
    (SessionFormat.PLENARY, 2),
    (SessionFormat.KEYNOTE, 2),
    (SessionFormat.CAMPFIRE, 3),
    (SessionFormat.CHALLENGE_CLINIC, 2),
    (SessionFormat.FISHBOWL, 2),
    (SessionFormat.TOWNHALL, 1),
    (SessionFormat.WORLD_CAFE, 2),
    (SessionFormat.NETWORKING, 2),
    (SessionFormat.DIALOGUE, 2),
    (SessionFormat.OFFICE_HOURS, 1),
    (SessionFormat.EXPO, 1),
    (SessionFormat.OTHER, 2),
]
SESSION_DESCRIPTIONS = [
    "This session brings together government and civil society reformers to share what has worked.",
    "Participants will discuss practical approaches, common obstacles and next steps.",
    "A conversation on how commitments in national action plans translate into results.",
    "Speakers from several regions present recent reforms and the evidence on their impact.",
    "An interactive session: bring your questions and your own experience.",
    "Organised with partners from the OGP community; interpretation may be available.",
]
ROOM_NAMES = [
    "Plenary Hall",
    "Main Auditorium",
    "Hall A",
    "Hall B",
    "Hall C",
    "Ballroom",
    "Salon Europa",
    "Salon Americas",
    "Salon Asia",
    "Conference Room",
    "Workshop Space",
    "Room",
    "Meeting Room",
    "Studio",
    "Gallery",
]
ROLE_NOTES = ["tbc", "remote", "recorded", "by video", ""]

# Study-trip topics: (Chinese, English, the keywords a report on it is filed under).
TOPICS = [
    ("數位政府服務", "digital government services", "數位政府 為民服務"),
    ("資料治理", "data governance", "資料治理 Data Governance"),
    ("開放資料", "open data", "開放資料 資料開放 Open Data"),
    ("智慧城市", "smart cities", "智慧城市 Smart City"),
    ("廉政制度", "integrity systems", "廉政 反貪腐 Integrity"),
    ("公共參與機制", "public participation", "公共參與 公民參與"),
    ("參與式預算", "participatory budgeting", "參與式預算 Participatory Budgeting"),
    ("資通安全", "cybersecurity", "資通安全 Cybersecurity"),
    ("人工智慧應用", "artificial intelligence in government", "人工智慧 Artificial Intelligence"),
    ("氣候變遷調適", "climate adaptation", "氣候變遷 韌性城市"),
    ("長期照顧", "long-term care", "長期照顧 高齡化"),
    ("社會住宅", "social housing", "社會住宅 社會福利"),
    ("循環經濟", "the circular economy", "循環經濟 Circular Economy"),
    ("能源轉型", "the energy transition", "能源轉型 再生能源"),
    ("災害防救", "disaster management", "災害防救 韌性城市"),
    ("性別主流化", "gender mainstreaming", "性別主流化 性別平等"),
    ("原住民族政策", "indigenous peoples policy", "原住民族 多元文化"),
    ("新創產業", "start-up ecosystems", "新創 中小企業"),
    ("公共運輸", "public transport", "公共運輸 交通運輸"),
    ("文化資產保存", "cultural heritage conservation", "文化資產 博物館"),
    ("海洋保育", "ocean conservation", "海洋保育 漁業"),
    ("食品安全", "food safety", "食品安全 消費者保護"),
    ("國土規劃", "spatial planning", "國土規劃 都市更新"),
    ("人才培育", "talent development", "人才培育 終身學習"),
    ("數位轉型", "digital transformation", "數位轉型 數位治理"),
    ("反洗錢", "anti-money laundering", "反洗錢 資恐防制 實質受益人"),
    ("政府採購", "public procurement", "政府採購 開放採購 Public Procurement"),
    ("法規調適", "regulatory reform", "法規調適 管制革新"),
    ("公民科技", "civic technology", "公民科技 Civic Tech"),
    ("個人資料保護", "personal data protection", "個人資料保護 隱私權"),
    ("開放國會", "open parliament", "開放國會 Open Parliament"),
    ("財政透明", "fiscal transparency", "財政透明 預算透明"),
    ("高齡社會", "ageing societies", "高齡化 長期照顧"),
    ("數位包容", "digital inclusion", "數位包容 數位落差"),
    ("電子化政府", "e-government", "電子化政府 e-Government"),
    ("政策評估", "policy evaluation", "政策評估 績效管理"),
    ("假訊息因應", "countering disinformation", "假訊息 媒體識讀 Disinformation"),
    ("淨零排放", "net zero", "淨零排放 Net Zero"),
]

# The topics a delegation to an open-government summit reports on.
SUMMIT_TOPICS = [
    topic
    for topic in TOPICS
    if topic[0]
    in _words(
        "開放資料 資料治理 廉政制度 公共參與機制 參與式預算 公民科技 開放國會 財政透明 政府採購 反洗錢 "
        "假訊息因應 數位政府服務 人工智慧應用 個人資料保護 數位包容 電子化政府"
    )
]

PLAN_TITLES = [
    ("赴{dest}考察{topic}", ReportCategory.INSPECTION, ""),
    ("赴{dest}考察{topic}推動經驗", ReportCategory.INSPECTION, ""),
    ("{year}年赴{dest}{topic}研習計畫", ReportCategory.STUDY, ""),
    ("赴{dest}參加{topic}國際研討會", ReportCategory.OTHER, "出席會議"),
    ("赴{dest}進修{topic}", ReportCategory.STUDY, ""),
    ("參訪{country}{topic}相關機構", ReportCategory.INSPECTION, ""),
    ("{topic}國際交流計畫—{dest}", ReportCategory.OTHER, "國際交流"),
    ("赴{dest}出席{topic}雙邊會議", ReportCategory.OTHER, "會議"),
    ("赴{dest}研究{topic}制度", ReportCategory.RESEARCH, ""),
    ("赴{dest}{topic}實習計畫", ReportCategory.INTERNSHIP, ""),
]
SUMMIT_PLAN_TITLES = [
    "出席{summit}",
    "出席{summit}",
    "參加{summit}",
    "出席{summit}並拜會相關機關",
    "赴{country}出席{summit}",
]

# Sentences of abstracts and section bodies; {topic} and the rest come from the report.
PURPOSE_SENTENCES = [
    "本次{trip}旨在瞭解{country}推動{topic}之制度設計與實務經驗，作為我國政策規劃之參考。",
    "為接軌國際{topic}發展趨勢，{agency}組團赴{place}，與各國政府及公民社會代表交流。",
    "{event}為國際{topic}領域之重要會議，邀集各國政府、學術界及民間組織代表共同參與。",
    "本會自{year}年起持續關注{topic}({topic_en})議題，並積極參與相關國際活動。",
    "藉由本次出國，期能建立與{country}相關機關之聯繫管道，拓展未來合作機會。",
]
BODY_SENTENCES = [
    "會中各國代表就{topic}({topic_en})議題交換意見，並分享最佳實踐案例(best practices)。",
    "{country}政府自{year}年起推動{topic}相關計畫，透過跨部會合作與公私協力，逐步建立完善之治理架構。",
    "本團拜會{org}，就{topic}之法制規範、資料標準及人才培育等面向進行深入交流。",
    "與會者普遍認為，{topic}須兼顧透明(transparency)、課責(accountability)與公眾參與(public participation)。",
    "講者指出，推動{topic}之關鍵在於高層支持、明確之績效指標及持續之社群溝通。",
    "該場次由{speaker}主持，邀請來自不同國家之政府官員及民間代表分享經驗。",
    "{org}說明其推動{topic}之組織分工、預算規模及執行成效，並提供相關書面資料。",
    "我方代表於會中簡報我國{topic}推動成果，獲與會各國代表高度關注。",
    "座談中亦討論數位落差、個人資料保護及資訊安全等配套措施之重要性。",
    "The discussion highlighted that {topic_en} requires sustained political commitment and open data.",
    "會後雙方同意持續保持聯繫，並研議於明年度辦理視訊交流會議。",
    "另參觀{org}之服務據點，瞭解第一線人員如何運用數位工具提供便民服務。",
    "該國經驗顯示，透過共創(co-creation)機制邀集利害關係人參與，可有效提升政策之可行性與公信力。",
    "本次{event}計有來自逾{count}個國家、{people}餘位代表參與，議程涵蓋{track}等主題。",
    "與談人分享其於地方層級推動{topic}之經驗，強調由下而上之參與及跨部門協作。",
    "{org}代表指出，相關資料應以開放格式(open format)釋出，並建立定期更新機制。",
    "多國代表提及，推動過程中最大挑戰在於組織文化之轉變與跨機關資料之整合。",
    "本團另與{country}智庫及學者座談，瞭解該國{topic}政策之評估方法與研究成果。",
    "會議期間並舉辦多場工作坊(workshop)，由參與者分組討論具體行動方案。",
    "{country}於{year}年修正相關法規，明定主管機關權責並設置獨立監督機制。",
    "該國政府建置單一入口網站，提供民眾查詢、申辦及意見回饋等整合服務。",
    "The speakers stressed that civil society must be involved from the design stage.",
    "我國駐{country}代表處協助安排本次拜會行程，並陪同出席相關會議。",
    "Participants shared tools and practical guidance on {topic_en} for reformers in government.",
    "{org}亦分享其與公民社會合作之模式，包括定期諮詢會議及線上意見徵集平臺。",
    "會中亦介紹國際組織發布之評估報告，作為各國檢視推動成效之參考架構。",
    "本場次以魚缸對話(fishbowl)形式進行，鼓勵現場參與者輪流加入討論。",
    "與會者建議各國建立跨國同儕學習網絡，持續交流{topic}之推動經驗。",
]
REFLECTION_SENTENCES = [
    "綜觀本次{trip}，各國在{topic}之推動上雖有不同路徑，惟皆重視公私協力與資訊公開。",
    "{country}之經驗可供我國借鏡，尤其在跨機關資料整合與成效評估方面。",
    "我國在{topic}已有相當基礎，未來可透過國際參與持續分享經驗，提升國際能見度。",
    "面對快速變遷之科技環境，政府應持續檢討相關法規，以兼顧創新發展與權益保障。",
]
RECOMMENDATIONS = [
    "持續推動{topic}，強化跨機關協調與資源整合。",
    "參考{country}經驗，研議建立{topic}之評估指標與定期檢討機制。",
    "鼓勵公私部門踴躍參與國際{topic}相關會議，推廣我國經驗，提升國際能見度。",
    "建立與{org}之常態聯繫管道，深化雙邊交流與合作。",
    "加強{topic}相關人才培訓，並將國際最佳實踐納入教育訓練課程。",
    "檢討現行法規與作業流程，研擬{topic}之法制配套措施。",
    "擴大民間參與，於政策形成階段即邀請利害關係人共同研議。",
    "持續關注{event}後續發展，適時調整我國相關政策方向。",
]
FOLLOW_UPS = [
    "將本次考察心得納入{year}年度施政計畫檢討參考。",
    "於機關內部辦理心得分享會，擴散國際{topic}推動經驗。",
    "持續與{org}聯繫，蒐集{topic}相關最新資料。",
    "研議邀請國外專家來臺分享{topic}推動經驗。",
    "配合{topic}相關計畫，滾動檢討執行進度。",
]
STATUS_NOTES = [
    "已納入{year}年度施政計畫。",
    "已於{year}年辦理相關座談。",
    "持續研議中。",
    "因預算限制暫緩辦理。",
    "已函請相關機關參處。",
]
SUB_HEADINGS = ["行程概要", "會議重點", "參訪紀要", "座談交流", "拜會{org}", "{topic}之推動現況", "與會觀察"]
CLASSIFICATIONS = [
    "F0/綜合（公共行政）",
    "F1/人事行政",
    "F4/研究發展考核",
    "H0/綜合（經濟）",
    "I0/綜合（資訊）",
    "I1/資訊科技",
    "J0/綜合（交通）",
    "K0/綜合（社會）",
    "L0/綜合（教育）",
    "M0/綜合（文化）",
]
SPONSORS = ["主辦單位補助部分費用", "外交部", "OGP 秘書處補助", "國際合作發展基金會", "自費"]
NUMBERS_1 = "壹貳參肆伍陸柒捌玖拾"
NUMBERS_2 = "一二三四五六七八九十"

KEYWORDS = """
開放政府 資料開放 開放資料 公民參與 公共參與 透明 課責 反貪腐 廉政 廉能政府 數位治理 數位轉型
電子化政府 數位政府 智慧政府 智慧城市 人工智慧 生成式人工智慧 演算法課責 資訊安全 資通安全 個人資料保護
隱私權 開放國會 國會透明 參與式預算 審議式民主 公民科技 公民社會 非政府組織 性別平等 性別主流化 人權
兒童權利 身心障礙權利 原住民族 多元文化 永續發展 聯合國永續發展目標 氣候變遷 淨零排放 能源轉型 再生能源
循環經濟 環境治理 空氣污染 水資源管理 災害防救 韌性城市 公共衛生 防疫 長期照顧 社會福利 社會住宅 高齡化
少子化 勞動權益 職業安全 人才培育 終身學習 高等教育 技職教育 數位學習 數位落差 數位包容 寬頻建設 5G
電子支付 金融科技 開放銀行 反洗錢 資恐防制 實質受益人 政府採購 開放採購 公共工程 預算透明 財政透明 審計
政治獻金 遊說 財產申報 利益衝突 揭弊者保護 資訊公開 政府資訊公開法 檔案管理 政府出版品 統計 資料治理
資料標準 資料經濟 資料共享 跨域整合 公私協力 夥伴關係 地方治理 地方創生 區域合作 國際合作 國際參與 外交
新南向政策 經貿合作 投資環境 新創 中小企業 產業升級 半導體 智慧製造 觀光 文化資產 文化外交 博物館
影視產業 出版 體育 青年參與 志願服務 社區營造 媒體識讀 新聞自由 假訊息 資訊操弄 網路治理 網際網路
數位人權 言論自由 集會自由 公民空間 民主韌性 選舉 選務 電子投票 司法改革 國民法官 法律扶助 矯正 治安
警政 移民 國境管理 海洋保育 漁業 農業 糧食安全 食品安全 動物福利 林業 國家公園 國土規劃 都市更新
交通運輸 公共運輸 鐵道 航空 港埠 郵政 氣象 地震 核能安全 輻射防護 太空 科技政策 研發創新 學術交流
開放科學 智慧財產權 標準檢驗 消費者保護 公平交易 競爭政策 通訊傳播 稅務 關務 國有財產 退休制度 年金改革
人事制度 公務人員訓練 組織改造 法制作業 法規調適 管制革新 績效管理 政策評估 服務創新 為民服務 單一窗口
行政效率 行動方案 國家行動方案 承諾事項 高峰會 國際會議 考察 研習 雙邊會談 參訪 經驗分享 最佳實踐
資料驅動決策 雲端服務 區塊鏈 開放原始碼 數位身分 跨境資料流通 平台治理 數位服務 社群媒體 電子連署
公共政策網路參與平臺 vTaiwan 總統盃黑客松 社會創新 社會企業 企業社會責任 ESG 綠色金融 碳定價
OGP 開放政府夥伴關係聯盟 OECD APEC
"""
SUMMIT_KEYWORDS = ["開放政府", "OGP", "國際會議", "高峰會", "國際參與", "Open Government", "透明", "公民參與"]
KEYWORDS_EN = [
    "Open Government",
    "Open Data",
    "Civic Tech",
    "GovTech",
    "Digital Government",
    "e-Government",
    "Transparency",
    "Accountability",
    "Anti-Corruption",
    "Integrity",
    "Public Participation",
    "Co-creation",
    "Open Parliament",
    "Open Contracting",
    "Beneficial Ownership",
    "Fiscal Openness",
    "Participatory Budgeting",
    "Deliberative Democracy",
    "Civic Space",
    "Media Freedom",
    "Disinformation",
    "Digital Rights",
    "Data Governance",
    "Data Protection",
    "Privacy",
    "Cybersecurity",
    "Artificial Intelligence",
    "Algorithmic Accountability",
    "Smart City",
    "Climate Action",
    "Net Zero",
    "Energy Transition",
    "Circular Economy",
    "SDGs",
    "Gender Equality",
    "Inclusion",
    "Human Rights",
    "Access to Information",
    "Freedom of Information",
    "Whistleblowing",
    "Lobbying",
    "Public Procurement",
    "Public Service Delivery",
    "Service Design",
    "Digital Identity",
    "Interoperability",
    "Open Source",
    "Open Standards",
    "Open Science",
    "Local Government",
    "Youth",
    "Justice",
    "Rule of Law",
    "Democratic Resilience",
    "National Action Plan",
    "Independent Reporting Mechanism",
    "Civil Society",
    "Multi-stakeholder",
    "Hackathon",
]

# -- organisations ----------------------------------------------------------------------------

# The standard units of ministries, councils, local governments and universities, as “zh: en”.
MINISTRY_UNITS = """
綜合規劃司: Department of Planning
秘書處: Secretariat
人事處: Department of Personnel
政風處: Department of Civil Service Ethics
主計處: Department of Accounting
資訊處: Department of Information Management
法規會: Legal Affairs Committee
"""
COUNCIL_UNITS = """
綜合規劃處: Department of Planning
秘書處: Secretariat
人事室: Personnel Office
政風室: Civil Service Ethics Office
主計室: Accounting Office
資訊處: Department of Information Management
法制處: Department of Legal Affairs
"""
CITY_UNITS = """
研究發展考核委員會: Research, Development and Evaluation Commission
資訊局: Department of Information Technology
民政局: Department of Civil Affairs
社會局: Department of Social Welfare
環境保護局: Department of Environmental Protection
教育局: Department of Education
財政局: Department of Finance
主計處: Department of Budget, Accounting and Statistics
人事處: Department of Personnel
政風處: Department of Civil Service Ethics
都市發展局: Department of Urban Development
交通局: Department of Transportation
衛生局: Department of Health
文化局: Department of Cultural Affairs
經濟發展局: Department of Economic Development
觀光傳播局: Department of Information and Tourism
秘書處: Secretariat
法務局: Department of Legal Affairs
"""
COUNTY_UNITS = """
計畫處: Department of Planning
民政處: Department of Civil Affairs
社會處: Department of Social Affairs
教育處: Department of Education
環境保護局: Environmental Protection Bureau
財政處: Department of Finance
主計處: Department of Budget, Accounting and Statistics
人事處: Department of Personnel
政風處: Department of Civil Service Ethics
建設處: Department of Construction
文化局: Cultural Affairs Bureau
衛生局: Public Health Bureau
"""
UNIVERSITY_UNITS = """
公共行政學系: Department of Public Administration
政治學系: Department of Political Science
法律學系: Department of Law
資訊工程學系: Department of Computer Science and Information Engineering
社會學系: Department of Sociology
國家發展研究所: Graduate Institute of National Development
公共事務研究所: Graduate Institute of Public Affairs
新聞學系: Department of Journalism
經濟學系: Department of Economics
風險社會與政策研究中心: Risk Society and Policy Research Center
"""
SECTIONS = """
第一科: Section 1
第二科: Section 2
第三科: Section 3
第四科: Section 4
綜合科: General Affairs Section
"""

# Taiwanese bodies: zh | en | short names… | kind | weight | the standard units it has (MINISTRY…);
# its own units on the indented lines under it, as “zh: en”.
TAIWAN_BODIES = """
內政部|Ministry of the Interior|MOI|government|6|MINISTRY
    戶政司: Department of Household Registration
    民政司: Department of Civil Affairs
    合作及人民團體司: Department of Cooperatives and Civic Organizations
    移民署: National Immigration Agency
    警政署: National Police Agency
    消防署: National Fire Agency
    國土管理署: National Land Management Agency
國防部|Ministry of National Defense|MND|government|2|MINISTRY
    政治作戰局: Political Warfare Bureau
    軍備局: Armaments Bureau
    資通電軍指揮部: Information, Communications and Electronic Force Command
財政部|Ministry of Finance|MOF|government|4|MINISTRY
    賦稅署: Taxation Administration
    國庫署: National Treasury Administration
    關務署: Customs Administration
    國有財產署: National Property Administration
    財政資訊中心: Fiscal Information Agency
教育部|Ministry of Education|MOE|government|6|MINISTRY
    高等教育司: Department of Higher Education
    技術及職業教育司: Department of Technological and Vocational Education
    終身教育司: Department of Lifelong Education
    國際及兩岸教育司: Department of International and Cross-Strait Education
    國民及學前教育署: K-12 Education Administration
    體育署: Sports Administration
    青年發展署: Youth Development Administration
    資訊及科技教育司: Department of Information and Technology Education
法務部|Ministry of Justice|MOJ|government|5|MINISTRY
    廉政署: Agency Against Corruption
    調查局: Investigation Bureau
    檢察司: Department of Prosecutorial Affairs
    法制司: Department of Legal Affairs
    矯正署: Agency of Corrections
    保護司: Department of Protection
經濟部|Ministry of Economic Affairs|MOEA|government|8|MINISTRY
    國際貿易署: International Trade Administration
    產業發展署: Industrial Development Administration
    能源署: Energy Administration
    中小及新創企業署: Small and Medium Enterprise and Startup Administration
    智慧財產局: Intellectual Property Office
    標準檢驗局: Bureau of Standards, Metrology and Inspection
    水利署: Water Resources Agency
    商業發展署: Commerce Development Administration
交通部|Ministry of Transportation and Communications|MOTC|government|5|MINISTRY
    路政司: Department of Railways and Highways
    航政司: Department of Navigation and Aviation
    郵電司: Department of Posts and Telecommunications
    觀光署: Tourism Administration
    中央氣象署: Central Weather Administration
    公路局: Highway Bureau
    民用航空局: Civil Aeronautics Administration
勞動部|Ministry of Labor|MOL|government|4|MINISTRY
    勞動力發展署: Workforce Development Agency
    職業安全衛生署: Occupational Safety and Health Administration
    勞工保險局: Bureau of Labor Insurance
    勞動條件及就業平等司: Department of Labor Standards and Equal Employment
    勞動關係司: Department of Labor Relations
農業部|Ministry of Agriculture|MOA|government|4|MINISTRY
    農糧署: Agriculture and Food Agency
    漁業署: Fisheries Agency
    林業及自然保育署: Forestry and Nature Conservation Agency
    動植物防疫檢疫署: Animal and Plant Health Inspection Agency
    農田水利署: Irrigation Agency
衛生福利部|Ministry of Health and Welfare|衛福部|MOHW|government|7|MINISTRY
    社會救助及社工司: Department of Social Assistance and Social Work
    疾病管制署: Centers for Disease Control
    食品藥物管理署: Food and Drug Administration
    中央健康保險署: National Health Insurance Administration
    國民健康署: Health Promotion Administration
    長期照顧司: Department of Long-Term Care
    社會及家庭署: Social and Family Affairs Administration
環境部|Ministry of Environment|MOENV|government|4|MINISTRY
    氣候變遷署: Climate Change Administration
    資源循環署: Resource Circulation Administration
    化學物質管理署: Chemicals Administration
    環境管理署: Environmental Management Administration
文化部|Ministry of Culture|MOC|government|4|MINISTRY
    人文及出版司: Department of Humanities and Publications
    文化資源司: Department of Cultural Resources
    影視及流行音樂產業局: Bureau of Audiovisual and Music Industry Development
    文化交流司: Department of Cultural Exchanges
    文化資產局: Bureau of Cultural Heritage
數位發展部|Ministry of Digital Affairs|數位部|moda|government|6|MINISTRY
    數位政府司: Department of Digital Government
    資源管理司: Department of Resource Management
    韌性建設司: Department of Resilience
    民主網絡司: Department of Democracy Networks
    多元創新司: Department of Plural Innovation
    數位產業署: Administration for Digital Industries
    資通安全署: Administration for Cyber Security
國家科學及技術委員會|National Science and Technology Council|國科會|NSTC|government|5|COUNCIL
    前瞻及應用科技處: Department of Foresight and Innovation Policies
    自然科學及永續研究發展處: Department of Natural Sciences and Sustainable Development
    人文及社會科學研究發展處: Department of Humanities and Social Sciences
    科教發展及國際合作處: Department of International Cooperation and Science Education
    新竹科學園區管理局: Hsinchu Science Park Bureau
大陸委員會|Mainland Affairs Council|陸委會|MAC|government|2|COUNCIL
    企劃處: Department of Planning
    經濟處: Department of Economic Affairs
    文教處: Department of Culture and Education
    法政處: Department of Legal and Political Affairs
    港澳處: Department of Hong Kong and Macao Affairs
金融監督管理委員會|Financial Supervisory Commission|金管會|FSC|government|4|COUNCIL
    銀行局: Banking Bureau
    證券期貨局: Securities and Futures Bureau
    保險局: Insurance Bureau
    檢查局: Financial Examination Bureau
海洋委員會|Ocean Affairs Council|海委會|OAC|government|2|COUNCIL
    海巡署: Coast Guard Administration
    海洋保育署: Ocean Conservation Administration
    國家海洋研究院: National Academy of Marine Research
僑務委員會|Overseas Community Affairs Council|僑委會|OCAC|government|2|COUNCIL
    僑民處: Department of Overseas Compatriot Affairs
    僑商處: Department of Overseas Compatriot Business
    僑生處: Department of Overseas Compatriot Students
國軍退除役官兵輔導委員會|Veterans Affairs Council|退輔會|VAC|government|1|COUNCIL
    就業處: Department of Employment
    服務照顧處: Department of Services and Care
原住民族委員會|Council of Indigenous Peoples|原民會|CIP|government|2|COUNCIL
    教育文化處: Department of Education and Culture
    社會福利處: Department of Social Welfare
    經濟發展處: Department of Economic Development
    土地管理處: Department of Land Management
客家委員會|Hakka Affairs Council|客委會|HAC|government|1|COUNCIL
    文化教育處: Department of Culture and Education
    傳播行銷處: Department of Communication and Marketing
    產業經濟處: Department of Industry and Economy
公共工程委員會|Public Construction Commission|工程會|PCC|government|2|COUNCIL
    企劃處: Department of Planning
    技術處: Department of Technical Affairs
    工程管理處: Department of Project Management
    採購申訴審議委員會: Complaint Review Board for Government Procurement
行政院主計總處|Directorate-General of Budget, Accounting and Statistics|主計總處|DGBAS|government|3|COUNCIL
    綜合統計處: Department of Statistics
    國勢普查處: Department of Census
    公務預算處: Department of Public Budget
    會計決算處: Department of Accounting
    主計資訊處: Department of Information
行政院人事行政總處|Directorate-General of Personnel Administration|人事總處|DGPA|government|3|COUNCIL
    組編人力處: Department of Organization and Manpower
    培訓考用處: Department of Training and Examination
    給與福利處: Department of Compensation and Welfare
    公務人力發展學院: Civil Service Development Institute
中央銀行|Central Bank of the Republic of China (Taiwan)|央行|government|2
    業務局: Department of Banking
    外匯局: Foreign Exchange Department
    經濟研究處: Department of Economic Research
    金融業務檢查處: Department of Financial Inspection
國立故宮博物院|National Palace Museum|故宮|government|2
    器物處: Department of Antiquities
    書畫文獻處: Department of Painting, Calligraphy and Rare Books
    教育展資處: Department of Education, Exhibition and Information Services
    南部院區處: Southern Branch
中央選舉委員會|Central Election Commission|中選會|CEC|government|1|COUNCIL
    選務處: Department of Election Affairs
    法政處: Department of Legal Affairs
公平交易委員會|Fair Trade Commission|公平會|FTC|government|1|COUNCIL
    服務業競爭處: Department of Service Industry Competition
    製造業競爭處: Department of Manufacturing Industry Competition
國家通訊傳播委員會|National Communications Commission|通傳會|NCC|government|2|COUNCIL
    基礎設施事業管理處: Department of Infrastructure Business Management
    傳播內容處: Department of Communications Content
    電臺與射頻處: Department of Radio Frequency
核能安全委員會|Nuclear Safety Commission|核安會|government|1|COUNCIL
    核能管制處: Department of Nuclear Regulation
    輻射防護處: Department of Radiation Protection
總統府|Office of the President|government|2
    第一局: First Bureau
    第二局: Second Bureau
    公共事務室: Office of Public Affairs
司法院|Judicial Yuan|government|2
    司法行政廳: Department of Judicial Administration
    刑事廳: Department of Criminal Affairs
    民事廳: Department of Civil Affairs
    資訊處: Department of Information Management
考試院|Examination Yuan|government|1
    銓敘部: Ministry of Civil Service
    考選部: Ministry of Examination
    國家文官學院: National Academy of Civil Service
審計部|National Audit Office|control|2
    第一廳: First Department
    第二廳: Second Department
    第三廳: Third Department
    第四廳: Fourth Department
    第五廳: Fifth Department
國家人權委員會|National Human Rights Commission|control|1
臺北市政府|Taipei City Government|北市府|local_government|5|CITY
新北市政府|New Taipei City Government|新北市府|local_government|4|CITY
桃園市政府|Taoyuan City Government|local_government|3|CITY
臺中市政府|Taichung City Government|local_government|3|CITY
臺南市政府|Tainan City Government|local_government|3|CITY
高雄市政府|Kaohsiung City Government|local_government|3|CITY
基隆市政府|Keelung City Government|local_government|1|COUNTY
新竹市政府|Hsinchu City Government|local_government|1|COUNTY
新竹縣政府|Hsinchu County Government|local_government|1|COUNTY
苗栗縣政府|Miaoli County Government|local_government|1|COUNTY
彰化縣政府|Changhua County Government|local_government|1|COUNTY
南投縣政府|Nantou County Government|local_government|1|COUNTY
雲林縣政府|Yunlin County Government|local_government|1|COUNTY
嘉義市政府|Chiayi City Government|local_government|1|COUNTY
嘉義縣政府|Chiayi County Government|local_government|1|COUNTY
屏東縣政府|Pingtung County Government|local_government|1|COUNTY
宜蘭縣政府|Yilan County Government|local_government|1|COUNTY
花蓮縣政府|Hualien County Government|local_government|1|COUNTY
臺東縣政府|Taitung County Government|local_government|1|COUNTY
澎湖縣政府|Penghu County Government|local_government|1|COUNTY
金門縣政府|Kinmen County Government|local_government|1|COUNTY
連江縣政府|Lienchiang County Government|local_government|1|COUNTY
臺北市議會|Taipei City Council|legislature|1
新北市議會|New Taipei City Council|legislature|1
臺中市議會|Taichung City Council|legislature|1
高雄市議會|Kaohsiung City Council|legislature|1
國立臺灣大學|National Taiwan University|臺大|NTU|academia|2|UNIVERSITY
國立政治大學|National Chengchi University|政大|NCCU|academia|2|UNIVERSITY
國立清華大學|National Tsing Hua University|清大|academia|1|UNIVERSITY
國立陽明交通大學|National Yang Ming Chiao Tung University|陽明交大|academia|1|UNIVERSITY
國立成功大學|National Cheng Kung University|成大|academia|1|UNIVERSITY
國立中山大學|National Sun Yat-sen University|中山大學|academia|1|UNIVERSITY
國立臺北大學|National Taipei University|北大|academia|1|UNIVERSITY
國立中正大學|National Chung Cheng University|academia|1|UNIVERSITY
國立臺灣師範大學|National Taiwan Normal University|臺師大|academia|1|UNIVERSITY
東吳大學|Soochow University|academia|1|UNIVERSITY
世新大學|Shih Hsin University|academia|1|UNIVERSITY
輔仁大學|Fu Jen Catholic University|輔大|academia|1|UNIVERSITY
國家衛生研究院|National Health Research Institutes|國衛院|academia|1
國家實驗研究院|National Applied Research Laboratories|國研院|NARLabs|academia|1
工業技術研究院|Industrial Technology Research Institute|工研院|ITRI|academia|2
    資訊與通訊研究所: Information and Communications Research Laboratories
    產業科技國際策略發展所: Industry, Science and Technology International Strategy Center
資訊工業策進會|Institute for Information Industry|資策會|III|academia|2
    數位轉型研究院: Digital Transformation Institute
    科技法律研究所: Science and Technology Law Institute
中華經濟研究院|Chung-Hua Institution for Economic Research|中經院|CIER|academia|1
台灣經濟研究院|Taiwan Institute of Economic Research|台經院|TIER|academia|1
台灣民主基金會|Taiwan Foundation for Democracy|TFD|civil_society|1
台灣透明組織協會|Transparency International Chinese Taipei|civil_society|1
民間司法改革基金會|Judicial Reform Foundation|司改會|civil_society|1
地球公民基金會|Citizen of the Earth, Taiwan|civil_society|1
主婦聯盟環境保護基金會|Homemakers United Foundation|civil_society|1
婦女新知基金會|Awakening Foundation|civil_society|1
台灣少年權益與福利促進聯盟|Taiwan Alliance for Advancement of Youth Rights and Welfare|civil_society|1
台灣永續能源研究基金會|Taiwan Institute for Sustainable Energy|civil_society|1
台灣環境資訊協會|Taiwan Environmental Information Association|civil_society|1
台灣數位外交協會|Taiwan Digital Diplomacy Association|civil_society|1
台灣公益團體自律聯盟|Taiwan NPO Self-Regulation Alliance|civil_society|1
中華民國身心障礙聯盟|League for Persons with Disabilities, R.O.C.|civil_society|1
經濟民主連合|Economic Democracy Union|civil_society|1
台灣資訊社會研究學會|Taiwan Information Society Research Association|civil_society|1
沃草|Watchout|civil_society|1
台灣公民參與協會|Taiwan Association for Civic Participation|civil_society|1
中央通訊社|Central News Agency|中央社|CNA|media|1
公共電視|Public Television Service|公視|PTS|media|1
報導者|The Reporter|media|1
天下雜誌|CommonWealth Magazine|media|1
中華電信|Chunghwa Telecom|company|1
趨勢科技|Trend Micro|company|1
台灣人工智慧實驗室|Taiwan AI Labs|company|1
"""

FOREIGN_MINISTRIES = [
    ("Ministry of Justice", "司法部", 3),
    ("Ministry of Digital Affairs", "數位事務部", 2),
    ("Ministry of Public Administration", "公共行政部", 2),
    ("Ministry of Finance", "財政部", 2),
    ("Ministry of Foreign Affairs", "外交部", 3),
    ("Ministry of the Interior", "內政部", 2),
    ("Ministry of Economic Affairs", "經濟部", 2),
    ("Office of the Prime Minister", "總理辦公室", 1),
    ("Anti-Corruption Agency", "反貪腐局", 2),
    ("Ministry of Environment", "環境部", 1),
]
INTERNATIONAL_BODIES = """
World Bank|世界銀行|international|
United Nations Development Programme|聯合國開發計畫署|international|UNDP
UNESCO|聯合國教科文組織|international|
Inter-American Development Bank|美洲開發銀行|international|IDB
Asian Development Bank|亞洲開發銀行|international|ADB
European Commission|歐盟執委會|international|
Council of Europe|歐洲理事會|international|
Organization of American States|美洲國家組織|international|OAS
United Nations Office on Drugs and Crime|聯合國毒品和犯罪問題辦公室|international|UNODC
Open Data Charter|開放資料憲章|international|
International IDEA|國際民主與選舉協助研究所|international|
Community of Democracies|民主國家社群|international|
Extractive Industries Transparency Initiative|採掘業透明度倡議|international|EITI
Global Initiative for Fiscal Transparency|全球財政透明倡議|international|GIFT
Internet Society||international|ISOC
Open Ownership||civil_society|
Global Integrity||civil_society|
Article 19||civil_society|
Access Now||civil_society|
Accountability Lab||civil_society|
Hivos||civil_society|
Oxfam|樂施會|civil_society|
Publish What You Pay||civil_society|PWYP
Natural Resource Governance Institute||civil_society|NRGI
Open Knowledge Foundation|開放知識基金會|civil_society|OKF
mySociety||civil_society|
Code for America||civil_society|
International Budget Partnership|國際預算夥伴關係|civil_society|IBP
CIVICUS||civil_society|
Luminate||civil_society|
Omidyar Network||civil_society|
Open Society Foundations|開放社會基金會|civil_society|OSF
National Democratic Institute|美國國家民主研究院|civil_society|NDI
International Republican Institute|國際共和研究院|civil_society|IRI
Westminster Foundation for Democracy|西敏寺民主基金會|civil_society|WFD
The Carter Center|卡特中心|civil_society|
Freedom House|自由之家|civil_society|
Reporters Without Borders|無國界記者|civil_society|RSF
Wikimedia Foundation|維基媒體基金會|civil_society|
Mozilla Foundation|Mozilla 基金會|civil_society|
Ushahidi||civil_society|
Global Witness|全球見證|civil_society|
Integrity Action||civil_society|
Code for Africa||civil_society|
Derechos Digitales||civil_society|
Fundar||civil_society|
Poder Ciudadano||civil_society|
Ashoka||civil_society|
"""
# Titles of people abroad, by the kind of their organisation: (English, Chinese).
FOREIGN_TITLES = {
    "government": [
        ("Minister", "部長"),
        ("Deputy Minister", "副部長"),
        ("Director", "處長"),
        ("Senior Advisor", "資深顧問"),
        ("Head of Unit", "組長"),
        ("Policy Officer", "政策官員"),
        ("Legal Officer", "法務官員"),
    ],
    "legislature": [
        ("Member of Parliament", "國會議員"),
        ("Speaker", "議長"),
        ("Senior Advisor", "資深顧問"),
    ],
    "local_government": [("Mayor", "市長"), ("Deputy Mayor", "副市長"), ("Director", "局長")],
    "international": [
        ("Director", "處長"),
        ("Senior Advisor", "資深顧問"),
        ("Programme Manager", "計畫經理"),
        ("Head of Unit", "組長"),
        ("Senior Policy Analyst", "資深政策分析師"),
    ],
    "civil_society": [
        ("Executive Director", "執行長"),
        ("Chief Executive Officer", "執行長"),
        ("Programme Manager", "計畫經理"),
        ("Researcher", "研究員"),
        ("Co-Founder", "共同創辦人"),
        ("Country Coordinator", "國家協調人"),
        ("Chair", "主席"),
    ],
}

# Titles by sector and rank: 0 heads an organisation, 1 heads a unit or deputises, 2 middle
# ranks, 3 staff. Civil-service grades (官職等) of the government ranks.
TITLES = {
    "government": (
        ["部長", "主任委員", "署長", "院長"],
        ["政務次長", "常務次長", "副主任委員", "主任秘書", "司長", "處長", "署長", "局長", "參事"],
        ["副司長", "副處長", "專門委員", "簡任視察", "科長", "研究委員", "高級分析師", "簡任技正"],
        ["專員", "科員", "視察", "技正", "研究員", "分析師", "設計師", "技士", "助理研究員"],
    ),
    "local_government": (
        ["市長", "縣長"],
        ["副市長", "副縣長", "秘書長", "局長", "處長", "主任委員"],
        ["副局長", "副處長", "主任秘書", "專門委員", "科長"],
        ["股長", "專員", "科員", "技士", "約聘研究員"],
    ),
    "legislature": (["議長"], ["副議長"], ["議員"], ["議員助理", "秘書", "專員"]),
    "control": (
        ["審計長", "主任委員"],
        ["廳長", "委員", "副審計長"],
        ["副廳長", "審計", "科長"],
        ["稽察", "專員", "研究員", "佐理員"],
    ),
    "academia": (
        ["校長", "院長", "董事長"],
        ["學院院長", "所長", "系主任", "中心主任"],
        ["教授", "研究員", "副教授", "副研究員"],
        ["助理教授", "博士後研究員", "研究助理", "博士生"],
    ),
    "civil_society": (
        ["理事長", "董事長"],
        ["執行長", "秘書長"],
        ["主任", "研究員", "專案經理", "副執行長"],
        ["專員", "倡議專員", "研究助理", "國際交流專員"],
    ),
    "media": (["社長", "總編輯"], ["副總編輯", "主編"], ["資深記者", "編輯"], ["記者", "攝影記者"]),
    "company": (
        ["董事長", "總經理"],
        ["副總經理", "執行長"],
        ["經理", "資深顧問"],
        ["工程師", "專案經理", "分析師"],
    ),
}
GRADES = (
    ["特任"],
    ["簡任第12職等", "簡任第13職等", "簡任第14職等"],
    ["簡任第10職等", "簡任第11職等", "薦任第9職等"],
    ["薦任第6職等", "薦任第7職等", "薦任第8職等", "委任第5職等"],
)
RANK_WEIGHTS = (1, 6, 28, 65)
SECTOR_OF_KIND = {
    "government": Sector.EXECUTIVE,
    "local_government": Sector.LOCAL_GOVERNMENT,
    "legislature": Sector.LEGISLATURE,
    "control": Sector.CONTROL_YUAN,
    "academia": Sector.ACADEMIA,
    "civil_society": Sector.CIVIL_SOCIETY,
    "media": Sector.MEDIA,
    "company": Sector.BUSINESS,
}
# Where the Taiwanese people of the archive work (per cent).
PEOPLE_BY_SECTOR = {
    "government": 68,
    "local_government": 10,
    "academia": 9,
    "civil_society": 7,
    "legislature": 2,
    "control": 2,
    "media": 1,
    "company": 1,
}
# Kinds whose top-level bodies organise delegations and file reports.
ORGANISING_KINDS = {"government", "local_government", "control", "legislature"}

# Languages of a session, by the host country's own language.
LOCAL_LANGUAGE = {
    "FR": "fr",
    "BE": "fr",
    "SN": "fr",
    "TN": "fr",
    "MA": "fr",
    "CH": "fr",
    "ES": "es",
    "MX": "es",
    "AR": "es",
    "CL": "es",
    "CO": "es",
    "CR": "es",
    "PA": "es",
    "PY": "es",
    "GT": "es",
    "EE": "et",
    "MO": "zh",
}


# ---------------------------------------------------------------------------------------------
# Sizes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    """How much to make for `reports` reports. Sessions, roles and roster rows grow with the
    reports; people too, with a floor so that small archives still have people to share;
    organisations and summits grow up to the size of the real world (2,000 and 50)."""

    reports: int
    people: int
    organizations: int
    summits: int
    sessions: int

    @classmethod
    def for_reports(cls, reports):
        return cls(
            reports=reports,
            people=max(3 * reports, 100),
            organizations=min(2000, max(300, reports // 20)),
            summits=min(50, max(3, reports // 200)),
            sessions=2 * reports,
        )


# ---------------------------------------------------------------------------------------------
# What is generated, and clearing it
# ---------------------------------------------------------------------------------------------


def generated(model):
    """The generated rows of a model with a slug."""
    return model.objects.filter(slug__startswith=PREFIX)


def generated_counts():
    """How many generated records of each slugged kind the database holds."""
    return {
        model._meta.verbose_name_plural: generated(model).count()
        for model in (Report, Delegation, Event, Person, Organization)
    }


def delete_in_chunks(queryset, chunk=5000):
    """Delete a queryset a chunk of primary keys at a time: the deletion collector holds only
    a chunk (and what cascades from it) in memory. The model's own querysets start each
    deletion, so receivers that refresh a parent's search document see that the parent goes too."""
    model = queryset.model
    pks = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), chunk):
        model.objects.filter(pk__in=pks[start : start + chunk]).delete()
    return len(pks)


def clear_generated_data(log=None):
    """Delete every generated row, dependants first; real records stay as they are. Returns
    {label: rows deleted} for the slugged models."""
    deleted = {}

    def step(label, count):
        deleted[label] = count
        if log:
            log(f"  cleared {count:,} {label}")

    # Reports take their authors, sections, recommendations, follow-up items and keyword links.
    step("reports", delete_in_chunks(generated(Report)))
    step("delegations", delete_in_chunks(generated(Delegation)))
    # Events: sessions inside sessions first, then the other sessions, then the summits (with
    # their rooms and tracks): `parent`, `summit` and `room` protect what they point at.
    events = generated(Event)
    nested = events.exclude(kind=EventKind.SUMMIT).exclude(parent__kind=EventKind.SUMMIT)
    count = 0
    while nested.exists():
        leaves = nested.exclude(Exists(Event.objects.filter(parent=OuterRef("pk"))))
        count += delete_in_chunks(leaves)
    count += delete_in_chunks(events.exclude(kind=EventKind.SUMMIT))
    count += delete_in_chunks(events)
    step("events", count)
    step("people", delete_in_chunks(generated(Person)))
    # Organisations: units before the bodies they belong to (`parent` protects).
    organizations = generated(Organization)
    count = 0
    while organizations.exists():
        leaves = organizations.exclude(Exists(Organization.objects.filter(parent=OuterRef("pk"))))
        count += delete_in_chunks(leaves)
    step("organisations", count)
    # Keywords are shared by name: only the generator's own words that no report uses any more.
    step(
        "keywords",
        delete_in_chunks(Keyword.objects.filter(name__in=keyword_vocabulary(), reports__isnull=True)),
    )
    return deleted


# ---------------------------------------------------------------------------------------------
# Names that must not be generated
# ---------------------------------------------------------------------------------------------


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def reserved_name_keys(fixtures=FIXTURES_DIR):
    """Matching keys that generated names must avoid: every name in the demo data set's files
    and of every person and organisation already in the database that was not generated. The
    demo loader and staff match people and organisations by these keys; a generated namesake
    would make a real name ambiguous, or link a real roster row to a generated record."""
    texts = []
    for path in sorted(fixtures.rglob("*.csv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            for cell in line.split(","):
                for part in cell.split("|"):
                    texts += [part, part.partition(":")[2]]
    for path in sorted(fixtures.rglob("*.yaml")):
        texts += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    keys = {name_key(text.strip().strip('"')) for text in texts if len(text) < 300}
    real_people = Person.objects.exclude(slug__startswith=PREFIX)
    real_organizations = Organization.objects.exclude(slug__startswith=PREFIX)
    for queryset, fields in [
        (real_people, ["name_zh_key", "name_en_key"]),
        (PersonName.objects.filter(person__in=real_people), ["key"]),
        (real_organizations, ["name_zh_key", "name_en_key"]),
        (OrganizationName.objects.filter(organization__in=real_organizations), ["key"]),
    ]:
        for field in fields:
            keys.update(queryset.values_list(field, flat=True).distinct())
    keys.discard("")
    return keys


def keyword_vocabulary():
    words = list(dict.fromkeys([*KEYWORDS.split(), *KEYWORDS_EN]))
    return words


# ---------------------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------------------


class Stats:
    """Rows written and seconds spent writing, per table."""

    def __init__(self):
        self.rows = defaultdict(int)
        self.seconds = defaultdict(float)

    def add(self, label, rows, seconds):
        self.rows[label] += rows
        self.seconds[label] += seconds


@dataclass
class Org:
    pk: int
    name_zh: str
    name_en: str
    kind: str
    country: str
    level: int
    group: int  # index of the top-level body
    unit_suffix: str
    weight: int


@dataclass
class SummitInfo:
    pk: int
    slug: str
    title_zh: str
    title_en: str
    country: str
    country_zh: str
    city_en: str
    city_zh: str
    start: datetime.date
    end: datetime.date
    session_ids: list
    role_counts: list  # roles per session, parallel to session_ids
    title_codes: list  # session_titles() of each session, parallel to session_ids


def _parse_units(text):
    """[(zh, en)] of lines "zh: en"."""
    return [
        tuple(part.strip() for part in line.partition(":")[::2]) for line in text.split("\n") if line.strip()
    ]


def _taiwan_bodies():
    """[(fields of the body line, [(unit zh, unit en)])] of TAIWAN_BODIES."""
    bodies = []
    for line in TAIWAN_BODIES.strip("\n").split("\n"):
        if line.startswith(" "):
            bodies[-1][1].extend(_parse_units(line))
        else:
            bodies.append((line.split("|"), []))
    return bodies


# Heads whose title the name does not tell.
HEADS = {
    "行政院主計總處": "主計長",
    "行政院人事行政總處": "人事長",
    "中央銀行": "總裁",
    "總統府": "秘書長",
    "審計部": "審計長",
}


def _head_title(unit_name):
    """The title of who heads a body or unit, from how its name ends."""
    if unit_name.endswith("市政府"):
        return "市長"
    if unit_name.endswith("縣政府"):
        return "縣長"
    for suffix, title in [
        ("委員會", "主任委員"),
        ("學院", "院長"),
        ("中心", "主任"),
        ("研究所", "所長"),
        ("學系", "系主任"),
        ("司", "司長"),
        ("處", "處長"),
        ("署", "署長"),
        ("局", "局長"),
        ("科", "科長"),
        ("室", "主任"),
        ("廳", "廳長"),
        ("部", "部長"),
        ("院", "院長"),
        ("會", "主任委員"),
    ]:
        if unit_name.endswith(suffix):
            return title
    return "主任"


class ScaleDataGenerator:
    def __init__(self, reports, seed=1, batch_size=5000, log=None):
        self.size = Size.for_reports(reports)
        self.seed = seed
        self.batch_size = batch_size
        self.log = log or (lambda message: None)
        self.stats = Stats()
        # A chunk of reports is generated and written at a time (about 10 roster rows each).
        self.chunk = max(100, batch_size // 2)

    # -- plumbing ------------------------------------------------------------------------------

    def rng(self, part):
        """The random generator of one part of the archive: parts do not shift one another."""
        return random.Random(f"ogparchive-scale/{self.seed}/{part}")

    def insert(self, model, objects, ids=False):
        """Write unsaved `objects` as new rows; with `ids`, their primary keys are set afterwards.

        bulk_create in batches, except on PostgreSQL, where COPY writes the same values several
        times faster (the ids reserved first from the table's own sequence, so that concurrent
        writers are safe). Like bulk_create, it calls no save() and sends no signals."""
        if not objects:
            return objects
        started = time.perf_counter()
        if connection.vendor == "postgresql":
            for start in range(0, len(objects), self.batch_size):
                copy_rows(model, objects[start : start + self.batch_size], ids)
        else:
            model.objects.bulk_create(objects, batch_size=self.batch_size)
        if settings.DEBUG:
            # With DEBUG on, Django keeps the text of every query: not that of 5,000-row INSERTs.
            reset_queries()
        self.stats.add(model._meta.label, len(objects), time.perf_counter() - started)
        return objects

    def progress(self, label, done, total, started):
        elapsed = time.perf_counter() - started
        rate = done / elapsed if elapsed else 0
        self.log(
            f"  {label}: {done:,}/{total:,} in {elapsed:,.1f} s ({rate:,.0f} {label}/s, with what they hold)"
        )

    @staticmethod
    def with_search_document(record):
        """The search document as save() computes it for a new record, when the model keeps one
        (records whose document also holds related rows are completed by rebuild_search_index)."""
        build = getattr(record, "build_search_document", None)
        if build is not None:
            record.search_document = build()
        return record

    def fresh(self, rng, make, attempts=50):
        """A value of make(rng) whose name keys are not reserved."""
        for _ in range(attempts):
            value = make(rng)
            if not any(name_key(name) in self.reserved for name in value[:2] if name):
                return value
        raise RuntimeError("could not find a name that no real record has")

    # -- the whole ------------------------------------------------------------------------------

    def generate(self):
        """Write the archive. The caller holds the transaction."""
        if not connection.features.can_return_rows_from_bulk_insert:
            raise RuntimeError("generate_demo_data needs a database that returns ids from bulk inserts")
        self.reserved = reserved_name_keys()
        self.language_ids = dict(Language.objects.values_list("code", "pk"))
        self.countries = {}
        for line in COUNTRIES.strip().splitlines():
            code, en, zh, capital_en, capital_zh, zone = line.split("|")
            self.countries[code] = (en, zh, capital_en, capital_zh, zone)
        self.make_keywords()
        self.make_organizations()
        self.make_people()
        self.make_summits()
        self.make_reports()
        return self.stats

    def country_names(self, code):
        """(English, Chinese) name of a country."""
        if code in self.countries:
            return self.countries[code][:2]
        return OTHER_COUNTRIES[code]

    # -- keywords -------------------------------------------------------------------------------

    def make_keywords(self):
        words = keyword_vocabulary()
        existing = set(Keyword.objects.filter(name__in=words).values_list("name", flat=True))
        self.insert(Keyword, [Keyword(name=word) for word in words if word not in existing])
        self.keyword_id = dict(Keyword.objects.filter(name__in=words).values_list("name", "pk"))
        self.keyword_ids = [self.keyword_id[word] for word in words]

    # -- organisations --------------------------------------------------------------------------

    def organization_catalogue(self):
        """Every organisation the generator knows, as (level, parent index, fields, short names),
        parents before their units."""
        entries = []

        def add(level, parent, name_zh, name_en, kind, country, shorts=(), weight=1, unit_suffix=""):
            entries.append(
                {
                    "level": level,
                    "parent": parent,
                    "name_zh": name_zh,
                    "name_en": name_en,
                    "kind": kind,
                    "country": country,
                    "shorts": list(shorts),
                    "weight": weight,
                    "unit_suffix": unit_suffix,
                }
            )
            return len(entries) - 1

        standard = {
            "MINISTRY": MINISTRY_UNITS,
            "COUNCIL": COUNCIL_UNITS,
            "CITY": CITY_UNITS,
            "COUNTY": COUNTY_UNITS,
            "UNIVERSITY": UNIVERSITY_UNITS,
        }
        for fields, own_units in _taiwan_bodies():
            name_zh, name_en = fields[0], fields[1]
            kind_at = next(i for i, value in enumerate(fields) if value in OrganizationKind.values)
            shorts = fields[2:kind_at]
            kind, weight = fields[kind_at], int(fields[kind_at + 1])
            unit_set = fields[kind_at + 2] if len(fields) > kind_at + 2 else ""
            units = own_units + _parse_units(standard.get(unit_set, ""))
            top = add(1, None, name_zh, name_en, kind, "TW", shorts, weight)
            seen = set()
            for unit_zh, unit_en in units:
                if unit_zh in seen:
                    continue
                seen.add(unit_zh)
                unit = add(
                    2, top, name_zh + unit_zh, f"{unit_en}, {name_en}", kind, "TW", unit_suffix=unit_zh
                )
                if unit_set in ("MINISTRY", "COUNCIL") and unit_zh[-1] in "司處署局":
                    for section_zh, section_en in _parse_units(SECTIONS):
                        add(
                            3,
                            unit,
                            name_zh + unit_zh + section_zh,
                            f"{section_en}, {unit_en}, {name_en}",
                            kind,
                            "TW",
                            unit_suffix=section_zh,
                        )
        for line in INTERNATIONAL_BODIES.strip().splitlines():
            name_en, name_zh, kind, short = line.split("|")
            add(1, None, name_zh, name_en, kind, "", [short] if short else [])
        for code, (country_en, country_zh, capital_en, capital_zh, _) in self.countries.items():
            for ministry_en, ministry_zh, _ in FOREIGN_MINISTRIES:
                add(1, None, country_zh + ministry_zh, f"{ministry_en} of {country_en}", "government", code)
            add(1, None, f"{country_zh}國會", f"Parliament of {country_en}", "legislature", code)
            add(1, None, f"{capital_zh}市政府", f"City of {capital_en}", "local_government", code)
            add(1, None, "", f"Open Knowledge {country_en}", "civil_society", code)
            add(1, None, "", f"Code for {country_en}", "civil_society", code)
        return entries

    def make_organizations(self):
        rng = self.rng("organizations")
        catalogue = self.organization_catalogue()
        # Leave out what a real record is called, and every unit of what is left out.
        kept = []
        for index, entry in enumerate(catalogue):
            names = [entry["name_zh"], entry["name_en"]]
            parent_kept = entry["parent"] is None or catalogue[entry["parent"]].get("kept")
            entry["kept"] = parent_kept and not any(name_key(name) in self.reserved for name in names if name)
            entry["shorts"] = [short for short in entry["shorts"] if name_key(short) not in self.reserved]
            if entry["kept"]:
                kept.append(index)
        tops = [i for i in kept if catalogue[i]["level"] == 1]
        taiwan_tops = [i for i in tops if catalogue[i]["country"] == "TW"]
        foreign_tops = [i for i in tops if catalogue[i]["country"] != "TW"]
        target = self.size.organizations
        if target < len(tops):
            foreign_tops = rng.sample(foreign_tops, max(30, target - len(taiwan_tops)))
        chosen = set(taiwan_tops) | set(foreign_tops)
        for level in (2, 3):
            candidates = [
                i for i in kept if catalogue[i]["level"] == level and catalogue[i]["parent"] in chosen
            ]
            rng.shuffle(candidates)
            chosen.update(candidates[: max(0, target - len(chosen))])
        # Written level by level, each in catalogue order, so parents have ids before their units.
        started = time.perf_counter()
        self.orgs = []
        position_of = {}
        for level in (1, 2, 3):
            indexes = [i for i in sorted(chosen) if catalogue[i]["level"] == level]
            objects = []
            for i in indexes:
                entry = catalogue[i]
                name_zh, name_en = clean_text(entry["name_zh"]), clean_text(entry["name_en"])
                parent = entry["parent"]
                objects.append(
                    self.with_search_document(
                        Organization(
                            slug=f"{PREFIX}org-{len(self.orgs) + len(objects) + 1:05d}",
                            name_zh=name_zh,
                            name_en=name_en,
                            name_zh_key=name_key(name_zh),
                            name_en_key=name_key(name_en),
                            kind=entry["kind"],
                            country=entry["country"],
                            parent_id=self.orgs[position_of[parent]].pk if parent is not None else None,
                        )
                    )
                )
            self.insert(Organization, objects, ids=True)
            for i, record in zip(indexes, objects, strict=True):
                entry = catalogue[i]
                position_of[i] = len(self.orgs)
                group = position_of[i] if level == 1 else self.orgs[position_of[entry["parent"]]].group
                self.orgs.append(
                    Org(
                        pk=record.pk,
                        name_zh=record.name_zh,
                        name_en=record.name_en,
                        kind=entry["kind"],
                        country=entry["country"],
                        level=level,
                        group=group,
                        unit_suffix=entry["unit_suffix"],
                        weight=entry["weight"],
                    )
                )
        short_names = []
        for i in sorted(chosen):
            for short in catalogue[i]["shorts"]:
                name = clean_text(short)
                language = NameLanguage.ZH_HANT if not name.isascii() else NameLanguage.EN
                short_names.append(
                    OrganizationName(
                        organization_id=self.orgs[position_of[i]].pk,
                        name=name,
                        key=name_key(name),
                        language=language,
                        kind=NameKind.SHORT,
                    )
                )
        self.insert(OrganizationName, short_names)
        self.progress("organisations", len(self.orgs), len(self.orgs), started)

        # Who belongs where: the bodies of each group, by kind and country.
        self.group_members = defaultdict(list)  # top-level index -> indexes of its orgs
        for index, org in enumerate(self.orgs):
            self.group_members[org.group].append(index)
        self.taiwan_tops = [i for i, org in enumerate(self.orgs) if org.level == 1 and org.country == "TW"]
        self.organising_tops = [i for i in self.taiwan_tops if self.orgs[i].kind in ORGANISING_KINDS]
        self.foreign_orgs = [i for i, org in enumerate(self.orgs) if org.country != "TW"]
        self.foreign_by_country = defaultdict(list)
        for i in self.foreign_orgs:
            self.foreign_by_country[self.orgs[i].country].append(i)

    # -- people ---------------------------------------------------------------------------------

    def make_people(self):
        rng = self.rng("people")
        surnames = SURNAMES.split()
        surname_chars = surnames[0::3]
        surname_roman = dict(zip(surname_chars, surnames[1::3], strict=True))
        surname_weights = list(_cumulative(int(w) for w in surnames[2::3]))
        given = [item.partition(":") for item in GIVEN_CHARACTERS.split()]
        given_chars = [g[0] for g in given]
        given_roman = {g[0]: g[2] for g in given}
        taiwan_count = round(self.size.people * 0.75)
        # Which sector a Taiwanese person works in, then which body (the larger, the likelier).
        kinds = [
            kind for kind in PEOPLE_BY_SECTOR if any(self.orgs[i].kind == kind for i in self.taiwan_tops)
        ]
        kind_weights = list(_cumulative(PEOPLE_BY_SECTOR[kind] for kind in kinds))
        tops_of_kind = {kind: [i for i in self.taiwan_tops if self.orgs[i].kind == kind] for kind in kinds}
        top_weights = {
            kind: list(_cumulative(self.orgs[i].weight * len(self.group_members[i]) for i in tops))
            for kind, tops in tops_of_kind.items()
        }

        def taiwanese(rng):
            surname = rng.choices(surname_chars, cum_weights=surname_weights)[0]
            chars = rng.sample(given_chars, 1 if rng.random() < 0.08 else 2)
            name_zh = surname + "".join(chars)
            syllables = [given_roman[c] for c in chars]
            romanised = syllables[0].capitalize() + "".join("-" + s for s in syllables[1:])
            family = surname_roman[surname]
            name_en = ""
            if rng.random() < 0.33:
                form = rng.random()
                if form < 0.55:
                    name_en = f"{family} {romanised}"
                elif form < 0.85:
                    name_en = f"{romanised} {family}"
                else:
                    name_en = f"{rng.choice(ENGLISH_GIVEN_NAMES)} {family}"
            return name_zh, name_en, family, romanised

        def foreign(rng):
            return "", f"{rng.choice(FOREIGN_GIVEN_NAMES)} {rng.choice(FOREIGN_SURNAMES)}", "", ""

        started = time.perf_counter()
        total = self.size.people
        # What the rest of the generator needs of each person, by index.
        self.person_ids = []
        self.person_name = []  # the name a roster prints
        self.person_name_en = []
        self.person_org = []  # index into self.orgs
        self.person_rank = bytearray()
        self.misprints = {}  # index -> a misspelt name that programmes print
        self.taiwan_people = []
        self.foreign_people = []
        self.people_of_group = defaultdict(list)
        self.people_of_kind = defaultdict(list)
        batch, other_names = [], []
        for index in range(total):
            is_taiwanese = index < taiwan_count
            name_zh, name_en, family, romanised = self.fresh(rng, taiwanese if is_taiwanese else foreign)
            if is_taiwanese:
                kind = kinds[_pick_cumulative(rng, kind_weights)]
                top = tops_of_kind[kind][_pick_cumulative(rng, top_weights[kind])]
                org = rng.choice(self.group_members[top])
                rank = rng.choices(range(4), weights=RANK_WEIGHTS)[0]
                rank = max(rank, self.orgs[org].level - 1)
                self.taiwan_people.append(index)
                self.people_of_group[self.orgs[org].group].append(index)
                self.people_of_kind[self.orgs[org].kind].append(index)
            else:
                org = rng.choice(self.foreign_orgs)
                rank = rng.randrange(len(FOREIGN_TITLES[self.orgs[org].kind]))
                self.foreign_people.append(index)
            self.person_name.append(name_zh or name_en)
            self.person_name_en.append(name_en)
            self.person_org.append(org)
            self.person_rank.append(rank)
            batch.append(
                self.with_search_document(
                    Person(
                        slug=f"{PREFIX}person-{index + 1:06d}",
                        name_zh=name_zh,
                        name_en=name_en,
                        name_zh_key=name_key(name_zh),
                        name_en_key=name_key(name_en),
                    )
                )
            )
            other_names.append(self.other_names_of(rng, index, name_zh, name_en, family, romanised))
            if len(batch) >= self.batch_size or index == total - 1:
                self.insert(Person, batch, ids=True)
                self.person_ids += [person.pk for person in batch]
                names = [
                    PersonName(
                        person_id=person.pk, name=name, key=name_key(name), language=language, kind=kind
                    )
                    for person, names in zip(batch, other_names, strict=True)
                    for name, language, kind in names
                ]
                self.insert(PersonName, names)
                batch, other_names = [], []
        self.progress("people", total, total, started)

    def other_names_of(self, rng, index, name_zh, name_en, family, romanised):
        """(name, language, kind) of the other names of a new person: other spellings and
        orders of a romanised name, a romanisation of a Chinese-only name, a programme's misprint."""
        candidates = []
        draw = rng.random()
        if name_zh and name_en and draw < 0.25:
            if name_en.startswith(family + " "):
                candidates.append((f"{romanised} {family}", NameLanguage.EN, NameKind.ALTERNATE))
            else:
                candidates.append((f"{family} {romanised}", NameLanguage.EN, NameKind.ALTERNATE))
            if rng.random() < 0.4:
                candidates.append(
                    (f"{romanised.replace('-', ' ')} {family}", NameLanguage.EN, NameKind.ROMANISED)
                )
        elif name_zh and not name_en and draw < 0.08:
            candidates.append((f"{family} {romanised}", NameLanguage.EN, NameKind.ROMANISED))
        elif not name_zh and draw < 0.12:
            misprint = _misspell(rng, name_en)
            candidates.append((misprint, NameLanguage.EN, NameKind.MISSPELLING))
            self.misprints[index] = misprint
        names, seen = [], {name_key(name_zh), name_key(name_en)}
        for name, language, kind in candidates:
            key = name_key(name)
            if key and key not in seen and key not in self.reserved:
                seen.add(key)
                names.append((clean_text(name), language, kind))
        return names

    def pick(self, rng, pool):
        """Someone of `pool`, the first ones more often: some people travel and speak a lot."""
        return pool[int(len(pool) * rng.random() ** 1.6)]

    # -- summits, sessions, roles ---------------------------------------------------------------

    def summit_catalogue(self):
        entries = []
        for line in SUMMITS.strip().splitlines():
            series, year, month, day, days, city_en, city_zh, country, zone, venue = line.split("|")
            series, _, detail = series.partition(":")
            title_en, title_zh, weight = SERIES[series]
            year = int(year)
            region_en, region_zh = REGIONS.get(detail, ("", ""))
            n = int(detail) if detail.isdigit() else 0
            values = {"year": year, "region": region_en, "region_zh": region_zh, "n": n, "nth": _ordinal(n)}
            start = datetime.date(year, int(month), int(day))
            entries.append(
                {
                    "series": series,
                    "title_en": title_en.format(**values),
                    "title_zh": title_zh.format(**values),
                    "weight": weight,
                    "start": start,
                    "end": start + datetime.timedelta(days=int(days) - 1),
                    "city_en": city_en,
                    "city_zh": city_zh,
                    "country": country,
                    "zone": zone,
                    "venue": venue,
                }
            )
        return entries

    def make_summits(self):
        rng = self.rng("summits")
        catalogue = self.summit_catalogue()
        chosen = rng.sample(catalogue, min(self.size.summits, len(catalogue)))
        chosen.sort(key=lambda entry: (entry["start"], entry["title_en"]))
        shares = _split(self.size.sessions, [entry["weight"] for entry in chosen])
        summits = []
        for number, entry in enumerate(chosen, start=1):
            summits.append(
                self.with_search_document(
                    Event(
                        kind=EventKind.SUMMIT,
                        slug=f"{PREFIX}{entry['series']}-{entry['start'].year}-{number:02d}",
                        title_en=entry["title_en"],
                        title_zh=entry["title_zh"],
                        description=(
                            f"{entry['title_en']}, hosted in {entry['city_en']}: plenaries, panels, "
                            f"workshops and side events over {(entry['end'] - entry['start']).days + 1} days."
                        ),
                        start_date=entry["start"],
                        end_date=entry["end"],
                        time_zone=entry["zone"],
                        city=entry["city_en"],
                        country=entry["country"],
                        venue=entry["venue"],
                    )
                )
            )
        self.insert(Event, summits, ids=True)
        self.summits = []
        started = time.perf_counter()
        done = 0
        for number, (entry, summit, share) in enumerate(zip(chosen, summits, shares, strict=True)):
            info = SummitInfo(
                pk=summit.pk,
                slug=summit.slug,
                title_zh=summit.title_zh,
                title_en=summit.title_en,
                country=entry["country"],
                country_zh=self.country_names(entry["country"])[1],
                city_en=entry["city_en"],
                city_zh=entry["city_zh"],
                start=entry["start"],
                end=entry["end"],
                session_ids=[],
                role_counts=[],
                title_codes=[],
            )
            self.make_programme(self.rng(f"summits/{number}"), info, entry, share)
            self.summits.append(info)
            done += share
            if number == len(chosen) - 1 or (number + 1) % max(1, len(chosen) // 10) == 0:
                self.progress("sessions", done, self.size.sessions, started)

    def make_programme(self, rng, summit, entry, count):
        """A summit's rooms, tracks, `count` sessions (a few split into parts printed under them)
        and their roles."""
        zone = zoneinfo.ZoneInfo(entry["zone"])
        days = (summit.end - summit.start).days + 1
        # The timetable: room after room, each day, sessions one after another from 08:30 to 18:00,
        # as many rooms as it takes.
        slots, room_count = [], 0
        while len(slots) < count or room_count < 4:
            room_count += 1
            for day in range(days):
                minute = 8 * 60 + 30 + 15 * rng.randrange(3)
                while minute < 18 * 60 and len(slots) < count:
                    duration = rng.choice((30, 45, 60, 60, 75, 90))
                    slots.append((day, minute, duration, room_count - 1))
                    minute += duration + 15
        slots.sort()
        rooms = [
            Room(
                summit_id=summit.pk,
                slug=f"room-{position:03d}",
                venue=entry["venue"]
                if position <= max(1, room_count * 3 // 4)
                else f"{entry['city_en']} Centre",
                name=_room_name(position),
                position=position,
            )
            for position in range(1, room_count + 1)
        ]
        self.insert(Room, rooms, ids=True)
        local = LOCAL_LANGUAGE.get(summit.country)
        self.insert(
            Room.languages.through,
            [
                Room.languages.through(room_id=room.pk, language_id=self.language_ids[code])
                for room in rooms[:3]
                for code in dict.fromkeys(["en", local or "fr", "es"])
                if code in self.language_ids
            ],
        )
        tracks = [
            Track(
                summit_id=summit.pk,
                slug=slugify(name_en),
                name_en=name_en if rng.random() < 0.8 else "",
                name_zh=name_zh,
                position=position,
            )
            for position, (name_en, name_zh) in enumerate(rng.sample(TRACKS, rng.randint(6, 12)), start=1)
        ]
        self.insert(Track, tracks, ids=True)

        sessions, parts, codes, part_codes = [], [], [], []  # parts: (part, the session it is printed under)
        for day, minute, duration, room_index in slots:
            if len(sessions) + len(parts) >= count:
                break
            position = len(sessions) + len(parts) + 1
            session, code = self.session(rng, summit, entry, zone, tracks, position, day, minute, duration)
            codes.append(code)
            session.room_id = rooms[room_index].pk if session.start_date and rng.random() < 0.95 else None
            sessions.append(session)
            if duration >= 60 and session.starts_at and rng.random() < 0.1:
                for number in range(1, min(rng.randint(2, 3), count - len(sessions) - len(parts)) + 1):
                    parts.append((self.part(rng, session, number, position + number, zone), session))
                    part_codes.append(code + number)
        self.insert(Event, sessions, ids=True)
        for part, session in parts:
            part.parent_id = session.pk
        self.insert(Event, [part for part, _ in parts], ids=True)
        programme = sessions + [part for part, _ in parts]
        summit.title_codes += codes + part_codes

        self.insert(
            Event.tracks.through,
            [
                Event.tracks.through(event_id=event.pk, track_id=track.pk)
                for event in programme
                for track in self.pick_tracks(rng, tracks)
            ],
        )
        self.insert(
            Event.languages.through,
            [
                Event.languages.through(event_id=event.pk, language_id=self.language_ids[code])
                for event in programme
                for code in self.pick_languages(rng, local)
            ],
        )
        roles = []
        for event in programme:
            summit.session_ids.append(event.pk)
            summit.role_counts.append(self.roles_of(rng, event, summit, roles))
            if len(roles) >= self.batch_size:
                self.insert(SessionRole, roles)
                roles = []
        self.insert(SessionRole, roles)

    def pick_tracks(self, rng, tracks):
        draw = rng.random()
        return rng.sample(tracks, 2) if draw < 0.15 else [rng.choice(tracks)] if draw < 0.85 else []

    def pick_languages(self, rng, local):
        draw = rng.random()
        if draw < 0.8:
            languages = ["en"]
        elif draw < 0.9 and local:
            languages = ["en", local]
        elif draw < 0.95:
            languages = ["en", "fr", "es"]
        else:
            languages = []
        return [code for code in dict.fromkeys(languages) if code in self.language_ids]

    def part(self, rng, session, number, position, zone):
        """A part of a session printed under it: twenty minutes of its time, same room."""
        starts_at = session.starts_at + datetime.timedelta(minutes=20 * (number - 1))
        return self.with_search_document(
            Event(
                kind=EventKind.SESSION,
                summit_id=session.summit_id,
                slug=f"{session.slug.rsplit('-', 1)[0]}-{position:05d}",
                title_en=f"{session.title_en} – Part {number}",  # as session_titles() gives it
                format=rng.choice([SessionFormat.PITCH, SessionFormat.PANEL, ""]),
                start_date=session.start_date,
                end_date=session.end_date,
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(minutes=20),
                time_zone=session.time_zone,
                room_id=session.room_id,
                position=position,
            )
        )

    def session(self, rng, summit, entry, zone, tracks, position, day, minute, duration):
        prefix = rng.randrange(len(SESSION_PREFIXES))
        code = _title_code(prefix, rng.randrange(len(SESSION_TOPICS)), rng.randrange(len(SESSION_SUBTITLES)))
        code = code * 2 + (rng.random() < 0.35)
        title_zh, title_en = session_titles(code * 4)
        date = summit.start + datetime.timedelta(days=day)
        starts_at = ends_at = None
        time_as_printed = ""
        draw = rng.random()
        if draw < 0.01:
            # The programme prints a time but no day.
            date = None
            time_as_printed = f"{_clock(minute)}–{_clock(minute + duration)}"
        elif draw >= 0.03:  # else a day and no time
            local = datetime.datetime.combine(date, datetime.time(minute // 60, minute % 60), tzinfo=zone)
            starts_at = local.astimezone(UTC)
            # A fifth of the programme prints the start only.
            if draw >= 0.23:
                ends_at = (local + datetime.timedelta(minutes=duration)).astimezone(UTC)
        return self.with_search_document(
            Event(
                kind=EventKind.SIDE_EVENT if rng.random() < 0.05 else EventKind.SESSION,
                parent_id=summit.pk,
                summit_id=summit.pk,
                slug=f"{summit.slug}-{position:05d}",
                title_en=title_en,
                title_zh=title_zh,
                description=rng.choice(SESSION_DESCRIPTIONS) if rng.random() < 0.4 else "",
                format=SESSION_PREFIXES[prefix][2] or _weighted(rng, SESSION_FORMATS),
                start_date=date,
                end_date=date,
                starts_at=starts_at,
                ends_at=ends_at,
                time_as_printed=time_as_printed,
                time_zone=entry["zone"],
                position=position,
            )
        ), code * 4

    def roles_of(self, rng, event, summit, roles):
        """Append an event's roles to `roles`; how many."""
        count = rng.choices((1, 2, 3, 4, 5, 6), weights=(15, 20, 30, 20, 10, 5))[0]
        host_orgs = self.foreign_by_country.get(summit.country) or self.foreign_orgs
        for order in range(1, count + 1):
            note = rng.choice(ROLE_NOTES) if rng.random() < 0.03 else ""
            if order == 1 and rng.random() < 0.15:
                org = self.orgs[rng.choice(host_orgs if rng.random() < 0.5 else self.foreign_orgs)]
                roles.append(
                    SessionRole(
                        event_id=event.pk,
                        role=SessionRoleKind.ORGANISER,
                        order=order,
                        organization_id=org.pk,
                        name_as_printed=org.name_en or org.name_zh,
                        note=note,
                    )
                )
                continue
            if order == 1 and rng.random() < 0.4:
                role = SessionRoleKind.MODERATOR
            else:
                role = SessionRoleKind.SPEAKER if rng.random() < 0.95 else SessionRoleKind.CHAIR
            taiwanese = rng.random() < 0.2 and self.taiwan_people
            person = self.pick(rng, self.taiwan_people if taiwanese else self.foreign_people)
            roles.append(self.role_of(rng, event.pk, person, role, order, note))
        return count

    def role_of(self, rng, event_id, person, role, order, note=""):
        org = self.orgs[self.person_org[person]]
        if org.country == "TW":
            name = self.person_name_en[person] if self.person_name_en[person] and rng.random() < 0.7 else ""
            name = name or self.person_name[person]
            title = self.title_of(rng, person, self.rank_of(rng, person))
            affiliation = f"{org.name_zh}{title}" if rng.random() < 0.6 else org.name_en or org.name_zh
        else:
            name = self.misprints.get(person) if rng.random() < 0.3 else None
            name = name or self.person_name_en[person]
            title_en, title_zh = FOREIGN_TITLES[org.kind][self.person_rank[person]]
            draw = rng.random()
            if draw < 0.3:
                affiliation = ""
            elif draw < 0.5 and org.name_zh:
                affiliation = f"{org.name_zh}{title_zh}"
            else:
                affiliation = f"{title_en}, {org.name_en}" if draw < 0.8 else org.name_en
        return SessionRole(
            event_id=event_id,
            role=role,
            order=order,
            person_id=self.person_ids[person],
            organization_id=org.pk if rng.random() < 0.5 else None,
            name_as_printed=name,
            affiliation_as_printed=affiliation,
            note=note,
        )

    def rank_of(self, rng, person):
        """The rank a Taiwanese person holds on one appearance: theirs, now and then one up
        (acting, or promoted by then); 0 heads a body, 3 is staff."""
        rank = self.person_rank[person]
        if rank >= 2 and rng.random() < 0.15:
            rank -= 1
        return max(rank, self.orgs[self.person_org[person]].level - 1)

    def title_of(self, rng, person, rank):
        """A title of `rank` that fits the person's body or unit (a 處 has a 處長, a 部 a 部長)."""
        org = self.orgs[self.person_org[person]]
        if org.kind in ("government", "control", "local_government"):
            if org.level == 1:
                head = HEADS.get(org.name_zh) or _head_title(org.name_zh)
                if rank == 0:
                    return head
                if rank == 1:
                    deputies = ["政務次長", "常務次長"] if org.name_zh.endswith("部") else ["副" + head]
                    return rng.choice([*deputies, *deputies, "主任秘書", "參事"])
            else:
                head = _head_title(org.unit_suffix)
                if rank == org.level - 1:
                    return head
                if rank == org.level and org.level == 2 and rng.random() < 0.3:
                    return "副" + head
        elif org.kind == "academia" and org.level > 1 and rank == 1:
            return _head_title(org.unit_suffix)
        return rng.choice(TITLES[org.kind][rank])

    # -- delegations and reports ----------------------------------------------------------------

    def make_reports(self):
        started = time.perf_counter()
        total = self.size.reports
        cities = [(code, values) for code, values in self.countries.items() if code not in ("TW",)]
        self.cities = cities
        self.group_weights = list(_cumulative(self.orgs[i].weight for i in self.organising_tops))
        for start in range(0, total, self.chunk):
            rng = self.rng(f"reports/{start}")
            self.make_report_chunk(rng, range(start, min(total, start + self.chunk)))
            done = min(total, start + self.chunk)
            if done == total or (done // self.chunk) % max(1, total // self.chunk // 10) == 0:
                self.progress("reports", done, total, started)

    def make_report_chunk(self, rng, indexes):
        plans = [self.plan_delegation(rng, index) for index in indexes]
        delegations = [plan["delegation"] for plan in plans]
        self.insert(Delegation, delegations, ids=True)
        destinations, links, members, extra_roles = [], [], [], []
        for plan, delegation in zip(plans, delegations, strict=True):
            for order, (code, city, as_printed) in enumerate(plan["destinations"], start=1):
                destinations.append(
                    Destination(
                        delegation_id=delegation.pk,
                        order=order,
                        country=code,
                        city=city,
                        as_printed=as_printed,
                    )
                )
            for event_id in plan["events"]:
                links.append(DelegationEvent(delegation_id=delegation.pk, event_id=event_id))
            for member in plan["members"]:
                member.delegation_id = delegation.pk
                members.append(member)
            extra_roles += plan["roles"]
        self.insert(Destination, destinations)
        self.insert(DelegationEvent, links)
        self.insert(DelegationMember, members)
        self.insert(SessionRole, extra_roles)

        reports = []
        for plan, delegation in zip(plans, delegations, strict=True):
            plan["report"].delegation_id = delegation.pk
            reports.append(plan["report"])
        self.insert(Report, reports, ids=True)
        authors, sections, recommendations, follow_ups, keyword_links = [], [], [], [], []
        for plan, report in zip(plans, reports, strict=True):
            for item in plan["authors"]:
                item.report_id = report.pk
                authors.append(item)
            for item in plan["sections"]:
                item.report_id = report.pk
                sections.append(item)
            for item in plan["recommendations"]:
                item.report_id = report.pk
                recommendations.append(item)
            for item in plan["follow_ups"]:
                item.report_id = report.pk
                follow_ups.append(item)
            for keyword_id in plan["keywords"]:
                keyword_links.append(Report.keywords.through(report_id=report.pk, keyword_id=keyword_id))
        self.insert(ReportAuthor, authors)
        self.insert(ReportSection, sections)
        self.insert(Recommendation, recommendations)
        self.insert(FollowUpItem, follow_ups)
        self.insert(Report.keywords.through, keyword_links)

    def plan_delegation(self, rng, index):
        """One delegation and its report, as unsaved records plus what links them."""
        agency_index = self.organising_tops[_pick_cumulative(rng, self.group_weights)]
        agency = self.orgs[agency_index]
        summit = (
            self.summits[rng.randrange(len(self.summits))] if rng.random() < 0.3 and self.summits else None
        )
        topic_zh, topic_en, topic_keywords = rng.choice(SUMMIT_TOPICS if summit else TOPICS)
        events, roles, attended = [], [], []
        if summit:
            departure = summit.start - datetime.timedelta(days=rng.randint(1, 2))
            return_date = summit.end + datetime.timedelta(days=rng.randint(1, 3))
            destinations = [(summit.country, summit.city_en, f"{summit.country_zh}{summit.city_zh}")]
            if rng.random() < 0.2:
                destinations.append(self.destination(rng, exclude=summit.country))
            attended = sorted(
                rng.sample(range(len(summit.session_ids)), min(len(summit.session_ids), rng.randint(0, 6)))
            )
            events = [summit.pk, *(summit.session_ids[i] for i in attended)]
            place_zh = f"{summit.country_zh}{summit.city_zh}"
            country_zh = summit.country_zh
            event_name = summit.title_zh
            title = rng.choice(SUMMIT_PLAN_TITLES).format(summit=summit.title_zh, country=country_zh)
            title_en = f"Attending the {summit.title_en}" if rng.random() < 0.4 else ""
            category, category_detail = ReportCategory.OTHER, rng.choice(["出席會議", "會議", "國際會議"])
            foreign_country = self.country_names(summit.country)[0]
        else:
            day = rng.randrange((LAST_DEPARTURE - FIRST_DEPARTURE).days)
            departure = FIRST_DEPARTURE + datetime.timedelta(days=day)
            return_date = departure + datetime.timedelta(days=rng.randint(3, 13))
            destinations = [self.destination(rng)]
            if rng.random() < 0.3:
                destinations.append(self.destination(rng, exclude=destinations[0][0]))
            code = destinations[0][0]
            country_en, country_zh = self.countries[code][0], self.countries[code][1]
            place_zh = destinations[0][2]
            event_name = f"{topic_zh}國際研討會"
            template, category, category_detail = rng.choice(PLAN_TITLES)
            title = template.format(dest=place_zh, topic=topic_zh, country=country_zh, year=departure.year)
            title_en = (
                f"Study visit to {destinations[0][1]}, {country_en}: {topic_en}"
                if rng.random() < 0.25
                else ""
            )
            foreign_country = country_en
        members, persons, contact = self.roster(rng, agency_index, summit is not None)
        # A tenth of summit delegations had a speaker: the head, in one attended session.
        if summit and attended and rng.random() < 0.1:
            position = attended[0]
            summit.role_counts[position] += 1
            roles.append(
                self.role_of(
                    rng, events[1], persons[0], SessionRoleKind.SPEAKER, summit.role_counts[position]
                )
            )
        report_date = min(LAST_DAY, return_date + datetime.timedelta(days=rng.randint(10, 90)))
        delegation = Delegation(
            slug=f"{PREFIX}delegation-{index + 1:06d}",
            title=title,
            title_en=title_en,
            organising_agency_id=agency.pk,
            contact_person_id=contact.person_id if contact else None,
            contact_phone=f"(02){rng.randint(2000, 2999)}-{rng.randint(0, 9999):04d}" if contact else "",
            departure_date=departure,
            return_date=return_date,
        )
        host = self.orgs[rng.choice(self.foreign_by_country.get(destinations[0][0]) or self.foreign_orgs)]
        context = {
            "topic": topic_zh,
            "topic_en": topic_en,
            "country": country_zh,
            "place": place_zh,
            "agency": agency.name_zh or agency.name_en,
            "event": event_name,
            "trip": "出國考察" if not summit else "出席會議",
            "year": departure.year,
            "org": host.name_zh or host.name_en,
            "speaker": self.person_name_en[self.pick(rng, self.foreign_people)]
            if self.foreign_people
            else "",
            "count": rng.randint(30, 120),
            "people": rng.choice([500, 800, 1000, 1500, 2000, 2500]),
            "track": "、".join(rng.sample([zh for _, zh in TRACKS], 3)),
            "foreign_country": foreign_country,
            "decks": {},
        }
        report = self.report(
            rng, index, agency_index, title, title_en, category, category_detail, report_date, context
        )
        authors = [
            ReportAuthor(
                order=order,
                person_id=member.person_id,
                title=member.title,
                organization_id=member.organization_id,
            )
            for order, member in enumerate(members[: rng.choice((1, 1, 2, 2, 3, 4))], start=1)
        ]
        return {
            "delegation": delegation,
            "destinations": destinations,
            "events": events,
            "members": members,
            "roles": roles,
            "report": report,
            "authors": authors,
            "sections": self.sections(rng, context, summit, attended),
            "recommendations": self.recommendations(rng, context, report_date),
            "follow_ups": self.follow_ups(rng, context, report_date),
            "keywords": self.keywords_of(rng, topic_keywords, summit),
        }

    def keywords_of(self, rng, topic_keywords, summit):
        """3-8 keywords: the topic's, the summit's, and others from the vocabulary."""
        words = topic_keywords.split()
        if summit:
            words += rng.sample(SUMMIT_KEYWORDS, 2)
        ids = list(dict.fromkeys(self.keyword_id[word] for word in words if word in self.keyword_id))
        wanted = rng.randint(3, 8)
        while len(ids) < wanted:
            keyword_id = rng.choice(self.keyword_ids)
            if keyword_id not in ids:
                ids.append(keyword_id)
        return ids[:wanted]

    def destination(self, rng, exclude=None):
        code, (_, country_zh, city_en, city_zh, _) = rng.choice(self.cities)
        if code == exclude:
            code, (_, country_zh, city_en, city_zh, _) = rng.choice(self.cities)
        as_printed = country_zh if city_zh == country_zh else f"{country_zh}{city_zh}"
        return code, city_en, as_printed

    def roster(self, rng, agency_index, at_summit):
        """A delegation's roster rows in printed order (most senior first) and its contact row."""
        size = min(25, max(3, round(rng.lognormvariate(math.log(9.2), 0.42))))
        own = self.people_of_group.get(agency_index, [])
        own_share = 0.5 if at_summit else 0.65
        others = [
            (self.people_of_kind.get("government", []), 45),
            (self.people_of_kind.get("local_government", []), 10),
            (self.people_of_kind.get("civil_society", []), 25 if at_summit else 10),
            (self.people_of_kind.get("academia", []), 15),
            (self.people_of_kind.get("legislature", []), 3),
            (self.people_of_kind.get("control", []), 3),
            (self.people_of_kind.get("media", []), 4),
            (self.people_of_kind.get("company", []), 4),
        ]
        others = [(pool, weight) for pool, weight in others if pool]
        chosen, seen = [], set()
        attempts = heads = 0
        while len(chosen) < size:
            attempts += 1
            if attempts > 200:
                # A small archive: anyone not on the roster yet.
                person = next(p for p in self.taiwan_people if p not in seen)
            elif own and len(chosen) < size * own_share:
                person = self.pick(rng, own)
            else:
                pool = rng.choices([pool for pool, _ in others], weights=[w for _, w in others])[0]
                person = self.pick(rng, pool)
            if person in seen or (self.person_rank[person] == 0 and heads and attempts <= 200):
                continue  # one head of a body on a roster at most
            seen.add(person)
            heads += self.person_rank[person] == 0
            chosen.append(person)
        chosen.sort(key=lambda person: (self.person_rank[person], self.orgs[self.person_org[person]].level))
        members = []
        for order, person in enumerate(chosen, start=1):
            org = self.orgs[self.person_org[person]]
            rank = self.rank_of(rng, person)
            title = self.title_of(rng, person, rank) if rng.random() < 0.97 else ""
            grade = ""
            if org.kind in ("government", "control", "local_government") and rng.random() < 0.5:
                grade = rng.choice(GRADES[rank])
            member = DelegationMember(
                order=order,
                person_id=self.person_ids[person],
                name_as_printed=self.person_name[person],
                organization_id=org.pk,
                organization_as_printed=org.name_zh or org.name_en,
                title=title,
                grade=grade,
                role=MemberRole.HEAD if order == 1 else MemberRole.MEMBER,
                sector=SECTOR_OF_KIND.get(org.kind, ""),
            )
            members.append(member)
        contact = None
        if len(members) > 2 and rng.random() < 0.9:
            position = len(members) - 1 if rng.random() < 0.5 else rng.randrange(1, len(members))
            contact = members[position]
            contact.role = MemberRole.CONTACT
            contact.phone = f"(02){rng.randint(2000, 2999)}-{rng.randint(0, 9999):04d}"
            # From the person's number, as the slug: never from a database id.
            contact.email = f"contact-{chosen[position] + 1:06d}@example.org"
        for member in members[1:]:
            if member.role == MemberRole.MEMBER and rng.random() < 0.05:
                member.role = rng.choice([MemberRole.STAFF, MemberRole.SPEAKER])
        return members, chosen, contact

    def report(
        self, rng, index, agency_index, title, title_en, category, category_detail, report_date, context
    ):
        agency = self.orgs[agency_index]
        if rng.random() < 0.15 and len(self.group_members[agency_index]) > 1:
            agency = self.orgs[rng.choice(self.group_members[agency_index][1:])]
        draw = rng.random()
        status = (
            PublicationStatus.PUBLISHED
            if draw < 0.95
            else PublicationStatus.DRAFT
            if draw < 0.975
            else PublicationStatus.IN_REVIEW
        )
        changed_day = min(LAST_DAY, report_date + datetime.timedelta(days=rng.randint(1, 60)))
        changed_at = datetime.datetime.combine(
            changed_day, datetime.time(rng.randint(9, 17), rng.randrange(60)), tzinfo=TAIPEI
        ).astimezone(UTC)
        roc_year = report_date.year - 1911
        system_id = f"G{roc_year:03d}{index + 1:06d}"
        if rng.random() < 0.2:
            title = f"{title}報告"
        return Report(
            slug=f"{PREFIX}report-{index + 1:06d}",
            title=title,
            title_en=title_en,
            category=category,
            category_detail=category_detail,
            agency_id=agency.pk,
            report_date=report_date,
            report_date_precision=DatePrecision.DAY if rng.random() < 0.85 else DatePrecision.MONTH,
            pages=min(400, max(4, round(rng.lognormvariate(math.log(35), 0.6)))),
            pages_note="含附錄" if rng.random() < 0.4 else "",
            classification=rng.choice(CLASSIFICATIONS) if rng.random() < 0.3 else "",
            abstract=self.abstract(rng, context),
            system_id=system_id,
            portal_url=f"https://report.nat.gov.tw/ReportFront/ReportDetail/detail?sysId={system_id}",
            access_level=AccessLevel.PUBLIC if rng.random() < 0.97 else AccessLevel.RESTRICTED,
            cost=rng.randrange(30, 1500) * 1000 if rng.random() < 0.6 else None,
            sponsor=rng.choice(SPONSORS) if rng.random() < 0.1 else "",
            status=status,
            status_changed_at=changed_at,
            published_at=changed_at if status == PublicationStatus.PUBLISHED else None,
        )

    def paragraph(self, rng, sentences, count, context):
        """`count` sentences of `sentences`, dealt from a deck shuffled once per report so that a
        report repeats itself only when the deck runs out."""
        deck = context["decks"].setdefault(id(sentences), [])
        text = []
        for _ in range(count):
            if not deck:
                deck.extend(rng.sample(sentences, len(sentences)))
            text.append(deck.pop().format(**context))
        return "".join(text)

    def abstract(self, rng, context):
        paragraphs = [
            self.paragraph(rng, PURPOSE_SENTENCES, rng.randint(1, 2), context),
            self.paragraph(rng, BODY_SENTENCES, rng.randint(1, 3), context),
            f"This report summarises the delegation's findings on {context['topic_en']} "
            f"in {context['foreign_country']}.",
        ]
        return "\n\n".join(paragraphs)

    def body(self, rng, sentences, low, high, context):
        count = rng.randint(low, high)
        paragraphs, done = [], 0
        while done < count:
            take = min(count - done, rng.randint(2, 3))
            paragraphs.append(self.paragraph(rng, sentences, take, context))
            done += take
        return "\n\n".join(paragraphs)

    def sections(self, rng, context, summit, attended):
        """4-8 sections: 目的, 過程 with its parts (at a summit, the sessions attended, headed as
        the real reports head them: 中文標題(English title)), 心得及建議, sometimes 附錄."""
        parts = rng.randint(1, 4)
        appendix = rng.random() < 0.5
        headings = [("目的", 1, self.body(rng, PURPOSE_SENTENCES, 2, 5, context))]
        headings.append(
            ("過程", 1, "" if rng.random() < 0.5 else self.body(rng, BODY_SENTENCES, 1, 2, context))
        )
        for part in range(parts):
            if summit and part < len(attended):
                title_zh, title_en = session_titles(summit.title_codes[attended[part]])
                heading = f"{title_zh}({title_en})" if title_zh else title_en
            else:
                heading = rng.choice(SUB_HEADINGS).format(**context)
            headings.append((heading, 2, self.body(rng, BODY_SENTENCES, 3, 8, context)))
        headings.append(("心得及建議", 1, self.body(rng, REFLECTION_SENTENCES, 2, 5, context)))
        if appendix:
            headings.append(("附錄", 1, "附錄一 議程\n附錄二 團員名單"))
        sections, level1, level2 = [], 0, 0
        for order, (heading, level, body) in enumerate(headings, start=1):
            if level == 1:
                number, level1, level2 = NUMBERS_1[level1], level1 + 1, 0
            else:
                number, level2 = NUMBERS_2[level2], level2 + 1
            sections.append(
                ReportSection(order=order, number=number, heading=heading, level=level, body=body)
            )
        return sections

    def follow_up_status(self, rng, report_date):
        if (LAST_DAY - report_date).days > 730:
            choices = [
                (FollowUpStatus.DONE, 40),
                (FollowUpStatus.IN_PROGRESS, 25),
                (FollowUpStatus.NOT_ADOPTED, 10),
                (FollowUpStatus.PROPOSED, 25),
            ]
        else:
            choices = [
                (FollowUpStatus.PROPOSED, 60),
                (FollowUpStatus.IN_PROGRESS, 35),
                (FollowUpStatus.DONE, 5),
            ]
        return _weighted(rng, choices)

    def status_note(self, rng, context, status):
        if status == FollowUpStatus.PROPOSED or rng.random() < 0.8:
            return ""
        return rng.choice(STATUS_NOTES).format(year=context["year"] + 1)

    def recommendations(self, rng, context, report_date):
        texts = rng.sample(RECOMMENDATIONS, rng.randint(2, 5))
        items = []
        for order, text in enumerate(texts, start=1):
            status = self.follow_up_status(rng, report_date)
            items.append(
                Recommendation(
                    order=order,
                    text=text.format(**context),
                    status=status,
                    status_note=self.status_note(rng, context, status),
                )
            )
        return items

    def follow_ups(self, rng, context, report_date):
        texts = rng.sample(FOLLOW_UPS, rng.choice((0, 1, 1, 2, 2, 3)))
        items = []
        for order, text in enumerate(texts, start=1):
            status = self.follow_up_status(rng, report_date)
            items.append(
                FollowUpItem(
                    order=order,
                    text=text.format(**context),
                    status=status,
                    status_note=self.status_note(rng, context, status),
                )
            )
        return items


# ---------------------------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------------------------


def _cumulative(weights):
    total = 0
    for weight in weights:
        total += weight
        yield total


def _pick_cumulative(rng, cumulative):
    """The index drawn from cumulative weights."""
    target = rng.random() * cumulative[-1]
    low, high = 0, len(cumulative) - 1
    while low < high:
        middle = (low + high) // 2
        if cumulative[middle] > target:
            high = middle
        else:
            low = middle + 1
    return low


def _weighted(rng, choices):
    return rng.choices([value for value, _ in choices], weights=[weight for _, weight in choices])[0]


def _split(total, weights):
    """`total` split in proportion to `weights`, the parts adding up to `total` exactly."""
    whole = sum(weights)
    parts = [total * weight // whole for weight in weights]
    for i in range(total - sum(parts)):
        parts[i % len(parts)] += 1
    return parts


def _title_code(prefix, topic, subtitle):
    return (prefix * len(SESSION_TOPICS) + topic) * len(SESSION_SUBTITLES) + subtitle


def session_titles(code):
    """(Chinese, English) title of a generated session from its code: which prefix, topic and
    subtitle, whether it has a Chinese title, and which part (0 for the whole session). The
    generator keeps these small numbers, not 200,000 titles, to put attended sessions in reports."""
    code, part = divmod(code, 4)
    code, has_zh = divmod(code, 2)
    code, subtitle = divmod(code, len(SESSION_SUBTITLES))
    prefix, topic = divmod(code, len(SESSION_TOPICS))
    prefix_en, prefix_zh, _ = SESSION_PREFIXES[prefix]
    topic_en, topic_zh = SESSION_TOPICS[topic]
    subtitle_en, subtitle_zh = SESSION_SUBTITLES[subtitle]
    title_en = f"{prefix_en}{topic_en}: {subtitle_en}"
    if part:
        return "", f"{title_en} – Part {part}"
    return (f"{prefix_zh}{topic_zh}：{subtitle_zh}" if has_zh else ""), title_en


def _clock(minute):
    return f"{minute // 60:02d}:{minute % 60:02d}"


def _room_name(position):
    """Plenary Hall, Main Auditorium, then numbered rooms and halls."""
    base = ROOM_NAMES[(position - 1) % len(ROOM_NAMES)]
    return base if position <= 2 else f"{base} {position}"


def _ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _misspell(rng, name):
    """A misprint of a name as programmes make them: a letter dropped, doubled or swapped."""
    letters = list(name)
    positions = [i for i in range(1, len(letters) - 1) if letters[i].isalpha() and letters[i - 1].isalpha()]
    if not positions:
        return name + "e"
    i = rng.choice(positions)
    kind = rng.randrange(3)
    if kind == 0:
        del letters[i]
    elif kind == 1:
        letters.insert(i, letters[i])
    else:
        letters[i - 1], letters[i] = letters[i], letters[i - 1]
    return "".join(letters)
