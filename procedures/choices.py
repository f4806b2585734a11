"""Choices shared by models, forms, filters and the API, with Vietnamese labels through i18n."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    """Loại đơn vị hành chính."""

    PROVINCE = "province", _("Province")
    DEPARTMENT = "department", _("Department (sở, ban, ngành)")
    DISTRICT = "district", _("District (huyện, thị xã, thành phố)")
    COMMUNE = "commune", _("Commune (xã, phường, thị trấn)")


class Level(models.IntegerChoices):
    """Cấp thực hiện, numbered as in the national TTHC database."""

    MINISTRY = 0, _("Ministry level")
    PROVINCE = 1, _("Province level")
    DISTRICT = 2, _("District level")
    COMMUNE = 3, _("Commune level")
    # "Cơ quan khác" in national records: carried out by an agency outside the levels.
    OTHER = 4, _("Other agency")

    @classmethod
    def mask(cls, levels) -> int:
        """The set of ``levels`` as the bits ``ProcedureVersion.levels`` stores."""
        return sum(1 << int(level) for level in set(levels))

    @classmethod
    def of_mask(cls, mask: int) -> list[int]:
        return [level for level in cls.values if mask & (1 << level)]


class TimeUnit(models.TextChoices):
    """Unit of a processing time (thời hạn giải quyết), as the law and the national portal write
    them. The arithmetic of each lives in ``procedures.calendar.processing_time``; nothing else
    branches on it. The stored values of working days and hours are the historic ones."""

    DAYS = "days", _("working days")
    HOURS = "hours", _("working hours")
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    MONTHS = "months", _("months")
    SAME_DAY = "same_day", _("same day")
    # States rather than units: no amount, no due moment, left out of on-time statistics.
    NONE = "none", _("no time set")
    TO_COMPLETE = "to_complete", _("to be completed")


class Channel(models.TextChoices):
    """Way a dossier comes in (cách thức nộp)."""

    DIRECT = "direct", _("Direct")
    POSTAL = "postal", _("Postal")
    ONLINE = "online", _("Online")


class OnlineLevel(models.IntegerChoices):
    """Mức độ dịch vụ công trực tuyến."""

    INFORMATION = 2, _("Level 2: information only")
    PARTIAL = 3, _("Level 3: partly online")
    FULL = 4, _("Level 4: fully online")


class ChangeKind(models.TextChoices):
    """Kind of change an announcement decision line makes (công bố mới / sửa đổi / ...)."""

    NEW = "new", _("Newly announced")
    AMENDED = "amended", _("Amended, supplemented")
    REPLACED = "replaced", _("Replaced")
    ABOLISHED = "abolished", _("Abolished")
    CORRECTION = "correction", _("Administrator's correction")
    REVIEW = "review", _("Time review applied")


class ProcedureStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    ABOLISHED = "abolished", _("Abolished")


class SupplementMode(models.TextChoices):
    """How the clock resumes after a supplement request: set per province."""

    PAUSE = "pause", _("Pause: the due moment moves by the time spent waiting")
    RESTART = "restart", _("Restart: the full processing time counts again")


class DossierStatus(models.IntegerChoices):
    """Trạng thái hồ sơ, numbered as the national portal numbers them."""

    REGISTERED_ONLINE = 1, _("Registered online")
    RECEIVED = 2, _("Received")
    REJECTED = 3, _("Not received (rejected)")
    IN_PROCESS = 4, _("In process")
    SUPPLEMENT_REQUESTED = 5, _("Supplement requested")
    FINANCIAL_OBLIGATION_REQUESTED = 6, _("Financial obligation requested")
    WITHDRAWN = 7, _("Withdrawn at the applicant's request")
    STOPPED = 8, _("Stopped")
    RESOLVED = 9, _("Resolved")
    RESULT_RETURNED = 10, _("Result returned")


class Outcome(models.TextChoices):
    """Kết quả so với hạn: trước hạn / đúng hạn / quá hạn."""

    EARLY = "early", _("Early")
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")


class ReviewBucket(models.TextChoices):
    """How much a time review cut a processing time; derived from the two times, never typed."""

    HALF = "half", _("Cut by at least 1/2")
    THIRD = "third", _("Cut by at least 1/3 (less than 1/2)")
    LESS = "less", _("Cut by less than 1/3")
    NOT_CUT = "not_cut", _("Not cut")


class ImportKind(models.TextChoices):
    """What a catalogue file holds."""

    PROCEDURES = "procedures", _("Procedures (national records)")
    DECISION = "decision", _("Announcement decision (its tables)")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    REFUSED = "refused", _("Refused")
    FAILED = "failed", _("Failed")


class ReportKind(models.TextChoices):
    """Báo cáo: the reports the report screen generates."""

    ADMIN_REFORM = "admin_reform", _("Administrative-reform report")


class ReportFormat(models.TextChoices):
    """The file a generated report is written as."""

    DOCX = "docx", _("Word (DOCX)")
    XLSX = "xlsx", _("Excel (XLSX): forms 06, II.06a, 07b")
    PDF = "pdf", _("PDF: the document to sign, with the forms")
    MD = "md", _("Text (Markdown)")
    JSON = "json", _("Data (JSON)")


class RatingLevel(models.IntegerChoices):
    """Mức độ hài lòng: the five-step scale of the national portal's satisfaction survey
    (Rất hài lòng … Rất không hài lòng). Decision 766's indicator counts ratings at
    "hài lòng" or better: ``value >= SATISFIED_MIN``."""

    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    NEUTRAL = 3, _("Neither satisfied nor dissatisfied")
    DISSATISFIED = 2, _("Dissatisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


SATISFIED_MIN = RatingLevel.SATISFIED


class ReturnsCount(models.IntegerChoices):
    """Số lần phải đi lại để hoàn thiện hồ sơ, as the survey asks it: 0, 1, 2 or more."""

    NONE = 0, _("None")
    ONCE = 1, _("Once")
    TWICE_OR_MORE = 2, _("Twice or more")


class RatingChannel(models.TextChoices):
    """Where the citizen rated: the public lookup page (the receipt's QR) or a desk's tablet."""

    LOOKUP = "lookup", _("Public lookup page")
    TABLET = "tablet", _("Tablet at the desk")
