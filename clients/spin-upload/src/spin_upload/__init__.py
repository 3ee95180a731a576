"""`spin-upload`: the site uploader (tus client with a resume journal)."""
