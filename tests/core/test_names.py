"""The spelling rules of core.names: each rule's positive and negative case."""

import pytest

from core.names import Likeness, likeness, name_keys, organisation_keys, romanisations, tongyong


@pytest.mark.parametrize(
    ("chinese", "printed"),
    [
        ("高嘉良", "Kao Chia-liang"),  # Wade–Giles, surname first
        ("高嘉良", "Chia-liang Kao"),  # surname last
        ("高嘉良", "CHIA LIANG KAO"),  # capitals, no hyphen
        ("高嘉良", "Gao Jialiang"),  # Hanyu Pinyin
        ("高嘉良", "Gāo Jiāliáng"),  # with tone marks
        ("高嘉良", "gao1 jia1liang2"),  # with tone numbers
        ("曾柏瑜", "Tseng Po-yu"),  # 曾 read zeng (and ceng): Wade–Giles tseng
        ("曾柏瑜", "Zeng Boyu"),
        ("呂家華", "Lu Chia-hua"),  # ü as u, as passports write it
        ("呂家華", "Lyu Jia-hua"),  # ü as yu
        ("陳美延", "Chen Mei-yen"),
        ("陳美延", "Mei-Yen Chen"),
        ("陳美延", "chen meiyan"),
        ("張志明", "Jhang Jhih-ming"),  # Tongyong
        ("徐小明", "Syu Siao-ming"),  # Tongyong
        ("徐小明", "Hsu Hsiao-ming"),  # Wade–Giles
        ("歐陽修", "Ouyang Xiu"),  # a two-character surname
        ("單德興", "Shan Te-hsing"),  # 單 read shan as a surname
    ],
)
def test_a_romanisation_of_a_chinese_name_is_the_same_name(chinese, printed):
    assert likeness(chinese, printed) == Likeness.ROMANISATION


@pytest.mark.parametrize(
    ("chinese", "printed"),
    [
        ("高嘉良", "Kao Chia-ming"),
        ("曾柏瑜", "Tseng Po-wen"),
        ("陳美延", "Lin Mei-yen"),
        ("高嘉良", "Kao"),
    ],
)
def test_another_romanised_name_is_not_the_same_name(chinese, printed):
    assert likeness(chinese, printed) is None


def test_the_same_chinese_name_in_variant_or_simplified_characters_is_the_same_name():
    assert likeness("臺灣", "台灣") == Likeness.SAME_CHINESE
    assert likeness("陈美延", "陳美延") == Likeness.VARIANT_CHINESE
    assert likeness("黄國昌", "黃國昌") == Likeness.SAME_CHINESE
    assert likeness("陳美延", "陳美言") is None


def test_a_latin_name_is_folded_for_case_accents_punctuation_and_word_order():
    assert likeness("Óscar Escobar", "Oscar Escobar") == Likeness.SAME_LATIN
    assert likeness("Jérémy Lachal", "LACHAL, Jeremy") == Likeness.SAME_LATIN
    assert likeness("Oscar Escobar", "Oscar Escobedo") is None


def test_romanisations_read_every_reading_and_write_wade_giles_as_passports_do():
    forms = romanisations("曾柏瑜")
    assert {"zeng boyu", "ceng boyu", "tseng poyu", "zeng baiyu"} <= set(forms)
    assert not any("'" in form or "ü" in form for form in forms)
    assert romanisations("Audrey Tang") == ()
    assert romanisations("一二三四五") == ()  # not a name of two to four characters


def test_tongyong_follows_the_standard():
    assert [tongyong(s) for s in ("zhi", "xiong", "lv", "liu", "feng", "gui", "jun", "qing")] == [
        "jhih",
        "syong",
        "lyu",
        "liou",
        "fong",
        "guei",
        "jyun",
        "cing",
    ]


def test_organisation_names_keep_their_word_order():
    assert organisation_keys(["Open Culture Foundation"]) & organisation_keys(["open culture foundation"])
    assert not organisation_keys(["Open Culture Foundation"]) & organisation_keys(["Foundation Open Culture"])
    assert organisation_keys(["国家发展委员会"]) & organisation_keys(["國家發展委員會"])


def test_a_name_without_letters_has_no_keys():
    assert name_keys("  -- ") == frozenset()
