from django.conf import settings
from django.utils import formats, translation
from django.utils.timezone import get_current_timezone_name


def test_time_zone_is_ho_chi_minh_with_aware_datetimes():
    assert settings.USE_TZ is True
    assert get_current_timezone_name() == "Asia/Ho_Chi_Minh"


def test_vietnamese_is_the_default_language_and_english_is_available():
    assert settings.LANGUAGE_CODE == "vi"
    assert [code for code, _ in settings.LANGUAGES] == ["vi", "en"]


def test_vietnamese_number_and_date_formats():
    import datetime

    with translation.override("vi"):
        assert formats.number_format(20985, use_l10n=True, force_grouping=True) == "20.985"
        assert formats.number_format(0.41, decimal_pos=2, use_l10n=True) == "0,41"
        assert formats.date_format(datetime.date(2017, 3, 5), "SHORT_DATE_FORMAT") == "05/03/2017"


def test_the_suite_runs_on_postgresql_with_a_real_broker():
    # make test brings up PostgreSQL and Redis; the embedded SQLite/eager default is for make run.
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    assert settings.CELERY_TASK_ALWAYS_EAGER is False
