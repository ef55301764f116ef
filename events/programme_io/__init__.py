"""A summit's programme (its sessions) in and out as a spreadsheet, one row per session.

Columns, found by header in any order (English as the fixtures name them, or Chinese); a title
and notes may stand above the header row:

    key 代號 · parent 上層 · kind 類型 · format 形式 · date 日期 (required) · start 開始 · end 結束 ·
    room 會議室 · tracks 主題 · languages 語言 · title_en 英文標題 · title_zh 中文標題 (one of the
    two required) · description 說明 · speakers 講者

- `key`: a short slug ([a-z0-9-]) naming the session within the summit (its slug is
  "<summit slug>-<key>"); without a key a row is matched to a session of the summit with the
  same date and start and the same English or Chinese title. `parent`: the key of the
  enclosing session; empty = the summit. A session cannot end up part of itself, through the
  file's rows or the sessions stored; a row under a row with an error is refused too.
- `date` YYYY-MM-DD (also 2016/12/8 and the ROC calendar: 105/12/08, 105年12月8日), within the
  summit's dates or up to SIDE_EVENT_DAYS days before or after (side events). An empty date
  cell is refused for a session that has a date (it would remove it) and for a new session
  without a time; a new session with a time but no date keeps the time as printed.
- `start`, `end` in the summit's local time, HH:MM or HH:MM:SS (also 3:00pm, 上午 9:30,
  下午 3 時); stored in UTC through the summit's time zone. A session ending on a later day
  than it starts has that day in its end cell: `2023-09-07 17:00`, or `2023-09-07` alone
  when it has no end time (the export writes it so). A date changed while the start and end
  columns are absent, or keep their clock times, moves the stored times to the new day.
- `kind`: session (default), side_event, reception, meeting, visit; `format`: plenary, panel,
  workshop… (codes or their names in either language).
- `room`: the room's name (“venue · room”, or its key); `tracks` (names or keys) and
  `languages` (ISO 639-1 codes) separated by " | ". An unknown room or track is created; an
  unknown language is an error.
- `speakers`: everyone named under the session, in printed order, separated by “;”, “；”, a
  new line, or outside parentheses the Chinese “、” and “，” (講者：甲、乙、丙):
  `Name (role, affiliation)`, e.g. `Audrey Tang (speaker, Digital Minister); OGP Support Unit
  (organiser)`. The role is speaker, moderator, chair, organiser, host or participant (or its
  Chinese name: 講者, 主持人…); without parentheses a name is a speaker. Only the final
  parenthesis of an entry is read, so a name may hold its own: `UK Government (Cabinet Office)
  (organiser)`; a name in quotation marks ("…" or “…”) may hold separators (the export quotes
  such names). Names are matched to people (an organiser to organisations too) by any of their
  names; unknown names are created. A session's stored roles are paired with the entries by
  name, so a role keeps its links and note when the list is reordered or shortened.

Every cell but `description` and `speakers` is one line: a line break in it (Alt+Enter) is read
as a space. A value longer than its field holds is refused before anything is written.

A column the file does not have is left as it is; sessions the file does not list are kept.
The package, by job:

- cells.py: the columns, and how a cell is read (dates, times, speakers) and written back;
- plan.py: `ProgrammeImport(summit).run(table, dry_run=True)` returns the Plan
  (core.imports): every row read, matched and compared, nothing written;
- write.py: without dry_run and with no problems, the plan written in one transaction,
  set-based;
- export.py: `programme_rows(summit)`, the rows of an export: export then import changes
  nothing.
"""
