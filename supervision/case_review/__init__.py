"""The evidence behind a "keeping people safe" case review, gathered prompt by prompt (see evidence.py)."""

from supervision.case_review.evidence import (
    EVIDENCE_SOURCES,
    EvidenceSource,
    Figure,
    Window,
    gather_evidence,
    register_evidence_sources,
)

__all__ = ["EVIDENCE_SOURCES", "EvidenceSource", "Figure", "Window", "gather_evidence", "register_evidence_sources"]
