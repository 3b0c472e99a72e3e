"""The English catalogue has a checked translation for every string of every app: Django
ignores fuzzy entries and shows an empty one in Dutch, so a gap here is Dutch on an English
page.

The .po file is read with a small parser (no extra dependency).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+"(.*)"\s*$')


@dataclass
class Entry:
    references: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    strings: dict[str, str] = field(default_factory=dict)  # msgid, msgstr[0], ... (raw)

    @property
    def msgid(self) -> str:
        return self.strings.get("msgid", "")

    @property
    def translations(self) -> list[str]:
        return [text for key, text in self.strings.items() if key.startswith("msgstr")]


def parse_po(text: str) -> list[Entry]:
    """Entries of a .po file, without the header and obsolete (#~) entries."""
    entries = []
    for block in re.split(r"\n[ \t]*\n", text):
        entry, current = Entry(), None
        for line in block.splitlines():
            if line.startswith("#:"):
                entry.references += [ref.rsplit(":", 1)[0] for ref in line[2:].split()]
            elif line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif match := KEYWORD.match(line):
                current = match[1]
                entry.strings[current] = match[2]
            elif line.startswith('"') and current:
                entry.strings[current] += line.strip()[1:-1]
        if entry.msgid:
            entries.append(entry)
    return entries


def gaps(entries: list[Entry]) -> list[str]:
    found = []
    for entry in entries:
        if "fuzzy" in entry.flags:
            found.append(f"fuzzy  {entry.references[0]}: {entry.msgid!r}")
        elif not entry.translations or not all(entry.translations):
            found.append(f"empty  {entry.references[0]}: {entry.msgid!r}")
    return found


def test_every_string_has_a_checked_english_translation():
    problems = gaps(parse_po(CATALOGUE.read_text(encoding="utf-8")))
    assert not problems, (
        f"{CATALOGUE} needs English for these strings (fill msgstr, then remove the fuzzy "
        "flag once checked; run compilemessages):\n" + "\n".join(problems)
    )


def test_the_parser_finds_fuzzy_empty_and_plural_gaps():
    sample = """
#: sync/views.py:1
#, fuzzy
msgid "oud"
msgstr "old"

#: connections/forms.py:2
msgid ""
"Twee "
"regels"
msgstr ""

#: web/mail.py:3
msgid "%(n)s run"
msgid_plural "%(n)s runs"
msgstr[0] "%(n)s run"
msgstr[1] ""

#: kassalink/accounts/models.py:4 workforce/models.py:5
msgid "Klaar"
msgstr "Done"

#~ msgid "Weg"
#~ msgstr ""
"""
    assert gaps(parse_po(sample)) == [
        "fuzzy  sync/views.py: 'oud'",
        "empty  connections/forms.py: 'Twee regels'",
        "empty  web/mail.py: '%(n)s run'",
    ]


def test_the_compiled_catalogue_is_used():
    with translation.override("en"):
        assert translation.gettext("Nu synchroniseren") == "Sync now"
