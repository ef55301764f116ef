"""Popolo JSON (https://www.popoloproject.com/, version 1.0.1) of people, organisations and
memberships: plain dicts a view serialises, e.g. with core.downloads.json_response::

    from core.downloads import json_response
    from archive.popolo import popolo_document

    def popolo(request):
        def url_for(obj):
            return request.build_absolute_uri(obj.get_absolute_url())

        return json_response("ogparchive-popolo.json", popolo_document(url_for=url_for))

The API:

- ``popolo_document(persons=None, organizations=None, members=None, *, url_for=None)``:
  ``{"persons": [...], "organizations": [...], "memberships": [...]}``; each argument left out
  is everything public (``Person.objects.public()``, ``Organization.objects.public()``,
  ``DelegationMember.objects.public()``).
- ``popolo_people(persons, *, url_for=None)``: a list of Popolo persons.
- ``popolo_organizations(organizations, *, url_for=None)``: a list of Popolo organisations.
- ``popolo_memberships(members)``: a list of Popolo memberships, one per roster row.

Each takes a queryset or a list of instances; callers pass public ones only (the ``public()``
querysets). The queries are the same few whatever the number of rows: the related rows are
fetched once for the whole list. ``url_for(obj)`` returns the absolute URL of a person's or an
organisation's public page (or None); without it the export has no links to the site.

What the export holds, and why:

- Person: ``id`` is the slug (stable, the one in the page's URL); ``name`` the Chinese name,
  else the English one; ``other_names`` the English/romanised name (when the Chinese one is the
  ``name``) and every further name: spellings, romanisations, misprints, each with a ``note``
  saying which (and the archive's note on it). Organisation: ``id`` the slug, ``name`` the
  Chinese name, else the English one, ``other_names`` the English name and the short names,
  ``classification`` the kind (government, legislature, control, local_government,
  civil_society, company, international, media, academia), ``parent_id`` the parent's slug
  when the parent is public and in the same document (a filtered list's file names no
  organisation it does not hold), ``area`` the country as an Open Civic Data division
  (``ocd-division/country:tw``), ``links`` the website and the page.
- Every other name carries ``lang`` (a BCP 47 tag: zh-Hant, en, fr…). Popolo's other_name
  schema has no language field; ``lang`` is the extension EveryPolitician uses, and the
  schemas allow extra properties.
- Membership: one per roster row (團員名單) that names an organisation: ``person_id``,
  ``organization_id`` (the 服務機關/單位 the row names), ``role`` the title (職稱) as printed,
  ``label`` the unit and title as the roster prints them, ``start_date``/``end_date`` the
  delegation's departure and return dates, ``sources`` the published report's portal page.
  The dates bound the period the roster attests, the only dates a source gives: they are not
  the person's whole tenure. ``id`` is "<delegation slug>/<person slug>" (a person appears
  once on a roster). A row that names no organisation (2016 row 19 describes the person
  instead) is no Popolo membership and is left out.
- Session roles (speaker, moderator… at a session) are not memberships: a Popolo membership
  is a relationship with an organisation, and a session is an event. They belong to Popolo
  events (``event.json``, with attendees), a separate export.
- Never exported: roster phones and e-mails, a delegation's contact phone, staff notes on a
  person or an organisation (``biography``/``description`` are labelled "note" in the admin).
"""

from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from django.urls import NoReverseMatch

from people.models import Organization, Person
from reports.models import DelegationMember, Report

OPEN_CIVIC_DATA_COUNTRY = "ocd-division/country:{}"


def popolo_document(persons=None, organizations=None, members=None, *, url_for=None):
    """A Popolo document of people, organisations and memberships; everything public by
    default."""
    if persons is None:
        persons = Person.objects.public()
    if organizations is None:
        organizations = Organization.objects.public()
    if members is None:
        members = DelegationMember.objects.public()
    return {
        "persons": popolo_people(persons, url_for=url_for),
        "organizations": popolo_organizations(organizations, url_for=url_for),
        "memberships": popolo_memberships(members),
    }


def popolo_people(persons, *, url_for=None):
    """Popolo persons, in the order given."""
    persons = list(persons)
    prefetch_related_objects(persons, "other_names")
    return [_person(person, url_for) for person in persons]


def _person(person, url_for):
    return _named(person, url_for)


def _named(record, url_for):
    """id, name, other names (the English name when there is a Chinese one, then every other
    name) and page link: what a Popolo person and organisation have alike."""
    data = {"id": record.slug, "name": record.name_zh or record.name_en}
    other_names = []
    if record.name_zh and record.name_en:
        other_names.append(
            {
                "name": record.name_en,
                "lang": "en",
                "note": str(record._meta.get_field("name_en").verbose_name),
            }
        )
    other_names += [_other_name(name) for name in record.other_names.all()]
    if other_names:
        data["other_names"] = other_names
    links = _page_link(record, url_for)
    if links:
        data["links"] = links
    return data


def _other_name(name):
    note = str(name.get_kind_display())
    if name.note:
        note = f"{note}: {name.note}"
    return {"name": name.name, "lang": name.language, "note": note}


def _page_link(obj, url_for):
    if url_for is None:
        return []
    try:
        url = url_for(obj)
    except NoReverseMatch:
        # The public pages are not routed (yet): the export goes without the link.
        return []
    return [{"url": url, "note": str(obj._meta.verbose_name)}] if url else []


def popolo_organizations(organizations, *, url_for=None):
    """Popolo organisations, in the order given."""
    organizations = list(organizations)
    prefetch_related_objects(organizations, "other_names")
    # Every parent_id points at an organisation of the same list, and a public one: callers
    # pass public organisations, and public() takes one level of parents only.
    listed = {org.pk: org.slug for org in organizations if org.is_public}
    return [_organization(org, listed.get(org.parent_id), url_for) for org in organizations]


def _organization(org, parent_slug, url_for):
    data = _named(org, url_for)
    if org.kind:
        data["classification"] = org.kind
    if parent_slug:
        data["parent_id"] = parent_slug
    if org.country:
        area_id = OPEN_CIVIC_DATA_COUNTRY.format(org.country.lower())
        data["area_id"] = area_id
        data["area"] = {"id": area_id, "identifier": org.country, "classification": "country"}
    if org.website:
        website = {"url": org.website, "note": str(Organization._meta.get_field("website").verbose_name)}
        data["links"] = [website, *data.get("links", [])]
    return data


def popolo_memberships(members):
    """Popolo memberships of roster rows (DelegationMember): a queryset's newest trip first and
    each roster in its printed order (a list or a slice as given); rows that name no
    organisation are left out."""
    if isinstance(members, QuerySet):
        members = members.select_related("person", "organization", "delegation")
        if not members.query.is_sliced:
            members = members.order_by("-delegation__departure_date", "delegation__title", "order")
    members = [member for member in members if member.organization_id]
    prefetch_related_objects(
        members,
        "person",
        "organization",
        "delegation",
        Prefetch("delegation__reports", queryset=Report.objects.published(), to_attr="published_reports"),
    )
    return [_membership(member) for member in members]


def _membership(member):
    delegation = member.delegation
    data = {
        "id": f"{delegation.slug}/{member.person.slug}",
        "person_id": member.person.slug,
        "organization_id": member.organization.slug,
    }
    if member.title:
        data["role"] = member.title
    unit = member.organization_as_printed or member.organization.name_zh or member.organization.name_en
    data["label"] = f"{unit} {member.title}".strip()
    data["start_date"] = delegation.departure_date.isoformat()
    data["end_date"] = delegation.return_date.isoformat()
    sources = [
        {"url": report.portal_url, "note": report.title}
        for report in delegation.published_reports
        if report.portal_url
    ]
    if sources:
        data["sources"] = sources
    return data
