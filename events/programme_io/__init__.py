"""A summit's programme in and out as a spreadsheet (the import and export of its sessions)."""
