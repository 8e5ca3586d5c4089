#include "comparisonwindow.h"

#include "choicelabels.h"
#include "comparisonjson.h"
#include "comparisonsummarymodel.h"
#include "comparisontask.h"
#include "figureexportdialog.h"
#include "figuresettings.h"
#include "figurestyleform.h"
#include "figureview.h"
#include "uilogging.h"
#include "wholefile.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <limits>

namespace initlab {

namespace {

// The settings offered for comparison, by their dotted config keys.
const QString initializerKey = QStringLiteral("init.weights");
const QString learningRateKey = QStringLiteral("training.learningRate");
const QString activationKey = QStringLiteral("network.activation");
const QString optimizerKey = QStringLiteral("training.optimizer");

// Resolution of the progress bar: per mille of all updates.
constexpr int progressSteps = 1000;

template<typename Enum, typename FromString>
QStringList choiceLabels(const QStringList &names, FromString fromString)
{
    QStringList labels;
    for (const QString &name : names) {
        const std::optional<Enum> value = fromString(name);
        labels.append(value ? choicelabels::label(*value) : name);
    }
    return labels;
}

QString hiddenLayers(const std::vector<int> &hidden)
{
    QStringList units;
    for (const int count : hidden)
        units.append(QString::number(count));
    return units.isEmpty() ? ComparisonWindow::tr("none") : units.join(QLatin1Char(','));
}

// One line with the settings a comparison most often depends on, so that the user can see
// which run the comparison starts from.
QString describeSettings(const RunConfig &config)
{
    const QLocale locale;
    return ComparisonWindow::tr("%1 data, %2 samples; hidden layers %3, %4; %5 initializer; %6 "
                                "at learning rate %7; %8 iterations; seed %9")
        .arg(toString(config.dataset.kind))
        .arg(locale.toString(config.dataset.samples))
        .arg(hiddenLayers(config.network.hidden), toString(config.network.activation),
            toString(config.init.weights), toString(config.training.optimizer))
        .arg(QString::number(config.training.learningRate, 'g', 6))
        .arg(locale.toString(config.training.iterations))
        .arg(config.seed);
}

// Splits "0.001, 0.01 0.1" at commas, semicolons and spaces. On a part that is not a number,
// returns false with error naming it.
bool parseLearningRates(const QString &text, QStringList &values, QString &error)
{
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    values.clear();
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        bool ok = false;
        const double rate = QLocale::c().toDouble(part, &ok);
        if (!ok || !std::isfinite(rate)) {
            error = ComparisonWindow::tr("Learning rate \"%1\" is not a number; list numbers "
                                         "separated by commas, such as 0.001, 0.01, 0.1.")
                        .arg(part);
            return false;
        }
        values.append(part);
    }
    if (values.isEmpty()) {
        error = ComparisonWindow::tr("No learning rate given; list numbers separated by commas, "
                                     "such as 0.001, 0.01, 0.1.");
        return false;
    }
    return true;
}

} // namespace

ComparisonWindow::ComparisonWindow(QWidget *parent)
    : QWidget(parent, Qt::Window)
    , m_task(new ComparisonTask(this))
    , m_summaryModel(new ComparisonSummaryModel(this))
{
    setObjectName(QStringLiteral("comparisonWindow"));
    setWindowTitle(tr("Compare - InitLab"));
    // The main window alone decides when the application quits.
    setAttribute(Qt::WA_QuitOnClose, false);

    m_copyAction = new QAction(tr("&Copy figure"), this);
    m_copyAction->setObjectName(QStringLiteral("copyFigure"));
    m_copyAction->setShortcut(QKeySequence::Copy);
    m_copyAction->setToolTip(tr("Copy the figure to the clipboard as an image (Ctrl+C)"));
    connect(m_copyAction, &QAction::triggered, this, &ComparisonWindow::copyFigure);
    addAction(m_copyAction);

    m_saveCsvAction = new QAction(tr("&Save CSV..."), this);
    m_saveCsvAction->setObjectName(QStringLiteral("saveCsv"));
    m_saveCsvAction->setShortcut(QKeySequence::Save);
    m_saveCsvAction->setToolTip(
        tr("Save the centre line and band of every value per iteration as CSV (Ctrl+S)"));
    connect(m_saveCsvAction, &QAction::triggered, this, &ComparisonWindow::saveCsvDialog);
    addAction(m_saveCsvAction);

    m_exportAction = new QAction(tr("&Export figure..."), this);
    m_exportAction->setObjectName(QStringLiteral("exportFigure"));
    m_exportAction->setToolTip(tr("Save the figure as PNG, SVG or PDF at a size for print"));
    connect(m_exportAction, &QAction::triggered, this, &ComparisonWindow::openExportDialog);
    addAction(m_exportAction);

    auto *left = new QWidget;
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(createSetup());
    leftLayout->addWidget(createFigureOptions());
    leftLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(left);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // About 48 characters wide: room for the longest initializer name and the figure's fields,
    // leaving the rest to the figure.
    scroll->setFixedWidth(
        fontMetrics().averageCharWidth() * 48 + scroll->verticalScrollBar()->sizeHint().width());

    auto *layout = new QHBoxLayout(this);
    layout->addWidget(scroll);
    layout->addWidget(createResults(), 1);

    connect(m_task, &ComparisonTask::progress, this, &ComparisonWindow::showProgress);
    connect(m_task, &ComparisonTask::finished, this, &ComparisonWindow::showResult);
    connect(m_task, &ComparisonTask::failed, this, &ComparisonWindow::showFailure);

    showKeyValues();
    setRunning(false);
    resize(1280, 860);
}

ComparisonWindow::~ComparisonWindow() = default;

QListWidget *ComparisonWindow::createChoiceList(const char *objectName, const QStringList &names,
    const QStringList &labels, const QStringList &checked)
{
    auto *list = new QListWidget;
    list->setObjectName(QLatin1String(objectName));
    for (int i = 0; i < names.size(); ++i) {
        auto *item = new QListWidgetItem(names[i], list);
        item->setData(Qt::UserRole, names[i]);
        item->setToolTip(labels[i]);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
        item->setCheckState(checked.contains(names[i]) ? Qt::Checked : Qt::Unchecked);
    }
    return list;
}

QWidget *ComparisonWindow::createSetup()
{
    auto *group = new QGroupBox(tr("Comparison"));
    auto *layout = new QVBoxLayout(group);

    m_baseLabel = new QLabel;
    m_baseLabel->setObjectName(QStringLiteral("baseConfig"));
    m_baseLabel->setWordWrap(true);
    m_baseLabel->setTextFormat(Qt::RichText);
    layout->addWidget(m_baseLabel);
    m_useCurrent = new QPushButton(tr("Use current settings"));
    m_useCurrent->setObjectName(QStringLiteral("useCurrentSettings"));
    m_useCurrent->setToolTip(tr("Start the compared runs from the main window's current settings"));
    connect(m_useCurrent, &QPushButton::clicked, this, &ComparisonWindow::baseConfigRequested);
    layout->addWidget(m_useCurrent, 0, Qt::AlignLeft);

    m_key = new QComboBox;
    m_key->setObjectName(QStringLiteral("key"));
    m_key->addItem(tr("Initializer"), initializerKey);
    m_key->addItem(tr("Learning rate"), learningRateKey);
    m_key->addItem(tr("Activation"), activationKey);
    m_key->addItem(tr("Optimizer"), optimizerKey);
    for (int i = 0; i < m_key->count(); ++i)
        m_key->setItemData(i, m_key->itemData(i).toString(), Qt::ToolTipRole);
    connect(m_key, &QComboBox::currentIndexChanged, this, &ComparisonWindow::showKeyValues);

    const QStringList initializers = weightInitNames();
    m_initializers = createChoiceList("initializerValues", initializers,
        choiceLabels<WeightInit>(initializers, weightInitFromString),
        {QStringLiteral("zeros"), QStringLiteral("normal"), QStringLiteral("xavier_uniform"),
            QStringLiteral("he_normal")});
    const QStringList activations = activationNames();
    m_activations = createChoiceList("activationValues", activations,
        choiceLabels<Activation>(activations, activationFromString),
        {QStringLiteral("tanh"), QStringLiteral("relu")});
    const QStringList optimizers = optimizerNames();
    m_optimizers = createChoiceList("optimizerValues", optimizers,
        choiceLabels<Optimizer>(optimizers, optimizerFromString),
        {QStringLiteral("sgd"), QStringLiteral("adam")});

    m_learningRates = new QLineEdit(QStringLiteral("0.001, 0.01, 0.1"));
    m_learningRates->setObjectName(QStringLiteral("learningRateValues"));
    m_learningRates->setToolTip(tr("Learning rates separated by commas"));
    connect(
        m_learningRates, &QLineEdit::textEdited, this, &ComparisonWindow::validateLearningRates);
    auto *ratePage = new QWidget;
    auto *rateLayout = new QVBoxLayout(ratePage);
    rateLayout->setContentsMargins(0, 0, 0, 0);
    rateLayout->addWidget(m_learningRates);
    rateLayout->addStretch(1);

    m_values = new QStackedWidget;
    m_values->addWidget(m_initializers);
    m_values->addWidget(ratePage);
    m_values->addWidget(m_activations);
    m_values->addWidget(m_optimizers);
    m_values->setMinimumHeight(160);

    m_seeds = new QSpinBox;
    m_seeds->setObjectName(QStringLiteral("seeds"));
    m_seeds->setRange(1, maxComparisonSeeds);
    m_seeds->setValue(5);
    m_seeds->setToolTip(tr("Runs per value. Seed s of every value gets the same data and batch "
                           "order, so values differ only in the compared setting."));

    m_target = new QLineEdit;
    m_target->setObjectName(QStringLiteral("targetMse"));
    m_target->setPlaceholderText(tr("none"));
    m_target->setToolTip(tr("Count the iterations until the MSE first reaches this value"));

    auto *form = new QFormLayout;
    form->addRow(tr("Setting"), m_key);
    form->addRow(tr("Values"), m_values);
    form->addRow(tr("Seeds per value"), m_seeds);
    form->addRow(tr("Target MSE"), m_target);
    layout->addLayout(form);

    m_runButton = new QPushButton;
    m_runButton->setObjectName(QStringLiteral("runButton"));
    m_runButton->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    connect(m_runButton, &QPushButton::clicked, this, [this] {
        if (isRunning())
            cancelComparison();
        else
            startComparison();
    });
    layout->addWidget(m_runButton);

    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, progressSteps);
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    layout->addWidget(m_progress);

    m_message = new QLabel;
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_message);

    setBaseConfig(m_base);
    return group;
}

QWidget *ComparisonWindow::createFigureOptions()
{
    auto *group = new QGroupBox(tr("Figure"));
    auto *layout = new QVBoxLayout(group);

    m_center = new QComboBox;
    m_center->setObjectName(QStringLiteral("center"));
    m_center->addItem(tr("Mean"), centerName(CurveCenter::Mean));
    m_center->addItem(tr("Median"), centerName(CurveCenter::Median));
    m_center->setToolTip(tr("Line drawn per value over its seeds"));
    connect(m_center, &QComboBox::currentIndexChanged, this, &ComparisonWindow::updateFigure);

    m_band = new QComboBox;
    m_band->setObjectName(QStringLiteral("band"));
    m_band->addItem(tr("Minimum to maximum"), bandName(CurveBand::MinMax));
    m_band->addItem(tr("Mean \u00b1 1 standard deviation"), bandName(CurveBand::StdDev));
    m_band->addItem(tr("None"), bandName(CurveBand::None));
    m_band->setToolTip(tr("Shaded range per value over its seeds; none with one seed"));
    connect(m_band, &QComboBox::currentIndexChanged, this, &ComparisonWindow::updateFigure);

    // Combo boxes may shrink below their longest item, which the open list still shows in full.
    for (QComboBox *combo : {m_center, m_band}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Centre line"), m_center);
    form->addRow(tr("Band"), m_band);
    layout->addLayout(form);

    m_styleForm = new FigureStyleForm;
    m_styleForm->setObjectName(QStringLiteral("figureStyle"));
    FigureStyle style;
    style.logY = true;
    m_styleForm->setFigureStyle(style);
    connect(m_styleForm, &FigureStyleForm::styleChanged, this,
        [this] { m_view->setStyle(m_styleForm->figureStyle()); });
    layout->addWidget(m_styleForm);
    return group;
}

QWidget *ComparisonWindow::createResults()
{
    m_view = new FigureView;
    m_view->setObjectName(QStringLiteral("figureView"));
    m_view->setFigure({}, m_styleForm->figureStyle());

    auto *buttons = new QHBoxLayout;
    for (QAction *action : {m_copyAction, m_saveCsvAction, m_exportAction}) {
        auto *button = new QToolButton;
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        buttons->addWidget(button);
    }
    buttons->addStretch(1);

    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(m_view, 1);
    topLayout->addLayout(buttons);

    auto *proxy = new QSortFilterProxyModel(this);
    proxy->setSourceModel(m_summaryModel);
    proxy->setSortRole(ComparisonSummaryModel::SortRole);
    m_table = new QTableView;
    m_table->setObjectName(QStringLiteral("summaryTable"));
    m_table->setModel(proxy);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(false);

    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->addWidget(top);
    m_splitter->addWidget(m_table);
    // The table keeps its height when the window is resized, so that its rows stay in view.
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 0);
    m_splitter->setChildrenCollapsible(false);
    return m_splitter;
}

void ComparisonWindow::setBaseConfig(const RunConfig &config, const QString &baseDir)
{
    m_base = config;
    m_baseDir = baseDir;
    const QString name = config.name.isEmpty() ? tr("an unnamed configuration") : config.name;
    QString text = tr("Based on <b>%1</b>").arg(name.toHtmlEscaped());
    if (!config.description.isEmpty())
        text += QStringLiteral(": ") + config.description.toHtmlEscaped();
    text += QStringLiteral("<br><small>") + describeSettings(config).toHtmlEscaped()
        + QStringLiteral("</small>");
    m_baseLabel->setText(text);
}

bool ComparisonWindow::selectValues(const QString &key, const QStringList &values)
{
    const int keyIndex = m_key->findData(key);
    if (keyIndex < 0 || values.isEmpty() || isRunning()) {
        qCWarning(lcWindow).noquote()
            << QStringLiteral("ComparisonWindow::selectValues: cannot select %1 = %2; the key "
                              "must be one of the window's settings, the list non-empty and no "
                              "comparison running")
                   .arg(key, values.join(QStringLiteral(", ")));
        return false;
    }
    if (key == learningRateKey) {
        m_learningRates->setText(values.join(QStringLiteral(", ")));
        m_key->setCurrentIndex(keyIndex);
        validateLearningRates();
        return true;
    }

    auto *list = qobject_cast<QListWidget *>(m_values->widget(keyIndex));
    Q_ASSERT(list);
    QStringList known;
    for (int i = 0; i < list->count(); ++i)
        known.append(list->item(i)->data(Qt::UserRole).toString());
    for (const QString &value : values) {
        if (!known.contains(value)) {
            qCWarning(lcWindow).noquote()
                << QStringLiteral("ComparisonWindow::selectValues: %1 is not a choice of %2; "
                                  "choose from %3")
                       .arg(value, key, known.join(QStringLiteral(", ")));
            return false;
        }
    }
    for (int i = 0; i < list->count(); ++i)
        list->item(i)->setCheckState(values.contains(known[i]) ? Qt::Checked : Qt::Unchecked);
    m_key->setCurrentIndex(keyIndex);
    return true;
}

QString ComparisonWindow::selectedKey() const
{
    return m_key->currentData().toString();
}

void ComparisonWindow::showKeyValues()
{
    m_values->setCurrentIndex(m_key->currentIndex());
    if (selectedKey() == learningRateKey)
        validateLearningRates();
    else if (m_messageIsError)
        showMessage({}, false);
}

void ComparisonWindow::validateLearningRates()
{
    QStringList values;
    QString error;
    if (!parseLearningRates(m_learningRates->text(), values, error))
        showMessage(error, true);
    else if (m_messageIsError)
        showMessage({}, false);
}

bool ComparisonWindow::readSpec(ComparisonSpec &spec)
{
    spec.base = m_base;
    spec.baseDir = m_baseDir;
    spec.key = selectedKey();
    spec.seeds = m_seeds->value();
    spec.values.clear();

    if (spec.key == learningRateKey) {
        QString error;
        if (!parseLearningRates(m_learningRates->text(), spec.values, error)) {
            showMessage(error, true);
            return false;
        }
    } else {
        const auto *list = qobject_cast<const QListWidget *>(m_values->currentWidget());
        Q_ASSERT(list);
        for (int i = 0; i < list->count(); ++i) {
            if (list->item(i)->checkState() == Qt::Checked)
                spec.values.append(list->item(i)->data(Qt::UserRole).toString());
        }
        if (spec.values.isEmpty()) {
            showMessage(tr("No %1 checked; check at least one value to compare.")
                            .arg(m_key->currentText().toLower()),
                true);
            return false;
        }
    }

    const QString target = m_target->text().trimmed();
    spec.targetMse = std::numeric_limits<double>::quiet_NaN();
    if (!target.isEmpty()) {
        bool ok = false;
        const double mse = QLocale::c().toDouble(target, &ok);
        if (!ok || !std::isfinite(mse) || mse <= 0) {
            showMessage(tr("Target MSE \"%1\" is not a positive number; enter an MSE such as "
                           "0.01, or leave the field empty for no target.")
                            .arg(target),
                true);
            return false;
        }
        spec.targetMse = mse;
    }
    return true;
}

bool ComparisonWindow::startComparison()
{
    if (isRunning())
        return false;
    ComparisonSpec spec;
    if (!readSpec(spec))
        return false;

    // A ConfigError names the invalid value and its key; a runtime_error reports that no thread
    // could be started.
    try {
        m_task->start(spec);
        m_spec = spec;
    } catch (const std::exception &error) {
        showMessage(QString::fromUtf8(error.what()), true);
        return false;
    }

    m_clock.start();
    setRunning(true);
    m_progress->setValue(0);
    m_progress->setFormat(tr("starting"));
    showMessage(tr("Running %1 values x %2 seeds.").arg(spec.values.size()).arg(spec.seeds), false);
    return true;
}

void ComparisonWindow::cancelComparison()
{
    if (!isRunning())
        return;
    m_task->cancel();
    m_runButton->setEnabled(false);
    m_progress->setFormat(tr("cancelling"));
}

bool ComparisonWindow::isRunning() const
{
    return m_task->isRunning();
}

void ComparisonWindow::setRunning(bool running)
{
    m_runButton->setText(running ? tr("Cancel") : tr("Run"));
    m_runButton->setToolTip(running ? tr("Stop the runs; finished runs are discarded")
                                    : tr("Train every value with every seed (Ctrl+Return)"));
    m_runButton->setEnabled(true);
    for (QWidget *widget : {static_cast<QWidget *>(m_useCurrent), static_cast<QWidget *>(m_key),
             static_cast<QWidget *>(m_values), static_cast<QWidget *>(m_seeds),
             static_cast<QWidget *>(m_target)})
        widget->setEnabled(!running);
    updateActions();
}

void ComparisonWindow::showProgress(const ComparisonProgress &progress)
{
    const double share = progress.totalUpdates > 0
        ? double(progress.updatesDone) / double(progress.totalUpdates)
        : 0.0;
    m_progress->setValue(int(std::lround(share * progressSteps)));
    const QLocale locale;
    m_progress->setFormat(
        tr("runs %1/%2, iterations %3/%4")
            .arg(progress.finishedRuns)
            .arg(progress.totalRuns)
            .arg(locale.toString(progress.updatesDone), locale.toString(progress.totalUpdates)));
}

void ComparisonWindow::showResult(std::shared_ptr<const ComparisonResult> result)
{
    setRunning(false);
    const QString seconds = QLocale().toString(double(m_clock.elapsed()) / 1000.0, 'f', 1);
    if (result->cancelled) {
        int completed = 0;
        int total = 0;
        for (const ComparisonValueResult &value : result->values) {
            for (const ComparisonRun &run : value.runs) {
                ++total;
                completed += run.completed ? 1 : 0;
            }
        }
        m_result.reset();
        m_summaryModel->clear();
        updateFigure();
        m_progress->setFormat(tr("cancelled"));
        showMessage(tr("Cancelled after %1 of %2 runs; a comparison shows only when every run "
                       "has finished.")
                        .arg(completed)
                        .arg(total),
            false);
        return;
    }

    m_result = std::move(result);
    m_summaryModel->setResult(*m_result);
    fitSummaryTable();
    updateFigure();
    m_progress->setValue(progressSteps);

    int divergences = 0;
    for (const ComparisonValueResult &value : m_result->values)
        divergences += value.summary.divergenceCount;
    QString text = tr("Finished in %1 s.").arg(seconds);
    if (divergences > 0) {
        text += QLatin1Char(' ')
            + tr("Diverged runs: %1. Their curves end at the divergence, and the Divergences "
                 "column counts them.")
                  .arg(divergences);
    }
    showMessage(text, false);
}

// Gives the table the height of all its rows, up to two fifths of the results' height, so that
// every value's row shows without scrolling.
void ComparisonWindow::fitSummaryTable()
{
    int height = m_table->horizontalHeader()->sizeHint().height() + 2 * m_table->frameWidth();
    for (int row = 0; row < m_summaryModel->rowCount(); ++row)
        height += m_table->rowHeight(row);
    height += m_table->horizontalScrollBar()->sizeHint().height();
    const int total = m_splitter->height();
    height = std::min(height, total * 2 / 5);
    m_splitter->setSizes({total - height, height});
}

void ComparisonWindow::showFailure(const QString &message)
{
    setRunning(false);
    m_progress->setValue(0);
    m_progress->setFormat(tr("failed"));
    showMessage(message, true);
}

void ComparisonWindow::showMessage(const QString &text, bool isError)
{
    if (isError)
        qCWarning(lcWindow).noquote() << "ComparisonWindow:" << text;
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    m_messageIsError = isError;
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText,
        isError ? QColor(0xb0, 0x00, 0x20) : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
}

QString ComparisonWindow::message() const
{
    return m_message->text();
}

void ComparisonWindow::updateFigure()
{
    std::vector<FigureCurve> curves;
    if (m_result) {
        curves = comparisonCurves(*m_result, curveOptions());
    }
    m_view->setFigure(std::move(curves), m_styleForm->figureStyle());
    updateActions();
}

void ComparisonWindow::updateActions()
{
    const bool hasResult = m_result != nullptr;
    m_copyAction->setEnabled(hasResult);
    m_saveCsvAction->setEnabled(hasResult);
    m_exportAction->setEnabled(hasResult);
}

ComparisonFigureOptions ComparisonWindow::curveOptions() const
{
    ComparisonFigureOptions options;
    options.center = centerFromName(m_center->currentData().toString()).value_or(CurveCenter::Mean);
    options.band = bandFromName(m_band->currentData().toString()).value_or(CurveBand::MinMax);
    return options;
}

QByteArray ComparisonWindow::figureFileJson(const FigureStyle &style, const FigureSize &size) const
{
    ComparisonDocument document;
    document.spec = m_spec;
    // The file may be read from another folder.
    RunConfig &base = document.spec.base;
    if (base.dataset.kind == DatasetKind::Csv && QFileInfo(base.dataset.path).isRelative())
        base.dataset.path = QDir(m_spec.baseDir).absoluteFilePath(base.dataset.path);
    document.comparing = true;
    FigureSettings settings;
    settings.style = style;
    settings.curves = curveOptions();
    settings.size = size;
    document.figure = toJson(settings);
    return QJsonDocument(toJson(document)).toJson();
}

FigureExportDialog *ComparisonWindow::openExportDialog()
{
    if (!m_result)
        return nullptr;
    FigureExportSource source;
    source.curves = m_view->curves();
    source.style = m_view->style();
    source.writeCsv = [result = m_result](QIODevice &device) {
        return writeComparisonCsv(*result, device);
    };
    source.configJson = [this](const FigureStyle &style, const FigureSize &size) {
        return figureFileJson(style, size);
    };
    source.suggestedName = QString(m_spec.key).replace(QLatin1Char('.'), QLatin1Char('-'));
    source.directory = m_lastDirectory;
    auto *dialog = new FigureExportDialog(std::move(source), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWritesCsv(true);
    dialog->setWritesConfig(true);
    connect(dialog, &FigureExportDialog::exported, this, [this](const QStringList &files) {
        showMessage(tr("Wrote %1.").arg(files.join(QStringLiteral(", "))), false);
    });
    dialog->open();
    return dialog;
}

void ComparisonWindow::copyFigure()
{
    if (!m_result)
        return;
    // At the view's size in device pixels and a dpi scaled alike, the figure has the view's
    // physical size, so its text and lines are laid out as on the screen.
    const double ratio = m_view->devicePixelRatioF();
    FigureSize size;
    size.unit = FigureSize::Pixels;
    size.width = std::round(m_view->width() * ratio);
    size.height = std::round(m_view->height() * ratio);
    size.dpi =
        std::clamp(int(std::lround(m_view->logicalDpiX() * ratio)), minFigureDpi, maxFigureDpi);

    QString error;
    const QImage image = renderFigure(m_view->curves(), m_view->style(), size, &error);
    if (image.isNull()) {
        showMessage(tr("Cannot copy the figure: %1").arg(error), true);
        return;
    }
    QGuiApplication::clipboard()->setImage(image);
    showMessage(tr("Copied the figure as an image of %1 x %2 pixels.")
                    .arg(image.width())
                    .arg(image.height()),
        false);
}

void ComparisonWindow::saveCsvDialog()
{
    if (!m_result)
        return;
    QString name = m_result->key;
    name.replace(QLatin1Char('.'), QLatin1Char('-'));
    const QString suggested =
        QDir(m_lastDirectory).filePath(QStringLiteral("comparison-%1.csv").arg(name));
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Save comparison as CSV"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    m_lastDirectory = QFileInfo(path).absolutePath();
    saveCsv(path);
}

bool ComparisonWindow::saveCsv(const QString &path)
{
    if (!m_result)
        return false;
    const QString reason = writeWholeFile(
        path, [this](QIODevice &device) { return writeComparisonCsv(*m_result, device); });

    if (reason.isEmpty()) {
        showMessage(tr("Saved %1.").arg(QDir::toNativeSeparators(path)), false);
        return true;
    }
    const QString text = tr("Cannot save the comparison to %1: %2. Choose another folder or "
                            "file name.")
                             .arg(QDir::toNativeSeparators(path), reason);
    qCWarning(lcWindow).noquote() << text;
    auto *box = new QMessageBox(QMessageBox::Warning, tr("InitLab"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    return false;
}

void ComparisonWindow::closeEvent(QCloseEvent *event)
{
    // The cancelled result arrives after the window is hidden.
    cancelComparison();
    event->accept();
}

} // namespace initlab
