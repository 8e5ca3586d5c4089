// The export dialog: the files it writes, its size fields, its preview and the clipboard. With
// INITLAB_SCREENSHOT_DIR set, it also saves a picture of the dialog.

#include "figureexportdialog.h"
#include "figurestyleform.h"
#include "figureview.h"

#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace initlab;

namespace {

FigureExportSource twoCurves()
{
    FigureExportSource source;
    for (int c = 0; c < 2; ++c) {
        FigureCurve curve;
        curve.label = c == 0 ? QStringLiteral("xavier_uniform") : QStringLiteral("he_normal");
        for (int i = 0; i <= 400; ++i) {
            const double value = 0.01 + std::exp(-0.01 * (c + 1) * i);
            curve.values.push_back(value);
            curve.bandLow.push_back(0.8 * value);
            curve.bandHigh.push_back(1.2 * value);
        }
        curve.spikePeaks = {150};
        curve.spikeLosses = {curve.values[150]};
        curve.spikeLabels = {QStringLiteral("Learning rate too high")};
        source.curves.push_back(curve);
    }
    source.style.title = QStringLiteral("Two initializers");
    source.configJson = [](const FigureStyle &style, const FigureSize &size) {
        return QStringLiteral("{\"title\": \"%1\", \"dpi\": %2}\n")
            .arg(style.title)
            .arg(size.dpi)
            .toUtf8();
    };
    return source;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

} // namespace

class tst_FigureExportDialog : public QObject
{
    Q_OBJECT

private slots:
    void writesFigureCsvAndConfig();
    void writesOnlyTheFigureByDefault();
    void pngHasTheChosenSize();
    void unitChangeKeepsThePhysicalSize();
    void unwritableFigureLeavesNothing();
    void failedCsvNamesItAndTheFigureWritten();
    void previewFollowsStyleAndSize();
    void copyPutsTheImageOnTheClipboard();
    void warnsWhenTextDoesNotFit();
    void screenshot();
};

void tst_FigureExportDialog::writesFigureCsvAndConfig()
{
    QTemporaryDir dir;
    FigureExportDialog dialog(twoCurves());
    dialog.setWritesCsv(true);
    dialog.setWritesConfig(true);
    dialog.findChild<QSpinBox *>(QStringLiteral("figureDpi"))->setValue(150);
    QSignalSpy exported(&dialog, &FigureExportDialog::exported);
    const QString path = dir.filePath(QStringLiteral("loss.pdf"));
    QVERIFY2(dialog.exportTo(path), qPrintable(dialog.message()));

    const QStringList expected {
        path, dir.filePath(QStringLiteral("loss.csv")), dir.filePath(QStringLiteral("loss.json"))};
    QCOMPARE(dialog.writtenFiles(), expected);
    QCOMPARE(exported.count(), 1);
    QCOMPARE(exported.at(0).at(0).toStringList(), expected);
    QVERIFY(readAll(path).startsWith("%PDF"));

    QBuffer csv;
    csv.open(QIODevice::WriteOnly);
    QVERIFY(writeCurvesCsv(twoCurves().curves, csv));
    QCOMPARE(readAll(expected.at(1)), csv.data());
    QVERIFY(csv.data().startsWith("iteration,xavier_uniform,xavier_uniform low,xavier_uniform "
                                  "high,he_normal,he_normal low,he_normal high\n0,1.01,"));
    // The configuration is made for the style and size chosen in the dialog.
    QCOMPARE(readAll(expected.at(2)),
        QByteArrayLiteral("{\"title\": \"Two initializers\", \"dpi\": 150}\n"));
    for (const QString &file : expected)
        QVERIFY2(dialog.message().contains(file), qPrintable(dialog.message()));
}

void tst_FigureExportDialog::writesOnlyTheFigureByDefault()
{
    QTemporaryDir dir;
    FigureExportDialog dialog(twoCurves());
    QVERIFY(dialog.exportTo(dir.filePath(QStringLiteral("loss.svg"))));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {QStringLiteral("loss.svg")});
}

void tst_FigureExportDialog::pngHasTheChosenSize()
{
    QTemporaryDir dir;
    FigureExportDialog dialog(twoCurves());
    FigureSize size;
    size.width = 8;
    size.height = 5;
    size.unit = FigureSize::Centimetres;
    size.dpi = 300;
    dialog.setFigureSize(size);
    const QString path = dir.filePath(QStringLiteral("loss.png"));
    QVERIFY2(dialog.exportTo(path), qPrintable(dialog.message()));
    const QImage image(path);
    QCOMPARE(image.size(), QSize(945, 591));
    QCOMPARE(image.dotsPerMeterX(), 11811);
    QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("figureSizeText"))->text(),
        QStringLiteral("PNG: 945 × 591 pixels. SVG and PDF: 8.00 × 5.00 cm."));
}

void tst_FigureExportDialog::unitChangeKeepsThePhysicalSize()
{
    FigureExportDialog dialog(twoCurves());
    FigureSize size;
    size.width = 16;
    size.height = 10;
    size.unit = FigureSize::Centimetres;
    size.dpi = 300;
    dialog.setFigureSize(size);
    auto *unit = dialog.findChild<QComboBox *>(QStringLiteral("figureUnit"));
    QVERIFY(unit);

    unit->setCurrentIndex(unit->findData(int(FigureSize::Pixels)));
    QCOMPARE(dialog.figureSize().unit, FigureSize::Pixels);
    QCOMPARE(dialog.figureSize().width, 1890.0);
    QCOMPARE(dialog.figureSize().height, 1181.0);
    QCOMPARE(dialog.findChild<QDoubleSpinBox *>(QStringLiteral("figureWidth"))->suffix(),
        QStringLiteral(" px"));

    unit->setCurrentIndex(unit->findData(int(FigureSize::Inches)));
    QCOMPARE(dialog.figureSize().unit, FigureSize::Inches);
    QCOMPARE(dialog.figureSize().width, 6.30);
    QCOMPARE(dialog.figureSize().height, 3.94);
    QCOMPARE(dialog.findChild<QDoubleSpinBox *>(QStringLiteral("figureWidth"))->suffix(),
        QStringLiteral(" in"));
}

void tst_FigureExportDialog::unwritableFigureLeavesNothing()
{
    QTemporaryDir dir;
    FigureExportDialog dialog(twoCurves());
    dialog.setWritesCsv(true);
    const QString path = dir.filePath(QStringLiteral("missing/loss.png"));
    QVERIFY(!dialog.exportTo(path));
    QVERIFY2(dialog.message().contains(path), qPrintable(dialog.message()));
    QVERIFY(dialog.writtenFiles().isEmpty());
    QVERIFY(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).isEmpty());
}

void tst_FigureExportDialog::failedCsvNamesItAndTheFigureWritten()
{
    QTemporaryDir dir;
    // A folder in the place of the CSV file makes its write fail.
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("loss.csv")));
    FigureExportDialog dialog(twoCurves());
    dialog.setWritesCsv(true);
    const QString path = dir.filePath(QStringLiteral("loss.svg"));
    QVERIFY(!dialog.exportTo(path));
    const QString message = dialog.message();
    QVERIFY2(message.startsWith(QStringLiteral("Cannot write the series to \"%1\"")
                                    .arg(dir.filePath(QStringLiteral("loss.csv")))),
        qPrintable(message));
    QVERIFY2(message.endsWith(QStringLiteral("Written before the error: %1.").arg(path)),
        qPrintable(message));
}

void tst_FigureExportDialog::previewFollowsStyleAndSize()
{
    FigureExportDialog dialog(twoCurves());
    QCOMPARE(dialog.preview()->style().title, QStringLiteral("Two initializers"));
    QCOMPARE(int(dialog.preview()->curves().size()), 2);

    auto *logY = dialog.findChild<QCheckBox *>(QStringLiteral("figureLogY"));
    QVERIFY(!dialog.preview()->style().logY);
    logY->setChecked(true);
    QVERIFY(dialog.preview()->style().logY);
    auto *title = dialog.findChild<QLineEdit *>(QStringLiteral("figureTitle"));
    title->setText(QStringLiteral("Renamed"));
    emit title->editingFinished();
    QCOMPARE(dialog.preview()->style().title, QStringLiteral("Renamed"));
    QCOMPARE(dialog.figureStyle().title, QStringLiteral("Renamed"));

    FigureSize size;
    size.width = 6;
    size.height = 2;
    size.unit = FigureSize::Inches;
    dialog.setFigureSize(size);
    QCOMPARE(dialog.preview()->pageInches(), QSizeF(6.0, 2.0));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QRectF figure = dialog.preview()->figureRect();
    QVERIFY(std::abs(figure.width() / figure.height() - 3.0) < 0.02);
}

void tst_FigureExportDialog::copyPutsTheImageOnTheClipboard()
{
    FigureExportDialog dialog(twoCurves());
    FigureSize size;
    size.width = 640;
    size.height = 400;
    size.unit = FigureSize::Pixels;
    size.dpi = 96;
    dialog.setFigureSize(size);
    QApplication::clipboard()->clear();
    QVERIFY2(dialog.copyToClipboard(), qPrintable(dialog.message()));
    QCOMPARE(QApplication::clipboard()->image().size(), QSize(640, 400));
    QVERIFY(dialog.message().contains(QStringLiteral("640 × 400")));
}

void tst_FigureExportDialog::warnsWhenTextDoesNotFit()
{
    FigureExportDialog dialog(twoCurves());
    auto *warning = dialog.findChild<QLabel *>(QStringLiteral("figureFitWarning"));
    QVERIFY(warning);
    QVERIFY(dialog.fitWarning().isEmpty());
    QVERIFY(warning->isHidden());

    FigureSize size;
    size.width = 4;
    size.height = 3;
    size.unit = FigureSize::Centimetres;
    dialog.setFigureSize(size);
    dialog.findChild<QDoubleSpinBox *>(QStringLiteral("figureFontPoints"))->setValue(14);
    QVERIFY2(dialog.fitWarning().startsWith(QStringLiteral("Does not fit: ")),
        qPrintable(dialog.fitWarning()));
    QVERIFY2(dialog.fitWarning().contains(QStringLiteral("\"Two initializers\"")),
        qPrintable(dialog.fitWarning()));
    QVERIFY(!warning->isHidden());

    dialog.findChild<QDoubleSpinBox *>(QStringLiteral("figureFontPoints"))->setValue(10);
    size.width = 16;
    size.height = 10;
    dialog.setFigureSize(size);
    QVERIFY2(dialog.fitWarning().isEmpty(), qPrintable(dialog.fitWarning()));
    QVERIFY(warning->isHidden());
}

void tst_FigureExportDialog::screenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("INITLAB_SCREENSHOT_DIR is not set");
    FigureExportSource source = twoCurves();
    source.style.showCauseLabels = true;
    source.style.logY = true;
    FigureExportDialog dialog(source);
    dialog.setWritesCsv(true);
    dialog.resize(1100, 640);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.grab().save(QDir(directory).filePath(QStringLiteral("export-dialog.png"))));
}

QTEST_MAIN(tst_FigureExportDialog)
#include "tst_figureexportdialog.moc"
