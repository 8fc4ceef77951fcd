"""One importer framework for every contract file (CONTRACT.md, STYLE.md: one way to do it).

`reading` turns a CSV or XLSX file into numbered rows of text, `parsers` turns cells into
typed values, `tables` compares rows with the database and upserts them in bulk, and
`runner` drives a `FileSpec` over a file: all or nothing, every bad row reported, the run
recorded as a `registry.ImportRun`. Each file kind is a small `FileSpec` in the app that owns
its tables (`registry.importers`, `workflow.importers`).
"""
