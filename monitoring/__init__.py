"""Monthly library activity reports after selection: what each active beneficiary's library did
each month, their deadlines, and the reporting rates built from them (issue 13)."""
