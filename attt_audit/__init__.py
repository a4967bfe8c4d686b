"""attt-audit: audit information systems against Vietnam's graded-security regime."""

__version__ = "0.1.0"
