from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

VI_PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_vietnamese_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(VI_PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"untranslated in vi: {untranslated}"
    assert fuzzy == [], f"fuzzy in vi: {fuzzy}"


def test_screens_speak_vietnamese_by_default_and_english_on_request():
    with translation.override("vi"):
        assert gettext("Log in") == "Đăng nhập"
    with translation.override("en"):
        assert gettext("Log in") == "Log in"
