"""How much the generator makes for a number of reports."""

from dataclasses import dataclass


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
