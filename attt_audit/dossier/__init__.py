"""The level dossier (hồ sơ đề xuất cấp độ): drafts of every document from what the workspace
knows, and the file's steps to approval with their legal deadlines.

* :mod:`.rules` — the dossier data (``checklists/dossier/dossier.yaml``) and the regime's deadlines;
* :mod:`.facts` — what the workspace knows about one system, and each missing fact as a gap;
* :mod:`.documents` — the documents of the file as blocks (headings, paragraphs, tables);
* :mod:`.render` — Markdown and HTML (Jinja2 templates under ``reports/dossier/``) and Word;
* :mod:`.writer` — the whole folder at once, never over a file the officer edited;
* :mod:`.tracking` — the step each file is at and its next legal deadline;
* :mod:`.workdays` — working days (weekends and Vietnamese public holidays skipped);
* :mod:`.changes` — a system changed since approval must have its level re-determined.
"""
