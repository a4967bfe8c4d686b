"""The province view: take in every unit's signed reports, verify them, roll them up into the
province's indicators, the consolidated Mẫu 08 and a dashboard, and plan next year's inspections.

* :mod:`~attt_audit.province.workspace` — ``province.yaml`` and the workspace folders;
* :mod:`~attt_audit.province.intake` — ``collect``: verify, accept (read-only) or reject with reasons;
* :mod:`~attt_audit.province.indicators` — the indicators of the provincial status report;
* :mod:`~attt_audit.province.rollup` — the consolidated Mẫu 08, overdue lists, outputs;
* :mod:`~attt_audit.province.plan` — next year's inspection plan;
* :mod:`~attt_audit.province.conclude` — the per-unit conclusion.
"""
