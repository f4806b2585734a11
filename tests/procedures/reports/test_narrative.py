"""The narrative reads like the seed report's paragraph, with every number from the figures."""

from django.utils import translation

from procedures.reports.narrative import admin_reform_paragraphs
from tests.report_samples import seed_data, stats


def _text(data, language="vi") -> str:
    with translation.override(language):
        return "\n".join(admin_reform_paragraphs(data))


def test_the_seed_year_reads_as_the_seed_report_with_the_late_share_computed():
    text = _text(seed_data())

    assert (
        "Từ ngày 01/01/2017 đến ngày 31/12/2017, Chủ tịch Ủy ban nhân dân tỉnh quyết định công bố "
        "mới 204 thủ tục hành chính; sửa đổi, bổ sung 0 thủ tục hành chính; thay thế 0 thủ tục "
        "hành chính; bãi bỏ 221 thủ tục hành chính; cập nhật 425 thủ tục hành chính vào cơ sở dữ "
        "liệu quốc gia về thủ tục hành chính." in text
    )
    assert (
        "Đã rà soát được 1.738 thủ tục hành chính, trong đó có 1.565 thủ tục hành chính cắt giảm "
        "1/2 thời gian giải quyết so với quy định (chiếm tỷ lệ 90,05%), 94 thủ tục hành chính "
        "giảm 1/3 thời gian giải quyết so với quy định (chiếm tỷ lệ 5,41%)" in text
    )
    assert (
        "còn 79 thủ tục hành chính không thể cắt giảm thời gian giải quyết so với quy định "
        "(chiếm tỷ lệ 4,55%)." in text
    )
    assert (
        "Trên địa bàn tỉnh có 19 sở, ban, ngành tỉnh; 9 huyện, thị xã, thành phố; 106/106 xã, "
        "phường, thị trấn có thành lập Bộ phận tiếp nhận và trả kết quả theo cơ chế một cửa; 97 "
        "thủ tục hành chính thực hiện theo cơ chế một cửa liên thông." in text
    )
    # The seed printed 0,04%; 85/20.985 is 0,41%.
    assert (
        "Từ khi đi vào hoạt động (tháng 10/2016) đến nay, Trung tâm Hành chính công thành phố Trà "
        "Vinh đã tiếp nhận tổng số 20.985 hồ sơ, kết quả giải quyết có 20.900 hồ sơ giải quyết "
        "đúng hạn, có 85/20.985 hồ sơ trễ hạn (chiếm tỷ lệ 0,41%)." in text
    )
    assert "0,04%" not in text
    assert (
        "Trung tâm Hành chính công huyện Cầu Ngang đã tiếp nhận tổng số 10.128 hồ sơ, kết quả "
        "giải quyết có 10.032 hồ sơ giải quyết đúng hạn, không có hồ sơ trễ hạn, 96 hồ sơ đang "
        "trong thời gian giải quyết." in text
    )
    # The period comes before "since opening", with its own figures.
    assert (
        "Từ ngày 01/01/2017 đến ngày 31/12/2017, Trung tâm Hành chính công thành phố Trà Vinh đã "
        "tiếp nhận 16.010 hồ sơ (16.000 hồ sơ mới, trong đó 800 hồ sơ trực tuyến; 10 hồ sơ từ kỳ "
        "trước chuyển sang), kết quả giải quyết có 15.950 hồ sơ giải quyết đúng hạn, có "
        "60/16.010 hồ sơ trễ hạn (chiếm tỷ lệ 0,37%)." in text
    )


def test_after_the_2025_reform_the_coverage_names_no_district():
    data = seed_data()
    data["coverage"] = {
        **data["coverage"],
        "districts": 0,
        "district_units": 0,
        "communes": 124,
        "communes_with_desk": 124,
    }
    text = _text(data)
    assert "huyện, thị xã" not in text
    assert "19 sở, ban, ngành tỉnh và 124/124 xã, phường, đặc khu" in text


def test_a_centre_that_opened_in_the_period_gets_one_sentence_and_a_closed_one_its_last_day():
    data = seed_data()
    row = stats(direct=10, early=5, late=2, overdue=1, rejected=2)
    data["centres"] = [
        {**data["centres"][0], "opened_on": "2017-03-01", "period": row, "since_opening": row},
        {
            **data["centres"][1],
            "closed_on": "2017-06-30",
            "since_opening_to": "2017-06-30",
        },
    ]
    text = _text(data)
    assert text.count("Trung tâm Hành chính công thành phố Trà Vinh") == 1
    assert (
        "Từ khi đi vào hoạt động (tháng 03/2017) đến nay, Trung tâm Hành chính công thành phố "
        "Trà Vinh đã tiếp nhận tổng số 10 hồ sơ, kết quả giải quyết có 5 hồ sơ giải quyết đúng "
        "hạn, có 2/10 hồ sơ trễ hạn (chiếm tỷ lệ 20,00%), 1 hồ sơ đang giải quyết đã quá hạn, 2 "
        "hồ sơ bị từ chối, rút hoặc dừng giải quyết." in text
    )
    assert "Từ khi đi vào hoạt động (tháng 10/2016) đến ngày 30/06/2017, Trung tâm Hành chính " in (
        text
    )


def test_no_centre_and_no_review_are_said_plainly():
    data = seed_data(centres=[])
    data["review"] = dict.fromkeys(data["review"], 0)
    text = _text(data)
    assert "Trong kỳ không có thủ tục hành chính nào được rà soát thời gian giải quyết." in text
    assert "Trong kỳ chưa có Trung tâm Hành chính công nào đi vào hoạt động." in text


def test_the_narrative_in_english_uses_english_numbers():
    text = _text(seed_data(), "en")
    assert "85/20,985 dossiers were late (a rate of 0.41%)" in text
    assert "newly announced 204 administrative procedures" in text


def test_a_centre_without_any_dossier_yet_is_said_to_be_founded():
    data = seed_data()
    empty = stats()
    data["centres"].append(
        {
            "code": "TTHCC.84",
            "name": "Trung tâm Hành chính công tỉnh Trà Vinh",
            "level": 1,
            "unit": "84",
            "opened_on": "2017-03-01",
            "closed_on": None,
            "period": empty,
            "since_opening": empty,
            "since_opening_to": "2017-12-31",
        }
    )
    text = _text(data)
    assert (
        "Trung tâm Hành chính công tỉnh Trà Vinh đã có quyết định thành lập từ tháng 03/2017, đến "
        "nay chưa tiếp nhận hồ sơ nào." in text
    )


def test_the_2017_report_says_the_serving_index_did_not_exist_then():
    data = seed_data()
    before = _text(data)
    data["serving_index"] = {"applies": False, "reason": "x"}
    text = _text(data)
    # The 2017 paragraphs stay as they were; one paragraph more says why there is no index.
    assert text.startswith(before)
    assert "Quyết định 766/QĐ-TTg (23/06/2022)" in text and "không" in text.lower()


def test_the_index_paragraph_gives_the_total_and_each_group_marking_provisional_points():
    data = seed_data()
    data["serving_index"] = {
        "applies": True,
        "total_points": "58.83",
        "provisional": True,
        "groups": [
            {"name": "Công khai, minh bạch", "points": "2.20", "max_points": "18"},
            {"name": "Tiến độ, kết quả giải quyết", "points": "17.70", "max_points": "20"},
        ],
    }
    text = _text(data)
    assert "58,83/100" in text
    assert "Công khai, minh bạch 2,2/18" in text and "Tiến độ, kết quả giải quyết 17,7/20" in text
    assert "tạm tính" in text
