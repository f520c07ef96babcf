"""QtCharts for the dashboard: horizontal bars of counts and a stacked bar of status by month.

Imported only when the dashboard is first shown, so QtCharts does not slow down start-up.
"""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import QWidget

from komoro_feedback.domain.enums import Status

STATUS_COLORS = {
    Status.RECEIVED: "#d93025",
    Status.ROUTED: "#f29900",
    Status.IN_PROGRESS: "#f6c026",
    Status.ANSWERED: "#1e8e3e",
    Status.DONE: "#137333",
    Status.NOT_FEASIBLE: "#5f6368",
    Status.NOTED: "#9aa0a6",
}
BAR_COLOR = "#1a73e8"
#: Room a value label needs past the longest bar, as a share of the axis.
VALUE_HEADROOM = 1.3
#: Height a horizontal bar chart spends on anything but its rows (title, value axis, margins).
CHART_CHROME_PX = 100
#: QtCharts elides a category label to "..." once rows are closer than about this many text
#: heights, so the labels shrink with the chart instead.
ROW_PER_TEXT_HEIGHT = 1.1
SMALLEST_LABEL_PX = 8


def _chart(title: str, font: QFont) -> QChart:
    chart = QChart()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setTitle(title)
    title_font = QFont(font)
    title_font.setBold(True)
    chart.setTitleFont(title_font)
    chart.legend().setFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    return chart


def _value_axis(maximum: int, font: QFont) -> QValueAxis:
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setRange(0, max(maximum, 1) * VALUE_HEADROOM)
    axis.applyNiceNumbers()
    axis.setLabelsFont(font)
    return axis


def count_bar_chart(title: str, rows: list[tuple[str, int]], font: QFont) -> QChart:
    """Horizontal bars, first row on top, each bar labelled with its count."""
    chart = _chart(title, font)
    bars = QBarSet(title)
    bars.setColor(QColor(BAR_COLOR))
    bars.setLabelFont(font)
    bars.setLabelColor(QColor("#202124"))
    ordered = list(reversed(rows))  # a horizontal bar axis runs bottom to top
    for _label, n in ordered:
        bars.append(n)
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([label for label, _n in ordered])
    categories.setLabelsFont(font)
    # Qt cuts a label to "..." when its row is not a full text height plus padding; the
    # view shrinks the font with the chart instead (FittedChartView), so never truncate.
    categories.setTruncateLabels(False)
    values = _value_axis(max((n for _l, n in rows), default=0), font)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(categories)
    series.attachAxis(values)
    chart.legend().hide()
    return chart


def status_month_chart(
    title: str,
    months: list[str],
    by_status: dict[Status, list[int]],
    labels: dict[Status, str],
    font: QFont,
) -> QChart:
    """One stacked bar per month, a colour per status, legend below."""
    chart = _chart(title, font)
    series = QStackedBarSeries()
    for status in Status:
        counts = by_status.get(status)
        if not counts or not any(counts):
            continue
        bars = QBarSet(labels[status])
        bars.setColor(QColor(STATUS_COLORS[status]))
        for n in counts:
            bars.append(n)
        series.append(bars)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append(months)
    small = QFont(font)
    small.setPointSizeF(max(font.pointSizeF() - 2, 6))
    categories.setLabelsFont(small)
    if len(months) > 12:
        categories.setLabelsAngle(-90)
    totals = [sum(col) for col in zip(*by_status.values(), strict=False)] if by_status else []
    values = _value_axis(max(totals, default=0), small)
    chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(values)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    chart.legend().setFont(small)
    return chart


def category_label_font(base: QFont, rows: int, chart_height: int) -> QFont:
    """The font for `rows` category labels of a horizontal bar chart `chart_height` high:
    the base font while the rows have room for it, smaller once they have not."""
    font = QFont(base)
    if rows <= 0:
        return font
    per_row = max(chart_height - CHART_CHROME_PX, 1) / rows
    size = QFontMetrics(font).height()
    if size * ROW_PER_TEXT_HEIGHT <= per_row:
        return font
    px = max(int(per_row / ROW_PER_TEXT_HEIGHT), SMALLEST_LABEL_PX)
    # QFontMetrics.height() is ~1.3x the pixel size for CJK fonts.
    font.setPixelSize(max(int(px / 1.3), SMALLEST_LABEL_PX))
    return font


class FittedChartView(QChartView):  # type: ignore[misc]
    """A chart view whose bar labels shrink with it, so they are never cut to "..."."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.base_font: QFont | None = None

    def setChart(self, chart: QChart) -> None:
        super().setChart(chart)
        self.fit_labels()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_labels()

    def fit_labels(self) -> None:
        chart = self.chart()
        if chart is None or self.base_font is None:
            return
        for axis in chart.axes(Qt.Orientation.Vertical):
            if isinstance(axis, QBarCategoryAxis):
                font = category_label_font(self.base_font, axis.count(), self.height())
                axis.setLabelsFont(font)
                for series in chart.series():
                    for bars in series.barSets():
                        bars.setLabelFont(font)
