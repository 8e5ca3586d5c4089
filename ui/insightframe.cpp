#include "insightframe_p.h"

#include "insightstyle.h"

#include <QLabel>
#include <QScrollArea>
#include <QVBoxLayout>

namespace initlab {

InsightFrame buildInsightFrame(QWidget *view, const QString &emptyText, const QString &legend)
{
    InsightFrame frame;
    auto *layout = new QVBoxLayout(view);

    frame.header = new QLabel(view);
    frame.header->setObjectName(QStringLiteral("headerLabel"));
    layout->addWidget(frame.header);

    frame.legend = new QLabel(legend, view);
    frame.legend->setObjectName(QStringLiteral("legendLabel"));
    frame.legend->setTextFormat(Qt::RichText);
    frame.legend->setWordWrap(true);
    layout->addWidget(frame.legend);

    frame.emptyState = new QLabel(emptyText, view);
    frame.emptyState->setObjectName(QStringLiteral("emptyStateLabel"));
    frame.emptyState->setAlignment(Qt::AlignCenter);
    frame.emptyState->setWordWrap(true);
    layout->addWidget(frame.emptyState, 1);

    frame.scrollArea = new QScrollArea(view);
    frame.scrollArea->setObjectName(QStringLiteral("layerScrollArea"));
    frame.scrollArea->setWidgetResizable(true);
    frame.scrollArea->setFrameShape(QFrame::NoFrame);
    auto *content = new QWidget;
    content->setObjectName(QStringLiteral("layerRows"));
    frame.rows = new QVBoxLayout(content);
    frame.rows->setContentsMargins(0, 0, 0, 0);
    // A blank line between rows, so that a note reads as part of the row above it.
    frame.rows->setSpacing(view->fontMetrics().height());
    frame.scrollArea->setWidget(content);
    layout->addWidget(frame.scrollArea, 1);

    showInsightRows(frame, false);
    return frame;
}

void showInsightRows(const InsightFrame &frame, bool visible)
{
    frame.header->setVisible(visible);
    frame.legend->setVisible(visible);
    frame.scrollArea->setVisible(visible);
    frame.emptyState->setVisible(!visible);
}

void appendInsightRow(const InsightFrame &frame, QWidget *row)
{
    frame.rows->addWidget(row);
}

QLabel *makeNoteLabel(const QString &objectName, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    return label;
}

QString unitCountText(int units)
{
    return units == 1 ? QStringLiteral("1 unit") : QStringLiteral("%1 units").arg(units);
}

QString legendSwatch(const QString &colorName, const QString &symbol, const QString &text)
{
    return QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>&nbsp;%3")
        .arg(colorName, symbol, text.toHtmlEscaped());
}

QString insightLegend(const QString &referenceText)
{
    return legendSwatch(
               insightstyle::currentColor().name(), QStringLiteral("\u25A0"), QStringLiteral("now"))
        + QStringLiteral(" &nbsp; ")
        + legendSwatch(insightstyle::initialColor().name(), QStringLiteral("\u25A1"),
            QStringLiteral("at initialization"))
        + QStringLiteral(" &nbsp; ")
        + legendSwatch(insightstyle::referenceColor().name(), QStringLiteral("- -"), referenceText);
}

} // namespace initlab
