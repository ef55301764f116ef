"""Template helpers of the public site: names in the reader's language, ROC dates, the
same page in the other language, links to records (marked on a staff preview when the public
cannot follow them yet)."""

from django import template
from django.urls import reverse, translate_url
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.countries import country_name

register = template.Library()


def reading_chinese():
    return (get_language() or "").startswith("zh")


@register.filter
def localised(record, field="name"):
    """record.<field>_zh in the Chinese interface, record.<field>_en in the English one, each
    falling back to the other when empty."""
    chinese, english = getattr(record, f"{field}_zh", ""), getattr(record, f"{field}_en", "")
    return (chinese or english) if reading_chinese() else (english or chinese)


@register.filter
def localised_marked(record, field="name"):
    """localised, for a page's body: a name that fell back to the other language carries that
    language (lang), so that a screen reader reads “Aaron Wytze” as English on a Chinese page."""
    chinese, english = getattr(record, f"{field}_zh", ""), getattr(record, f"{field}_en", "")
    shown = localised(record, field)
    if reading_chinese() and shown and shown != chinese:
        return format_html('<span lang="en">{}</span>', shown)
    if not reading_chinese() and shown and shown != english:
        return format_html('<span lang="zh-Hant">{}</span>', shown)
    return conditional_escape(shown)


@register.filter
def other_language(record, field="name"):
    """The name in the other language, when it differs (shown beside the first)."""
    chinese, english = getattr(record, f"{field}_zh", ""), getattr(record, f"{field}_en", "")
    first = localised(record, field)
    second = english if first == chinese else chinese
    return second if second and second != first else ""


@register.filter
def other_language_code(record, field="name"):
    """The language (for a lang attribute) of what other_language shows: the English name
    beside a Chinese one, or the other way round."""
    chinese = getattr(record, f"{field}_zh", "")
    return "zh-Hant" if other_language(record, field) == chinese else "en"


@register.filter
def country(code):
    """An ISO 3166-1 code as the country's name in the reader's language: FR → 法國 / France."""
    return country_name(code) if code else ""


@register.filter
def archive_date(value, precision="day"):
    """A date as the reader expects it: 民國 106 年 2 月 21 日 (2017-02-21) in Chinese, ISO in English."""
    if not value:
        return ""
    if reading_chinese():
        roc = value.year - 1911
        if precision == "year":
            return f"{value.year} 年（民國 {roc} 年）"
        if precision == "month":
            return f"{value.year} 年 {value.month} 月（民國 {roc} 年）"
        return f"{value.year} 年 {value.month} 月 {value.day} 日（民國 {roc} 年）"
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return value.strftime("%B %Y")
    return formats.date_format(value, "j F Y")


CHINESE_WEEKDAYS = "一二三四五六日"


@register.filter
def short_day(value):
    """A day for a tab or a link: 12月8日（四） / Thu 8 Dec."""
    if not value:
        return ""
    if reading_chinese():
        return f"{value.month}月{value.day}日（{CHINESE_WEEKDAYS[value.weekday()]}）"
    return value.strftime("%a %-d %b")


@register.simple_tag(takes_context=True)
def language_url(context, language_code):
    """This page, query string included, in another language. A staff preview's URL (an admin
    one) carries no language: there the language is its `language` parameter."""
    request = context["request"]
    if context.get("preview"):
        query = request.GET.copy()
        query["language"] = language_code
        return f"{request.path}?{query.urlencode()}"
    return translate_url(request.get_full_path(), language_code)


@register.simple_tag(takes_context=True)
def record_link(
    context, record, label, href=None, public=None, staff_view="change", page=None, media_type=None
):
    """A link to `record`'s public page (`href`, by default its get_absolute_url), reading
    `label`; `page`, a page of a PDF (#page=, which PDF viewers honour); `media_type`, the
    link's type.

    On a staff preview (the context's `preview`), a record the public cannot see yet (`public`,
    by default its `is_public`) would be a link to a 404: it links to its admin page instead
    (`staff_view`: its change page, or another of its admin views), marked “not public yet”."""
    if context.get("preview") and not (getattr(record, "is_public", False) if public is None else public):
        opts = record._meta
        href = reverse(f"admin:{opts.app_label}_{opts.model_name}_{staff_view}", args=[record.pk])
        mark = format_html(' <span class="not-public">{}</span>', _("(not public yet)"))
    else:
        href = record.get_absolute_url() if href is None else href
        mark = ""
    if page:
        href = f"{href}#page={page}"
    if media_type:
        return format_html('<a href="{}" type="{}">{}</a>{}', href, media_type, label, mark)
    return format_html('<a href="{}">{}</a>{}', href, label, mark)
