from api.serializers.dossiers import DossierCreateSerializer, DossierDetailSerializer

BODY = {
    "procedure": "1.001193",
    "channel": "direct",
    "applicant_name": "Nguyễn Văn A",
    "applicant_id_number": "084190000001",
    "papers": ["Tờ khai"],
}


def test_each_serializer_gets_its_own_fields_bound_to_it():
    first, second = DossierDetailSerializer(), DossierDetailSerializer()
    for name, field in first.fields.items():
        other = second.fields[name]
        assert field is not other
        assert (field.parent, other.parent) == (first, second)
        assert field.field_name == other.field_name == name
    # Nested fields are copies all the way down.
    assert first.fields["events"].child is not second.fields["events"].child
    assert first.fields["events"].child.fields["actor"].root is first
    # The prototype stays unbound.
    assert all(f.parent is None for f in DossierDetailSerializer._fields_prototype.values())


def test_input_fields_validate_each_request_on_its_own():
    wrong = DossierCreateSerializer(data={**BODY, "channel": "fax", "applicant_id_number": "1"})
    right = DossierCreateSerializer(data=BODY)
    assert not wrong.is_valid()
    assert set(wrong.errors) == {"channel", "applicant_id_number"}
    assert right.is_valid(), right.errors
    assert right.validated_data["papers"] == ["Tờ khai"]
    assert right.fields["papers"].child is not wrong.fields["papers"].child
    missing = DossierCreateSerializer(data={"channel": "direct"})
    assert not missing.is_valid()
    assert {"procedure", "applicant_name", "applicant_id_number"} <= set(missing.errors)
