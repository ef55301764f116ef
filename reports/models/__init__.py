"""The reports app's models, one module per subject. Every public name is re-exported here:
`reports.models.X` is what the code, the migrations and the admin name."""

from core.history import track_history

# In the order the models were defined when they were one module: the app registry keeps it, and
# with it the order of migrate's content types and permissions and of backups.
# isort: off
from .delegations import (
    Delegation,
    DelegationEvent,
    DelegationMember,
    DelegationPartQuerySet,
    DelegationQuerySet,
    Destination,
    MemberRole,
    Sector,
)
from .reports import (
    CHINESE_NUMERALS,
    AccessLevel,
    DatePrecision,
    FollowUpItem,
    FollowUpStatus,
    Keyword,
    KeywordQuerySet,
    PublicationStatus,
    Recommendation,
    Report,
    ReportAuthor,
    ReportCategory,
    ReportPartQuerySet,
    ReportQuerySet,
    ReportSection,
)
from .files import ReportFile, ReportFileKind
from .source_notes import NoteKind, SourceNote, SourceNoteQuerySet
from .workflow import StatusChange
# isort: on

__all__ = [
    "CHINESE_NUMERALS",
    "AccessLevel",
    "DatePrecision",
    "Delegation",
    "DelegationEvent",
    "DelegationMember",
    "DelegationPartQuerySet",
    "DelegationQuerySet",
    "Destination",
    "FollowUpItem",
    "FollowUpStatus",
    "Keyword",
    "KeywordQuerySet",
    "MemberRole",
    "NoteKind",
    "PublicationStatus",
    "Recommendation",
    "Report",
    "ReportAuthor",
    "ReportCategory",
    "ReportFile",
    "ReportFileKind",
    "ReportPartQuerySet",
    "ReportQuerySet",
    "ReportSection",
    "Sector",
    "SourceNote",
    "SourceNoteQuerySet",
    "StatusChange",
]

# Import records and status changes are logs themselves: no history of their own.
track_history(
    Delegation,
    Destination,
    DelegationEvent,
    DelegationMember,
    Keyword,
    Report,
    ReportAuthor,
    ReportSection,
    Recommendation,
    FollowUpItem,
    ReportFile,
    SourceNote,
)
