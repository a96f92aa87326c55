"""The parts of `facts draft` (``loaders/draft.py`` puts them together). Reading a source into
candidates, a stage a module (``reader.py``'s ``Draft`` is made of their classes): the source
as read (``source``), dates (``dates``), who spoke (``attribution``), the sides of a meeting or
an agreement (``sides``), meetings (``meetings``), statements and quotes (``statements``),
agreements (``agreements``), candidates recognised as facts already curated (``matching``);
then one row per meeting (``merging``), and each candidate written as a row (``candidate``).
What they read with: the words (``vocabulary``), the quoted passages (``quotes``), the rules
for speakers (``speakers``), the facts already curated (``known``), the grammar of each
sentence as spaCy parses it (``parse``), its sentences (``sentences``), offices that stand for
their holders (``offices``), the new names its named entities give (``names``), joint texts
(``jointtext``), multilateral meetings (``multilateral``), a transcript's turns (``turns``) and
second reports in one sentence (``reported``)."""
