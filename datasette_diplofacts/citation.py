"""A fact as a reference, in the forms people paste into their writing and their reference
managers: a plain reference for readers (its one line, the fact's date, the site as
publisher, the permalink, the version cited: the date of the fact's latest revision; no ids,
no digests), and BibTeX, RIS and CSL-JSON for tools, which also carry the fact's kind and id,
its revision number and the digest of the seeds it was built from. The fact page shows the first; ``exports/cite.py`` serves the others."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .dates import date_text


@dataclass(frozen=True)
class Reference:
    kind: str
    fact_id: str
    title: str  # the fact's one line, sources named by their titles
    date: str | None  # the fact's date, to its precision
    publisher: str  # the site
    url: str  # the permalink
    built: str  # YYYY-MM-DD the data was built
    seeds: str  # digest of the seeds it was built from
    version: str = ""  # YYYY-MM-DD of the fact's latest revision (fact_revisions): the version cited
    revision: int = 0  # its number

    @property
    def key(self) -> str:
        return re.sub(r"[^A-Za-z0-9]+", "_", f"{self.kind}_{self.fact_id}")[:60]

    def plain(self) -> str:
        when = date_text(self.date) if self.date else "undated"
        return (f"{self.title.rstrip('.')}. ({when}). {self.publisher}. {self.url}"
                + (f" (version of {date_text(self.version)})" if self.version
                   else f" (data of {date_text(self.built)})" if self.built else ""))

    @property
    def versions(self) -> str:
        return (f"revision {self.revision} of {self.version}; " if self.version else "") + f"data built {self.built}; seeds {self.seeds}"

    def bibtex(self) -> str:
        fields = {"title": self.title, "howpublished": f"\\url{{{self.url}}}", "publisher": self.publisher,
                  "url": self.url, "note": f"{self.kind} {self.fact_id}; {self.versions}"}
        if self.date:
            fields["year"] = self.date[:4]
            if len(self.date) >= 7:
                fields["month"] = str(int(self.date[5:7]))
            fields["date"] = self.date
        body = ",\n".join(f"  {k} = {{{_bib(v)}}}" for k, v in fields.items())
        return f"@misc{{{self.key},\n{body}\n}}\n"

    def ris(self) -> str:
        lines = [("TY", "DATA"), ("TI", self.title), ("PB", self.publisher), ("UR", self.url),
                 ("ID", f"{self.kind}/{self.fact_id}"), ("N1", self.versions)]
        if self.date:
            parts = self.date.split("-")
            lines.append(("DA", "/".join(parts + [""] * (3 - len(parts))) + "/"))
            lines.append(("PY", parts[0]))
        return "".join(f"{tag}  - {value}\r\n" for tag, value in [*lines, ("ER", "")])

    def csl(self) -> dict:
        out: dict = {"id": f"{self.kind}/{self.fact_id}", "type": "dataset", "title": self.title,
                     "publisher": self.publisher, "URL": self.url,
                     "note": self.versions}
        if self.date:
            out["issued"] = {"date-parts": [[int(p) for p in self.date.split("-")]]}
        if self.version or self.built:
            out["version"] = self.version or self.built
        return out


def _bib(value: str) -> str:
    """Text safe inside BibTeX braces: the characters LaTeX would read as commands escaped."""
    return re.sub(r"([\\{}%&$#_^~])", r"\\\1", value) if not value.startswith("\\url{") else value


FORMATS = {
    "bib": ("BibTeX", "application/x-bibtex", lambda r: r.bibtex()),
    "ris": ("RIS", "application/x-research-info-systems", lambda r: r.ris()),
    "json": ("CSL-JSON", "application/vnd.citationstyles.csl+json", lambda r: json.dumps([r.csl()], ensure_ascii=False, indent=1)),
}
