"""The parts of `facts draft` (``loaders/draft.py`` puts them together): the words it reads
(``vocabulary``), the quoted passages it proposes as quotes (``quotes``), who spoke
(``speakers``), the facts already curated (``known``), the grammar of each sentence as spaCy
parses it (``parse``) and the new names its named entities give (``names``)."""
