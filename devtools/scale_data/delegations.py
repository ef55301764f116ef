"""Delegations (destinations, events attended, roster) and their reports (header fields,
abstract, sections, recommendations, follow-up items, authors, keywords)."""

import datetime
import math
import time
import zoneinfo

from events.models import SessionRole, SessionRoleKind
from reports.models import (
    AccessLevel,
    DatePrecision,
    Delegation,
    DelegationEvent,
    DelegationMember,
    Destination,
    FollowUpItem,
    FollowUpStatus,
    MemberRole,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportCategory,
    ReportSection,
    Sector,
)

from .draws import cumulative, pick_cumulative, weighted
from .generated import PREFIX
from .programme import session_titles
from .words import (
    BODY_SENTENCES,
    CLASSIFICATIONS,
    FOLLOW_UPS,
    GRADES,
    PLAN_TITLES,
    PURPOSE_SENTENCES,
    RECOMMENDATIONS,
    REFLECTION_SENTENCES,
    SPONSORS,
    STATUS_NOTES,
    SUB_HEADINGS,
    SUMMIT_KEYWORDS,
    SUMMIT_PLAN_TITLES,
    SUMMIT_TOPICS,
    TOPICS,
    TRACKS,
)

TAIPEI = zoneinfo.ZoneInfo("Asia/Taipei")
UTC = datetime.UTC
# Trips leave between these days and nothing is dated after LAST_DAY, whatever today is.
FIRST_DEPARTURE = datetime.date(2010, 1, 4)
LAST_DEPARTURE = datetime.date(2026, 9, 30)
LAST_DAY = datetime.date(2026, 11, 20)
# The numbers of level-1 and level-2 section headings (壹、… and 一、…).
NUMBERS_1 = "壹貳參肆伍陸柒捌玖拾"
NUMBERS_2 = "一二三四五六七八九十"
# The roster's sector of someone from an organisation of each kind.
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


class DelegationsMixin:
    """The delegations and reports part of ScaleDataGenerator (generator.py)."""

    def make_reports(self):
        started = time.perf_counter()
        total = self.size.reports
        cities = [(code, values) for code, values in self.countries.items() if code not in ("TW",)]
        self.cities = cities
        self.group_weights = list(cumulative(self.orgs[i].weight for i in self.organising_tops))
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
        agency_index = self.organising_tops[pick_cumulative(rng, self.group_weights)]
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
        return weighted(rng, choices)

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
