from courses.reports.charts import Bar, bar_chart, column_chart


def test_bar_chart_is_an_accessible_svg_with_escaped_labels():
    svg = bar_chart(
        title="Hoàn thành <theo> xã",
        description="Mô tả",
        bars=[Bar("<script>alert(1)</script>", 5, 10), Bar("Xã Lóng Sập", 2)],
        target_label="chỉ tiêu",
    )

    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'role="img"' in svg and "aria-labelledby" in svg
    assert "<title" in svg and "<desc" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Xã Lóng Sập" in svg
    assert svg.count("<line") == 1  # one target tick


def test_bar_chart_draws_at_most_the_largest_rows():
    svg = bar_chart(title="t", description="d", bars=[Bar(f"Xã {n}", n) for n in range(100)])

    assert svg.count("<rect") == 40
    assert "Xã 99" in svg and "Xã 10<" not in svg


def test_column_chart_has_a_column_per_period_and_series_without_external_resources():
    svg = column_chart(
        title="Xu hướng",
        description="d",
        labels=["01/2026", "02/2026", "03/2026"],
        series=[("Ghi danh", [3, 0, 5]), ("Hoàn thành", [1, 0, 2])],
    )

    assert svg.count("<rect") == 2 + 6  # legend swatches + columns
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_empty_charts_still_render():
    assert "—" in bar_chart(title="t", description="d", bars=[])
    assert "<svg" in column_chart(title="t", description="d", labels=[], series=[("a", [])])
