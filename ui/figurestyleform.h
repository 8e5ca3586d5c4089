#pragma once

// The controls of a figure's style: title, axis labels, logarithmic y-axis, legend position,
// font size, print theme, spike markers and cause labels. Shared by every window that draws or
// exports a figure, so that the options look and behave the same everywhere.

#include "figure.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;

namespace initlab {

class FigureStyleForm : public QWidget
{
    Q_OBJECT

public:
    explicit FigureStyleForm(QWidget *parent = nullptr);

    // Shows style without emitting styleChanged(). A font size outside the accepted range is
    // shown clamped to it.
    void setFigureStyle(const FigureStyle &style);
    FigureStyle figureStyle() const;

signals:
    // After any control changes; text fields report when editing is finished.
    void styleChanged();

private:
    QLineEdit *m_title;
    QLineEdit *m_xLabel;
    QLineEdit *m_yLabel;
    QCheckBox *m_logY;
    QComboBox *m_legend;
    QDoubleSpinBox *m_fontPoints;
    QCheckBox *m_printTheme;
    QCheckBox *m_spikes;
    QCheckBox *m_causeLabels;
};

// "top", "bottom", "left", "right", "none": the names used on the command line and in files.
QString legendPositionName(LegendPosition position);
std::optional<LegendPosition> legendPositionFromName(const QString &name);

} // namespace initlab
