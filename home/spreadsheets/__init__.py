"""The one way the site reads and writes spreadsheets (STYLE rule 14, decision 017).

`reader` opens any CSV or XLSX file an office sends (encodings, delimiters, sheets, header
row, merged cells, formulas, column-number and footer rows) and streams its data rows by
column key; `headers` holds the one list of header spellings every import accepts;
`formulas` holds the one rule that keeps exported text from running as a formula, and its
inverse for values pasted back. Pure code: no database, no request.
"""
