#include "figurestyleform.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QSignalBlocker>

#include <algorithm>
#include <array>

namespace initlab {
namespace {

struct LegendChoice
{
    LegendPosition position;
    const char *name;
    const char *text;
};

constexpr std::array<LegendChoice, 5> legendChoices {{
    {LegendPosition::Bottom, "bottom", QT_TRANSLATE_NOOP("FigureStyleForm", "Below")},
    {LegendPosition::Top, "top", QT_TRANSLATE_NOOP("FigureStyleForm", "Above")},
    {LegendPosition::Right, "right", QT_TRANSLATE_NOOP("FigureStyleForm", "Right")},
    {LegendPosition::Left, "left", QT_TRANSLATE_NOOP("FigureStyleForm", "Left")},
    {LegendPosition::None, "none", QT_TRANSLATE_NOOP("FigureStyleForm", "None")},
}};

} // namespace

QString legendPositionName(LegendPosition position)
{
    for (const LegendChoice &choice : legendChoices) {
        if (choice.position == position)
            return QString::fromLatin1(choice.name);
    }
    return QStringLiteral("bottom");
}

std::optional<LegendPosition> legendPositionFromName(const QString &name)
{
    for (const LegendChoice &choice : legendChoices) {
        if (name == QLatin1String(choice.name))
            return choice.position;
    }
    return std::nullopt;
}

FigureStyleForm::FigureStyleForm(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLineEdit)
    , m_xLabel(new QLineEdit)
    , m_yLabel(new QLineEdit)
    , m_logY(new QCheckBox(tr("Logarithmic y-axis")))
    , m_legend(new QComboBox)
    , m_fontPoints(new QDoubleSpinBox)
    , m_printTheme(new QCheckBox(tr("Print theme")))
    , m_spikes(new QCheckBox(tr("Spike markers")))
    , m_causeLabels(new QCheckBox(tr("Cause labels")))
{
    m_title->setObjectName(QStringLiteral("figureTitle"));
    m_title->setPlaceholderText(tr("No title"));
    m_xLabel->setObjectName(QStringLiteral("figureXLabel"));
    m_yLabel->setObjectName(QStringLiteral("figureYLabel"));
    m_logY->setObjectName(QStringLiteral("figureLogY"));
    m_legend->setObjectName(QStringLiteral("figureLegend"));
    for (const LegendChoice &choice : legendChoices)
        m_legend->addItem(tr(choice.text), QString::fromLatin1(choice.name));
    m_fontPoints->setObjectName(QStringLiteral("figureFontPoints"));
    m_fontPoints->setRange(minFigureFontPoints, maxFigureFontPoints);
    m_fontPoints->setDecimals(1);
    m_fontPoints->setSingleStep(1.0);
    m_fontPoints->setSuffix(tr(" pt"));
    m_fontPoints->setKeyboardTracking(false);
    m_fontPoints->setToolTip(tr("Size of axis labels, tick labels and legend in points on the "
                                "page; the title is 20 % larger. A figure printed at its own "
                                "size shows the text at this size."));
    m_printTheme->setObjectName(QStringLiteral("figurePrintTheme"));
    m_printTheme->setToolTip(tr("White background, black text and a light grid, for paper."));
    m_spikes->setObjectName(QStringLiteral("figureSpikes"));
    m_causeLabels->setObjectName(QStringLiteral("figureCauseLabels"));
    m_causeLabels->setToolTip(tr("Write the diagnosed cause beside each spike marker."));

    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Title"), m_title);
    form->addRow(tr("X-axis label"), m_xLabel);
    form->addRow(tr("Y-axis label"), m_yLabel);
    form->addRow(QString(), m_logY);
    form->addRow(tr("Legend"), m_legend);
    form->addRow(tr("Font size"), m_fontPoints);
    form->addRow(QString(), m_printTheme);
    form->addRow(QString(), m_spikes);
    form->addRow(QString(), m_causeLabels);

    for (QLineEdit *edit : {m_title, m_xLabel, m_yLabel})
        connect(edit, &QLineEdit::editingFinished, this, &FigureStyleForm::styleChanged);
    for (QCheckBox *box : {m_logY, m_printTheme, m_spikes, m_causeLabels})
        connect(box, &QCheckBox::toggled, this, &FigureStyleForm::styleChanged);
    connect(m_spikes, &QCheckBox::toggled, m_causeLabels, &QCheckBox::setEnabled);
    connect(m_legend, &QComboBox::currentIndexChanged, this, &FigureStyleForm::styleChanged);
    connect(m_fontPoints, &QDoubleSpinBox::valueChanged, this, &FigureStyleForm::styleChanged);

    setFigureStyle(FigureStyle());
}

void FigureStyleForm::setFigureStyle(const FigureStyle &style)
{
    const std::array<QSignalBlocker, 9> blockers {QSignalBlocker(m_title), QSignalBlocker(m_xLabel),
        QSignalBlocker(m_yLabel), QSignalBlocker(m_logY), QSignalBlocker(m_legend),
        QSignalBlocker(m_fontPoints), QSignalBlocker(m_printTheme), QSignalBlocker(m_spikes),
        QSignalBlocker(m_causeLabels)};
    m_title->setText(style.title);
    m_xLabel->setText(style.xLabel);
    m_yLabel->setText(style.yLabel);
    m_logY->setChecked(style.logY);
    m_legend->setCurrentIndex(std::max(0, m_legend->findData(legendPositionName(style.legend))));
    m_fontPoints->setValue(std::clamp(style.fontPoints, minFigureFontPoints, maxFigureFontPoints));
    m_printTheme->setChecked(style.printTheme);
    m_spikes->setChecked(style.showSpikes);
    m_causeLabels->setChecked(style.showCauseLabels);
    m_causeLabels->setEnabled(style.showSpikes);
}

FigureStyle FigureStyleForm::figureStyle() const
{
    FigureStyle style;
    style.title = m_title->text();
    style.xLabel = m_xLabel->text();
    style.yLabel = m_yLabel->text();
    style.logY = m_logY->isChecked();
    style.legend =
        legendPositionFromName(m_legend->currentData().toString()).value_or(LegendPosition::Bottom);
    style.fontPoints = m_fontPoints->value();
    style.printTheme = m_printTheme->isChecked();
    style.showSpikes = m_spikes->isChecked();
    style.showCauseLabels = m_causeLabels->isChecked();
    return style;
}

} // namespace initlab
