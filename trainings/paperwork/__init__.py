"""The event's paperwork: certificates anyone can verify, name badges and invitation letters.

`services` issues and revokes certificates, `documents` gives a user the documents of their
scope, `certificates`/`badges`/`invitations` draw the PDFs (fpdf2, Source Sans Pro, A4, black and
white), `views` serves the public check and the staff downloads, `admin` lists certificates.
"""
