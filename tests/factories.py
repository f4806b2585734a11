"""factory_boy factories shared by the whole suite."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from procedures.choices import ChangeKind, Level, TimeUnit, UnitKind
from procedures.models import Centre, Desk, Procedure, ProcedureVersion, Sector, Unit

TEST_PASSWORD = "onestop-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "An"
    last_name = "Nguyễn Văn"

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or TEST_PASSWORD)
        if create:
            self.save(update_fields=["password"])


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"U{n:04d}")
    name = factory.Sequence(lambda n: f"Đơn vị {n}")
    kind = UnitKind.COMMUNE
    valid_from = date(2000, 1, 1)


class ProvinceFactory(UnitFactory):
    code = "84"
    name = "Tỉnh Trà Vinh"
    kind = UnitKind.PROVINCE


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"TTHCC{n:03d}")
    name = factory.Sequence(lambda n: f"Trung tâm Hành chính công {n}")
    level = Level.DISTRICT
    unit = factory.SubFactory(UnitFactory, kind=UnitKind.DISTRICT)
    valid_from = date(2016, 10, 1)


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Desk
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"000.00.{n % 100:02d}.H56")
    name = factory.Sequence(lambda n: f"Bộ phận tiếp nhận và trả kết quả {n}")
    unit = factory.SubFactory(UnitFactory)
    valid_from = date(2000, 1, 1)

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.add(*extracted)


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"LV{n:03d}")
    name = factory.Sequence(lambda n: f"Lĩnh vực {n}")


class ProcedureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Procedure
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"1.{n:06d}")


class ProcedureVersionFactory(factory.django.DjangoModelFactory):
    """A version in force from 2016 with no end: a procedure as the catalogue holds it today."""

    class Meta:
        model = ProcedureVersion

    procedure = factory.SubFactory(ProcedureFactory)
    valid_from = date(2016, 1, 1)
    change_kind = ChangeKind.NEW
    name = factory.Sequence(lambda n: f"Thủ tục {n}")
    sector = factory.SubFactory(SectorFactory)
    level = Level.COMMUNE
    processing_time_value = Decimal("3")
    processing_time_unit = TimeUnit.DAYS
    agency_name = "Ủy ban nhân dân cấp xã"
