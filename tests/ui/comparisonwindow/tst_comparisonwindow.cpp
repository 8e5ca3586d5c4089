// The comparison window driven as a user drives it: values and seeds chosen, a run to its
// figure and summary, figure options, bad values, cancelling, closing while running, the CSV
// and clipboard outputs and the main window's Compare action. With INITLAB_SCREENSHOT_DIR set,
// it also saves a picture of the window after a comparison of the default preset.

#include "comparison.h"
#include "comparisonfigure.h"
#include "comparisonjson.h"
#include "comparisonsummarymodel.h"
#include "comparisonwindow.h"
#include "experimentpanel.h"
#include "figureexportdialog.h"
#include "figuresettings.h"
#include "figureview.h"
#include "mainwindow.h"
#include "presets.h"

#include <QAbstractItemModel>
#include <QAction>
#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <cstring>
#include <memory>

using namespace initlab;

namespace {

RunConfig smallConfig(int iterations)
{
    RunConfig config;
    config.name = QStringLiteral("small sine");
    config.description = QStringLiteral("A sine fit for tests");
    config.seed = 3;
    config.dataset.samples = 60;
    config.training.iterations = iterations;
    return config;
}

template<typename Widget> Widget *child(const ComparisonWindow &window, const char *name)
{
    auto *found = window.findChild<Widget *>(QLatin1String(name));
    Q_ASSERT(found);
    return found;
}

void selectKey(const ComparisonWindow &window, const QString &key)
{
    auto *combo = child<QComboBox>(window, "key");
    combo->setCurrentIndex(combo->findData(key));
}

// Checks exactly the given names in the list of one choice key.
void checkOnly(const ComparisonWindow &window, const char *list, const QStringList &names)
{
    auto *values = child<QListWidget>(window, list);
    for (int i = 0; i < values->count(); ++i) {
        QListWidgetItem *item = values->item(i);
        item->setCheckState(names.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
}

// Two initializers over two seeds, the spec the window builds from that setup.
ComparisonSpec prepareInitializers(ComparisonWindow &window, int iterations)
{
    window.setBaseConfig(smallConfig(iterations));
    selectKey(window, QStringLiteral("init.weights"));
    checkOnly(window, "initializerValues", {QStringLiteral("normal"), QStringLiteral("he_normal")});
    child<QSpinBox>(window, "seeds")->setValue(2);
    child<QLineEdit>(window, "targetMse")->setText(QStringLiteral("0.05"));

    ComparisonSpec spec;
    spec.base = smallConfig(iterations);
    spec.key = QStringLiteral("init.weights");
    spec.values = {QStringLiteral("normal"), QStringLiteral("he_normal")};
    spec.seeds = 2;
    spec.targetMse = 0.05;
    return spec;
}

bool runToEnd(ComparisonWindow &window)
{
    QTest::mouseClick(child<QPushButton>(window, "runButton"), Qt::LeftButton);
    if (!window.isRunning())
        return false;
    return QTest::qWaitFor([&] { return !window.isRunning(); }, 60000);
}

bool sameBits(const std::vector<double> &a, const std::vector<double> &b)
{
    return a.size() == b.size()
        && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

QVariant cell(const ComparisonWindow &window, int row, int column, int role = Qt::DisplayRole)
{
    const QAbstractItemModel *model = window.summaryModel();
    return model->data(model->index(row, column), role);
}

QString takeErrorMessage(const ComparisonWindow &window)
{
    QMessageBox *box = nullptr;
    if (!QTest::qWaitFor([&] {
            box = window.findChild<QMessageBox *>(QStringLiteral("errorDialog"));
            return box != nullptr;
        }))
        return QStringLiteral("(no error dialog)");
    const QString text = box->text();
    delete box;
    return text;
}

} // namespace

class TestComparisonWindow : public QObject
{
    Q_OBJECT

private slots:
    void defaultsOffered();
    void exportWritesFigureCsvAndFigureFile();
    void runShowsCurvesAndSummary();
    void figureOptionsReachView();
    void divergedRunShown();
    void invalidLearningRateRejected_data();
    void invalidLearningRateRejected();
    void invalidTargetRejected();
    void noValueCheckedRejected();
    void unreadableDataReported();
    void cancelStopsRun();
    void closeWhileRunningCancels();
    void saveCsvWritesSameBytes();
    void saveCsvFailureNamesPath();
    void copyPutsImageOnClipboard();
    void compareActionOpensWindow();
    void screenshotDefaultPreset();
};

void TestComparisonWindow::defaultsOffered()
{
    ComparisonWindow window;
    QCOMPARE(window.objectName(), QStringLiteral("comparisonWindow"));
    QVERIFY(window.isWindow());
    QCOMPARE(
        child<QComboBox>(window, "key")->currentData().toString(), QStringLiteral("init.weights"));
    QCOMPARE(child<QSpinBox>(window, "seeds")->value(), 5);
    QCOMPARE(child<QSpinBox>(window, "seeds")->minimum(), 1);
    QCOMPARE(child<QSpinBox>(window, "seeds")->maximum(), 100);

    QStringList checked;
    auto *initializers = child<QListWidget>(window, "initializerValues");
    for (int i = 0; i < initializers->count(); ++i) {
        if (initializers->item(i)->checkState() == Qt::Checked)
            checked.append(initializers->item(i)->text());
    }
    QCOMPARE(checked,
        (QStringList {QStringLiteral("zeros"), QStringLiteral("normal"),
            QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")}));
    QCOMPARE(
        child<QLineEdit>(window, "learningRateValues")->text(), QStringLiteral("0.001, 0.01, 0.1"));

    window.setBaseConfig(smallConfig(100));
    const QString base = child<QLabel>(window, "baseConfig")->text();
    QVERIFY2(base.contains(QStringLiteral("small sine")), qPrintable(base));
    QVERIFY2(base.contains(QStringLiteral("A sine fit for tests")), qPrintable(base));
    QVERIFY2(base.contains(QStringLiteral("seed 3")), qPrintable(base));

    QSignalSpy requested(&window, &ComparisonWindow::baseConfigRequested);
    QTest::mouseClick(child<QPushButton>(window, "useCurrentSettings"), Qt::LeftButton);
    QCOMPARE(requested.count(), 1);
    QVERIFY(!child<QAction>(window, "exportFigure")->isEnabled());
}

void TestComparisonWindow::exportWritesFigureCsvAndFigureFile()
{
    ComparisonWindow window;
    window.show();
    auto *exportAction = child<QAction>(window, "exportFigure");
    QVERIFY(!exportAction->isEnabled());
    QVERIFY(!window.openExportDialog());

    const ComparisonSpec spec = prepareInitializers(window, 100);
    QVERIFY(runToEnd(window));
    QVERIFY(exportAction->isEnabled());
    child<QComboBox>(window, "band")->setCurrentIndex(1);

    FigureExportDialog *dialog = window.openExportDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->preview()->curves().size(), std::size_t(2));
    QVERIFY(sameBits(
        dialog->preview()->curves()[1].bandHigh, window.figureView()->curves()[1].bandHigh));
    QVERIFY(dialog->writesCsv());
    QVERIFY(dialog->writesConfig());
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("init.pdf"));
    QVERIFY2(dialog->exportTo(path), qPrintable(dialog->message()));
    QVERIFY2(window.message().contains(path), qPrintable(window.message()));

    QFile csv(dir.filePath(QStringLiteral("init.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QBuffer expected;
    expected.open(QIODevice::WriteOnly);
    QVERIFY(writeComparisonCsv(*window.result(), expected));
    QCOMPARE(csv.readAll(), expected.data());

    // The figure file reads back as the comparison and the drawing settings of the figure.
    QFile json(dir.filePath(QStringLiteral("init.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject object = QJsonDocument::fromJson(json.readAll()).object();
    const ComparisonDocument document = comparisonDocumentFromJson(object, json.fileName());
    QVERIFY(document.comparing);
    QCOMPARE(document.spec.key, spec.key);
    QCOMPARE(document.spec.values, spec.values);
    QCOMPARE(document.spec.seeds, spec.seeds);
    QCOMPARE(document.spec.targetMse, spec.targetMse);
    QCOMPARE(QJsonDocument(toJson(document.spec.base)).toJson(),
        QJsonDocument(toJson(spec.base)).toJson());
    const FigureSettings settings = figureSettingsFromJson(document.figure, json.fileName());
    QCOMPARE(settings.curves.band, CurveBand::StdDev);
    QCOMPARE(settings.style.logY, window.figureView()->style().logY);
    QCOMPARE(figureSizeText(settings.size), QStringLiteral("16x10cm"));
    dialog->close();
}

void TestComparisonWindow::runShowsCurvesAndSummary()
{
    ComparisonWindow window;
    window.show();
    const ComparisonSpec spec = prepareInitializers(window, 300);
    QVERIFY(runToEnd(window));
    QVERIFY2(window.result(), qPrintable(window.message()));
    const ComparisonResult expected = runComparison(spec);

    // The view shows one mean curve with a min-max band per value.
    const std::vector<FigureCurve> &curves = window.figureView()->curves();
    QCOMPARE(curves.size(), std::size_t(2));
    QCOMPARE(curves[0].label, QStringLiteral("normal"));
    QCOMPARE(curves[1].label, QStringLiteral("he_normal"));
    for (std::size_t v = 0; v < 2; ++v) {
        QVERIFY(sameBits(curves[v].values, expected.values[v].aggregate.mean));
        QVERIFY(sameBits(curves[v].bandLow, expected.values[v].aggregate.min));
        QVERIFY(sameBits(curves[v].bandHigh, expected.values[v].aggregate.max));
    }

    QCOMPARE(window.summaryModel()->rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        const ComparisonSummary &summary = expected.values[std::size_t(row)].summary;
        QCOMPARE(cell(window, row, ComparisonSummaryModel::Value).toString(),
            expected.values[std::size_t(row)].value);
        QCOMPARE(cell(window, row, ComparisonSummaryModel::MedianFinalMse).toString(),
            formatSummaryMse(summary.medianFinalMse));
        QCOMPARE(cell(window, row, ComparisonSummaryModel::MedianFinalMse,
                     ComparisonSummaryModel::SortRole)
                     .toDouble(),
            summary.medianFinalMse);
        QCOMPARE(cell(window, row, ComparisonSummaryModel::MeanFinalMse,
                     ComparisonSummaryModel::SortRole)
                     .toDouble(),
            summary.meanFinalMse);
        const QString shortest =
            QString::number(summary.meanFinalMse, 'g', QLocale::FloatingPointShortest);
        QVERIFY(cell(window, row, ComparisonSummaryModel::MeanFinalMse, Qt::ToolTipRole)
                    .toString()
                    .contains(shortest));
        QCOMPARE(cell(window, row, ComparisonSummaryModel::ReachedTarget).toString(),
            QStringLiteral("%1 of 2").arg(summary.reachedTargetCount));
        QCOMPARE(cell(window, row, ComparisonSummaryModel::Spikes).toInt(), summary.spikeCount);
        QCOMPARE(cell(window, row, ComparisonSummaryModel::Divergences).toInt(), 0);
        if (summary.iterationsToTarget < 0) {
            QCOMPARE(cell(window, row, ComparisonSummaryModel::IterationsToTarget).toString(),
                QStringLiteral("not reached"));
        } else {
            QCOMPARE(cell(window, row, ComparisonSummaryModel::IterationsToTarget,
                         ComparisonSummaryModel::SortRole)
                         .toDouble(),
                summary.iterationsToTarget);
        }
    }
    QCOMPARE(child<QProgressBar>(window, "progress")->value(),
        child<QProgressBar>(window, "progress")->maximum());
    QVERIFY2(window.message().startsWith(QStringLiteral("Finished")), qPrintable(window.message()));
}

void TestComparisonWindow::figureOptionsReachView()
{
    ComparisonWindow window;
    window.show();
    prepareInitializers(window, 200);
    QVERIFY(runToEnd(window));
    QVERIFY(window.result());
    const ComparisonResult &result = *window.result();

    auto *center = child<QComboBox>(window, "center");
    auto *band = child<QComboBox>(window, "band");
    center->setCurrentIndex(center->findData(QStringLiteral("median")));
    band->setCurrentIndex(band->findData(QStringLiteral("std")));
    ComparisonFigureOptions options;
    options.center = CurveCenter::Median;
    options.band = CurveBand::StdDev;
    const std::vector<FigureCurve> expected = comparisonCurves(result, options);
    const std::vector<FigureCurve> &curves = window.figureView()->curves();
    QCOMPARE(curves.size(), expected.size());
    QVERIFY(sameBits(curves[0].values, result.values[0].aggregate.median));
    QVERIFY(sameBits(curves[0].bandLow, expected[0].bandLow));
    QVERIFY(sameBits(curves[1].bandHigh, expected[1].bandHigh));

    band->setCurrentIndex(band->findData(QStringLiteral("none")));
    QVERIFY(window.figureView()->curves()[0].bandLow.empty());
    QVERIFY(window.figureView()->curves()[1].bandHigh.empty());

    auto *logY = child<QCheckBox>(window, "figureLogY");
    const bool wasLog = window.figureView()->style().logY;
    QCOMPARE(logY->isChecked(), wasLog);
    // On the box itself: the middle of a wide check box is past its text, where clicks do nothing.
    QTest::mouseClick(logY, Qt::LeftButton, {}, QPoint(8, logY->height() / 2));
    QCOMPARE(window.figureView()->style().logY, !wasLog);
}

void TestComparisonWindow::divergedRunShown()
{
    ComparisonWindow window;
    window.show();
    window.setBaseConfig(smallConfig(200));
    selectKey(window, QStringLiteral("training.learningRate"));
    child<QLineEdit>(window, "learningRateValues")->setText(QStringLiteral("0.05, 200"));
    child<QSpinBox>(window, "seeds")->setValue(2);
    QVERIFY(runToEnd(window));
    QVERIFY2(window.result(), qPrintable(window.message()));

    QCOMPARE(cell(window, 0, ComparisonSummaryModel::Value).toString(), QStringLiteral("0.05"));
    QCOMPARE(cell(window, 0, ComparisonSummaryModel::Divergences).toInt(), 0);
    QCOMPARE(cell(window, 1, ComparisonSummaryModel::Value).toString(), QStringLiteral("200"));
    QCOMPARE(cell(window, 1, ComparisonSummaryModel::Divergences).toInt(), 2);
    QCOMPARE(cell(window, 1, ComparisonSummaryModel::MedianFinalMse).toString(),
        QStringLiteral("all diverged"));
    QCOMPARE(cell(window, 1, ComparisonSummaryModel::IterationsToTarget).toString(),
        QStringLiteral("no target"));
    // The diverged value keeps its curve up to the divergence.
    QCOMPARE(window.figureView()->curves().size(), std::size_t(2));
    QVERIFY(std::isfinite(window.figureView()->curves()[1].values[0]));
    QVERIFY2(window.message().contains(QStringLiteral("Diverged runs: 2")),
        qPrintable(window.message()));
}

void TestComparisonWindow::invalidLearningRateRejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("named");

    QTest::newRow("word among numbers")
        << QStringLiteral("0.01, fast, 0.1") << QStringList {QStringLiteral("\"fast\"")};
    QTest::newRow("empty") << QStringLiteral(" , ")
                           << QStringList {QStringLiteral("No learning rate")};
    QTest::newRow("negative") << QStringLiteral("0.01, -0.5")
                              << QStringList {QStringLiteral("training.learningRate"),
                                     QStringLiteral("\"-0.5\"")};
    QTest::newRow("listed twice") << QStringLiteral(
        "0.01 0.010") << QStringList {QStringLiteral("\"0.01\""), QStringLiteral("\"0.010\"")};
}

void TestComparisonWindow::invalidLearningRateRejected()
{
    QFETCH(QString, text);
    QFETCH(QStringList, named);

    ComparisonWindow window;
    window.show();
    window.setBaseConfig(smallConfig(100));
    selectKey(window, QStringLiteral("training.learningRate"));
    child<QLineEdit>(window, "learningRateValues")->setText(text);
    QTest::mouseClick(child<QPushButton>(window, "runButton"), Qt::LeftButton);

    QVERIFY(!window.isRunning());
    QVERIFY(!window.result());
    for (const QString &part : named)
        QVERIFY2(window.message().contains(part), qPrintable(window.message()));
    QVERIFY(child<QLabel>(window, "message")->isVisible());
}

void TestComparisonWindow::invalidTargetRejected()
{
    ComparisonWindow window;
    window.show();
    prepareInitializers(window, 100);
    child<QLineEdit>(window, "targetMse")->setText(QStringLiteral("-1"));
    QTest::mouseClick(child<QPushButton>(window, "runButton"), Qt::LeftButton);

    QVERIFY(!window.isRunning());
    QVERIFY2(window.message().contains(QStringLiteral("Target MSE \"-1\"")),
        qPrintable(window.message()));
}

void TestComparisonWindow::noValueCheckedRejected()
{
    ComparisonWindow window;
    window.show();
    prepareInitializers(window, 100);
    selectKey(window, QStringLiteral("network.activation"));
    checkOnly(window, "activationValues", {});
    QTest::mouseClick(child<QPushButton>(window, "runButton"), Qt::LeftButton);

    QVERIFY(!window.isRunning());
    QVERIFY2(window.message().contains(QStringLiteral("No activation checked")),
        qPrintable(window.message()));

    // Fixing the learning rate text clears its error, as does choosing another setting.
    selectKey(window, QStringLiteral("training.learningRate"));
    auto *rates = child<QLineEdit>(window, "learningRateValues");
    rates->clear();
    QTest::keyClicks(rates, QStringLiteral("0.1, x"));
    QVERIFY2(window.message().contains(QStringLiteral("\"x\"")), qPrintable(window.message()));
    QTest::keyClick(rates, Qt::Key_Backspace);
    QVERIFY2(window.message().isEmpty(), qPrintable(window.message()));
}

void TestComparisonWindow::unreadableDataReported()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    RunConfig config = smallConfig(100);
    config.dataset.kind = DatasetKind::Csv;
    config.dataset.path = QStringLiteral("measurements.csv");

    ComparisonWindow window;
    window.show();
    prepareInitializers(window, 100);
    window.setBaseConfig(config, directory.path());
    QVERIFY(runToEnd(window));

    QVERIFY(!window.result());
    QVERIFY2(window.message().contains(
                 QDir(directory.path()).filePath(QStringLiteral("measurements.csv"))),
        qPrintable(window.message()));
    QCOMPARE(child<QPushButton>(window, "runButton")->text(), QStringLiteral("Run"));
}

void TestComparisonWindow::cancelStopsRun()
{
    ComparisonWindow window;
    window.show();
    prepareInitializers(window, 400000);
    auto *run = child<QPushButton>(window, "runButton");
    QTest::mouseClick(run, Qt::LeftButton);
    QVERIFY(window.isRunning());
    QCOMPARE(run->text(), QStringLiteral("Cancel"));
    QVERIFY(!child<QSpinBox>(window, "seeds")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(child<QProgressBar>(window, "progress")->value() > 0, 30000);

    QElapsedTimer clock;
    clock.start();
    QTest::mouseClick(run, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), 10000);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!window.result());
    QCOMPARE(window.summaryModel()->rowCount(), 0);
    QVERIFY2(
        window.message().startsWith(QStringLiteral("Cancelled")), qPrintable(window.message()));
    QCOMPARE(run->text(), QStringLiteral("Run"));
    QVERIFY(child<QSpinBox>(window, "seeds")->isEnabled());
}

void TestComparisonWindow::closeWhileRunningCancels()
{
    auto window = std::make_unique<ComparisonWindow>();
    window->show();
    prepareInitializers(*window, 400000);
    QTest::mouseClick(child<QPushButton>(*window, "runButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QProgressBar>(*window, "progress")->value() > 0, 30000);

    QElapsedTimer clock;
    clock.start();
    QVERIFY(window->close());
    QVERIFY(!window->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!window->isRunning(), 10000);
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));

    // Destroyed in the middle of a second comparison, the window waits only for the cancel.
    window->show();
    QTest::mouseClick(child<QPushButton>(*window, "runButton"), Qt::LeftButton);
    QVERIFY(window->isRunning());
    clock.restart();
    window.reset();
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
}

void TestComparisonWindow::saveCsvWritesSameBytes()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    ComparisonWindow window;
    window.show();
    prepareInitializers(window, 150);
    QVERIFY(runToEnd(window));
    QVERIFY(window.result());

    const QString path = directory.filePath(QStringLiteral("comparison.csv"));
    QVERIFY(window.saveCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QBuffer expected;
    QVERIFY(expected.open(QIODevice::WriteOnly));
    QVERIFY(writeComparisonCsv(*window.result(), expected));
    QCOMPARE(file.readAll(), expected.data());
    QVERIFY(expected.data().startsWith("iteration,normal_mean,"));
}

void TestComparisonWindow::saveCsvFailureNamesPath()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    ComparisonWindow window;
    window.show();
    prepareInitializers(window, 100);
    QVERIFY(runToEnd(window));

    const QString path = directory.filePath(QStringLiteral("no-such-folder/comparison.csv"));
    QVERIFY(!window.saveCsv(path));
    const QString message = takeErrorMessage(window);
    QVERIFY2(message.contains(QDir::toNativeSeparators(path)), qPrintable(message));
    QVERIFY(!QFile::exists(path));
}

void TestComparisonWindow::copyPutsImageOnClipboard()
{
    ComparisonWindow window;
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    prepareInitializers(window, 100);
    QVERIFY(runToEnd(window));

    QGuiApplication::clipboard()->clear();
    child<QAction>(window, "copyFigure")->trigger();
    const QImage image = QGuiApplication::clipboard()->image();
    const FigureView *view = window.figureView();
    const double ratio = view->devicePixelRatioF();
    QCOMPARE(image.size(),
        QSize(int(std::lround(view->width() * ratio)), int(std::lround(view->height() * ratio))));
    QVERIFY(view->width() > 300);
    // The image stores the dpi that gives it the view's physical size.
    QCOMPARE(image.dotsPerMeterX(), qRound(view->logicalDpiX() * ratio / 0.0254));
    QCOMPARE(child<QAction>(window, "copyFigure")->shortcut(), QKeySequence(QKeySequence::Copy));
}

void TestComparisonWindow::compareActionOpensWindow()
{
    MainWindow main(MainWindow::SettingsMode::Ignored);
    main.show();
    QVERIFY(main.loadPreset(QStringLiteral("default")));
    auto *compare = main.findChild<QAction *>(QStringLiteral("compare"));
    QVERIFY(compare);
    QCOMPARE(compare->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_K));

    compare->trigger();
    auto *window = main.findChild<ComparisonWindow *>(QStringLiteral("comparisonWindow"));
    QVERIFY(window);
    QVERIFY(window->isVisible());
    QVERIFY(window->isWindow());
    QCOMPARE(window->baseConfig().name, QStringLiteral("default"));
    QCOMPARE(window->baseConfig().training.iterations, 10000);

    // A second trigger raises the same window with the panel's settings of the moment.
    RunConfig changed = main.panel()->config();
    changed.training.iterations = 1234;
    main.panel()->setConfig(changed);
    compare->trigger();
    QCOMPARE(main.findChildren<ComparisonWindow *>().size(), 1);
    QCOMPARE(window->baseConfig().training.iterations, 1234);

    changed.training.iterations = 4321;
    main.panel()->setConfig(changed);
    QTest::mouseClick(child<QPushButton>(*window, "useCurrentSettings"), Qt::LeftButton);
    QCOMPARE(window->baseConfig().training.iterations, 4321);
}

void TestComparisonWindow::screenshotDefaultPreset()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("Set INITLAB_SCREENSHOT_DIR to save a picture of the window");
    ComparisonWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setBaseConfig(loadPreset(QStringLiteral("default")));
    child<QSpinBox>(window, "seeds")->setValue(3);
    child<QLineEdit>(window, "targetMse")->setText(QStringLiteral("0.02"));
    QTest::mouseClick(child<QPushButton>(window, "runButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), 120000);
    QVERIFY2(window.result(), qPrintable(window.message()));
    QCOMPARE(window.summaryModel()->rowCount(), 4);
    QVERIFY(window.grab().save(QDir(directory).filePath(QStringLiteral("comparison.png"))));

    // On a small laptop screen, with the cause of every spike written beside it.
    child<QCheckBox>(window, "figureCauseLabels")->setChecked(true);
    window.resize(1024, 640);
    // Layout requests from the resize are posted events.
    QApplication::processEvents();
    QVERIFY(window.grab().save(QDir(directory).filePath(QStringLiteral("comparison-small.png"))));
}

QTEST_MAIN(TestComparisonWindow)
#include "tst_comparisonwindow.moc"
