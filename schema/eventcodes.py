"""CAMEO event codes, their labels, and the PLOVER event type and mode each one maps to.

The crosswalk is the PLOVER codebook's, not ours:

- the event type of a CAMEO code is that of its two-digit cue category, as in the table
  "PLOVER equivalents to CAMEO cue categories" (section "CAMEO to PLOVER translation") of the
  PLOVER manual, Open Event Data Alliance, draft version 0.7b1,
  https://github.com/openeventdata/PLOVER/blob/master/PLOVER_MANUAL.tex (commit 5e0c24f,
  2024-02-04): 01 and 02 (public statements, appeals) are dropped, 03 is AGREE, 04 CONSULT,
  05 SUPPORT, … and 08 splits into CONCEDE (080–083) and RETREAT (084–087);
- the CONSULT modes of the four-digit detail come from CAMEO2PLOVER-2021.txt in the same
  repository: 041 phone, 042 visit, 043 host (a visit, seen from the host's side),
  044 third-party. PLOVER's fourth mode, multilateral, has no CAMEO code of its own;
- the manual's CONSULT section: "References to future meetings, summits, state visits, etc.
  and invitations for state visits should be coded as AGREE".

The labels are CAMEO's (Schrodt, CAMEO Conflict and Mediation Event Observations codebook,
version 1.1b3), for the cue categories and the codes of diplomacy (01x–07x).
"""
from __future__ import annotations

from typing import Literal

PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]

CODEBOOK = "PLOVER manual 0.7b1, 'CAMEO to PLOVER translation'"

# cue category -> (CAMEO label, PLOVER event type or None where PLOVER drops the category)
CUE_CATEGORIES: dict[str, tuple[str, PloverType | None]] = {
    "01": ("Make public statement", None),
    "02": ("Appeal", None),
    "03": ("Express intent to cooperate", "AGREE"),
    "04": ("Consult", "CONSULT"),
    "05": ("Engage in diplomatic cooperation", "SUPPORT"),
    "06": ("Engage in material cooperation", "COOPERATE"),
    "07": ("Provide aid", "AID"),
    "08": ("Yield", None),  # split by code: see plover_type()
    "09": ("Investigate", "ACCUSE"),
    "10": ("Demand", "REQUEST"),
    "11": ("Disapprove", "ACCUSE"),
    "12": ("Reject", "REJECT"),
    "13": ("Threaten", "THREATEN"),
    "14": ("Protest", "PROTEST"),
    "15": ("Exhibit force posture", "MOBILIZE"),
    "16": ("Reduce relations", "SANCTION"),
    "17": ("Coerce", "COERCE"),
    "18": ("Assault", "ASSAULT"),
    "19": ("Fight", "ASSAULT"),
    "20": ("Use unconventional mass violence", "ASSAULT"),
}

LABELS: dict[str, str] = {
    "010": "Make statement", "011": "Decline comment", "012": "Make pessimistic comment",
    "013": "Make optimistic comment", "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility", "016": "Deny responsibility",
    "017": "Engage in symbolic act", "018": "Make empathetic comment", "019": "Express accord",
    "020": "Make an appeal or request", "021": "Appeal for material cooperation",
    "022": "Appeal for diplomatic cooperation", "023": "Appeal for aid",
    "024": "Appeal for political reform", "025": "Appeal to yield",
    "026": "Appeal to others to meet or negotiate", "027": "Appeal to others to settle dispute",
    "028": "Appeal to others to engage in or accept mediation",
    "030": "Express intent to cooperate", "031": "Express intent to engage in material cooperation",
    "0311": "Express intent to cooperate economically", "0312": "Express intent to cooperate militarily",
    "0313": "Express intent to cooperate on judicial matters",
    "0314": "Express intent to cooperate on intelligence",
    "032": "Express intent to provide diplomatic cooperation", "033": "Express intent to provide material aid",
    "034": "Express intent to institute political reform", "035": "Express intent to yield",
    "036": "Express intent to meet or negotiate", "037": "Express intent to settle dispute",
    "038": "Express intent to accept mediation", "039": "Express intent to mediate",
    "040": "Consult", "041": "Discuss by telephone", "042": "Make a visit", "043": "Host a visit",
    "044": "Meet at a 'third' location", "045": "Mediate", "046": "Engage in negotiation",
    "050": "Engage in diplomatic cooperation", "051": "Praise or endorse", "052": "Defend verbally",
    "053": "Rally support on behalf of", "054": "Grant diplomatic recognition", "055": "Apologize",
    "056": "Forgive", "057": "Sign formal agreement",
    "060": "Engage in material cooperation", "061": "Cooperate economically", "062": "Cooperate militarily",
    "063": "Engage in judicial cooperation", "064": "Share intelligence or information",
    "070": "Provide aid", "071": "Provide economic aid", "072": "Provide military aid",
    "073": "Provide humanitarian aid", "074": "Provide military protection or peacekeeping",
    "075": "Grant asylum",
}

# CONSULT codes whose mode the crosswalk gives (043, hosting, is a visit seen from the host).
CONSULT_MODES: dict[str, str] = {"041": "phone", "042": "visit", "043": "visit", "044": "third-party"}
# A meeting that took place, by its mode: the codes that say how it was held. 040 (consult,
# unspecified) only where no CAMEO code is more precise: a multilateral meeting, or one the
# sources do not say how it was held.
HELD_MEETING_CODES: dict[str, tuple[str, ...]] = {
    "phone": ("041",), "visit": ("042", "043"), "third-party": ("044",), "multilateral": ("040",),
    "unknown": ("040",),
}
# Consultations of any mode: mediation and negotiation.
ANY_MODE_CODES = ("045", "046")
# A meeting that has not taken place (planned, proposed): an intent to meet.
INTENT_TO_MEET = "036"


def plover_type(cameo: str) -> PloverType | None:
    """The PLOVER event type of a CAMEO code; None for the categories PLOVER drops."""
    cue = cameo[:2]
    if cue == "08":
        return "CONCEDE" if cameo[:3] in ("080", "081", "082", "083") else "RETREAT"
    return CUE_CATEGORIES[cue][1] if cue in CUE_CATEGORIES else None


def plover_type_sql(cameo: str) -> str:
    """The same crosswalk as ``plover_type``, as an SQL expression of the column ``cameo``."""
    whens = " ".join(f"WHEN '{cue}' THEN '{plover}'" for cue, (_, plover) in CUE_CATEGORIES.items() if plover)
    concede = ", ".join(f"'08{d}'" for d in "0123")
    return (f"CASE WHEN substr({cameo}, 1, 2) = '08' THEN CASE WHEN substr({cameo}, 1, 3) IN ({concede})"
            f" THEN 'CONCEDE' ELSE 'RETREAT' END ELSE CASE substr({cameo}, 1, 2) {whens} END END")


def label(cameo: str) -> str:
    """'041' -> 'Discuss by telephone'; a code without a label of its own gets its category's."""
    return LABELS.get(cameo) or LABELS.get(cameo[:3]) or CUE_CATEGORIES.get(cameo[:2], ("",))[0]


def described(cameo: str) -> str:
    """'041' -> "041 (Discuss by telephone)", as error messages name a code."""
    return f"{cameo} ({label(cameo)})" if label(cameo) else cameo


def plover_problem(cameo: str | None, given: str | None) -> str | None:
    """Why a curated PLOVER type disagrees with the crosswalk of its CAMEO code, if it does."""
    if cameo is None or given is None:
        return None
    expected = plover_type(cameo)
    if expected is None:
        return (f"CAMEO {described(cameo)} is in a category PLOVER does not code ({CODEBOOK}): "
                f"remove plover_type {given}")
    if given != expected:
        return (f"CAMEO {described(cameo)} is PLOVER {expected}, not {given} ({CODEBOOK}): "
                "give the CAMEO code alone and PLOVER is derived from it")
    return None


def meeting_problem(status: str, mode: str, cameo: str | None) -> str | None:
    """Why a meeting's CAMEO code says something its status or mode does not, if it does."""
    if cameo is None:
        return None
    if status != "held":
        if cameo != INTENT_TO_MEET:
            return (f"a {status} meeting has not taken place: code it {INTENT_TO_MEET} "
                    f"({label(INTENT_TO_MEET)}; PLOVER AGREE), not {described(cameo)}")
        return None
    allowed = HELD_MEETING_CODES[mode] + ANY_MODE_CODES
    if cameo not in allowed:
        codes = " or ".join(described(c) for c in HELD_MEETING_CODES[mode])
        return f"a held meeting of mode {mode} is coded {codes}, not {described(cameo)}"
    return None
