"""A source that reports a fact otherwise is a claim of its disagreement, never the fact's
evidence: the cross-record rule between disagreements and the facts they are about, checked
once every file is loaded (a disagreement may be curated in another file than its fact), by
the build (full or incremental) and again by ``facts check``, with the same SQL."""
from __future__ import annotations

import sqlite3

from ..schema.evidence import REPORTING_ROLES, roles_sql
from .problems import Problem

# (disagreement record, disagreement id, fact type, fact id, source, stance, start, end) of each
# claim that breaks the rule: an 'otherwise' claim overlapping one of the fact's citations in
# its source, or an 'as-recorded' claim whose source the fact does not cite as reporting it.
CLAIM_PROBLEMS_SQL = f"""
SELECT d.record, d.id, d.fact_type, d.fact_id, k.source_id, k.stance, k.start, k.[end]
FROM disagreement_claims k JOIN disagreements d ON d.id = k.disagreement_id
WHERE (k.stance = 'otherwise' AND EXISTS (SELECT 1 FROM citations c WHERE c.fact_type = d.fact_type
         AND c.fact_id = d.fact_id AND c.source_id = k.source_id AND c.start < k.[end] AND k.start < c.[end]))
   OR (k.stance = 'as-recorded' AND NOT EXISTS (SELECT 1 FROM citations c WHERE c.fact_type = d.fact_type
         AND c.fact_id = d.fact_id AND c.source_id = k.source_id AND c.role IN {roles_sql(REPORTING_ROLES)}))
ORDER BY d.record, k.source_id, k.start"""


def explain(fact_type: str, fact_id: str, source: str, stance: str, start: int, end: int) -> str:
    if stance == "otherwise":
        return (f"claims: '{source}' reports {fact_type} '{fact_id}' otherwise (the claim at {start}–{end}), yet the "
                f"{fact_type} cites that passage as its evidence: drop the citation (a source that reports the fact "
                "otherwise belongs among the disagreement's claims only), or give the claim stance 'as-recorded'")
    return (f"claims: the claim at {start}–{end} says '{source}' reports {fact_type} '{fact_id}' as recorded, but "
            f"the {fact_type} cites no passage of '{source}' that states it: cite one, or give the claim stance 'otherwise'")


def contrary_citations(conn: sqlite3.Connection, rejected: set[str]) -> list[Problem]:
    """Each claim that breaks the rule, located at its disagreement; none about a fact that was
    rejected for problems of its own."""
    return [Problem.at_record(record, explain(fact_type, fact_id, source, stance, start, end))
            for record, _, fact_type, fact_id, source, stance, start, end in conn.execute(CLAIM_PROBLEMS_SQL)
            if fact_id not in rejected]
