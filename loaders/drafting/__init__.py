"""The parts of `facts draft` (``loaders/draft.py`` puts them together): the words it reads
(``vocabulary``), the quoted passages it proposes as quotes (``quotes``), who spoke
(``speakers``) and the facts already curated (``known``)."""
