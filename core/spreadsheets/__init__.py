"""Spreadsheets in and out: CSV, XLSX and ODS files read into rows, and rows written as those files."""
