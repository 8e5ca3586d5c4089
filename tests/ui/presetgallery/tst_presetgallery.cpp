// The preset gallery: every preset listed once with its lesson, the buttons and keys that load
// or compare, and the main window acting on them. With INITLAB_SCREENSHOT_DIR set, it also saves
// a picture of the gallery.

#include "comparisonwindow.h"
#include "experimentpanel.h"
#include "losschart.h"
#include "mainwindow.h"
#include "presetgallery.h"
#include "presets.h"

#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

using namespace initlab;

namespace {

QStringList presetsOfGroup(const QString &group)
{
    QStringList names;
    for (const PresetGalleryEntry &entry : PresetGallery::entries()) {
        if (entry.group == group)
            names.append(entry.preset);
    }
    return names;
}

// Sentences in text: each ends with a full stop followed by a space or the end.
int sentenceCount(const QString &text)
{
    return int(text.count(QRegularExpression(QStringLiteral("[.!?](\\s|$)"))));
}

QPushButton *button(const PresetGallery &gallery, const char *name)
{
    return gallery.findChild<QPushButton *>(QLatin1String(name));
}

QStringList checkedValues(const QListWidget &list)
{
    QStringList values;
    for (int i = 0; i < list.count(); ++i) {
        if (list.item(i)->checkState() == Qt::Checked)
            values.append(list.item(i)->data(Qt::UserRole).toString());
    }
    return values;
}

QByteArray configJson(const RunConfig &config)
{
    return QJsonDocument(toJson(config)).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_PresetGallery : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void everyPresetListedOnce();
    void groupsHoldTheirPresets();
    void entryTexts_data();
    void entryTexts();
    void listShowsEveryEntryOnce();
    void selectionShowsTheTexts();
    void buttonsRequestTheSelectedPreset();
    void enterLoadsAndArrowsMove();
    void compareOnlyWhereOffered();
    void windowLoadsFromTheGallery();
    void windowLoadsAndStarts();
    void compareOpensWithXavierAndHe();
    void selectValuesRejectsUnknownChoices();
    void screenshot();
};

void tst_PresetGallery::initTestCase()
{
    QCoreApplication::setOrganizationName(QStringLiteral("InitLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_presetgallery"));
}

void tst_PresetGallery::everyPresetListedOnce()
{
    QStringList listed;
    for (const PresetGalleryEntry &entry : PresetGallery::entries())
        listed.append(entry.preset);
    QCOMPARE(listed.size(), presetNames().size());
    QStringList sorted = listed;
    sorted.sort();
    QStringList expected = presetNames();
    expected.sort();
    QCOMPARE(sorted, expected);
    QCOMPARE(QSet<QString>(listed.cbegin(), listed.cend()).size(), listed.size());
}

void tst_PresetGallery::groupsHoldTheirPresets()
{
    QCOMPARE(PresetGallery::groups(),
        QStringList({QStringLiteral("Initialization"), QStringLiteral("Loss spikes"),
            QStringLiteral("More")}));
    QCOMPARE(presetsOfGroup(QStringLiteral("Initialization")),
        QStringList(
            {QStringLiteral("zero-init"), QStringLiteral("too-small"), QStringLiteral("too-large"),
                QStringLiteral("deep-relu-xavier"), QStringLiteral("deep-relu")}));
    QCOMPARE(presetsOfGroup(QStringLiteral("Loss spikes")),
        QStringList({QStringLiteral("default"), QStringLiteral("four-neuron-spikes"),
            QStringLiteral("lr-too-high"), QStringLiteral("exploding-gradient"),
            QStringLiteral("outlier-batch"), QStringLiteral("numerical-instability")}));
    // Every shipped preset has a lesson, so nothing falls through to "More" today.
    QVERIFY(presetsOfGroup(QStringLiteral("More")).isEmpty());
}

void tst_PresetGallery::entryTexts_data()
{
    QTest::addColumn<int>("index");
    const QList<PresetGalleryEntry> entries = PresetGallery::entries();
    for (qsizetype i = 0; i < entries.size(); ++i)
        QTest::newRow(qPrintable(entries[i].preset)) << int(i);
}

void tst_PresetGallery::entryTexts()
{
    QFETCH(int, index);
    const PresetGalleryEntry entry = PresetGallery::entries().at(index);
    QVERIFY(PresetGallery::groups().contains(entry.group));
    QVERIFY(!entry.title.isEmpty());
    QVERIFY(!entry.whatItShows.isEmpty());
    QVERIFY(!entry.whatToLookFor.isEmpty());
    if (entry.group != QStringLiteral("More")) {
        const int shows = sentenceCount(entry.whatItShows);
        QVERIFY2(shows >= 2 && shows <= 4, qPrintable(QString::number(shows)));
        const int lookFor = sentenceCount(entry.whatToLookFor);
        QVERIFY2(lookFor >= 2 && lookFor <= 4, qPrintable(QString::number(lookFor)));
    }
    // A comparison names its setting and at least two values.
    QCOMPARE(entry.compareKey.isEmpty(), entry.compareValues.isEmpty());
    if (!entry.compareKey.isEmpty())
        QVERIFY(entry.compareValues.size() >= 2);
}

void tst_PresetGallery::listShowsEveryEntryOnce()
{
    PresetGallery gallery;
    auto *list = gallery.findChild<QListWidget *>(QStringLiteral("presetList"));
    QVERIFY(list);
    QStringList headings;
    QStringList shown;
    for (int row = 0; row < list->count(); ++row) {
        const QListWidgetItem *item = list->item(row);
        if (item->flags() & Qt::ItemIsSelectable)
            shown.append(item->toolTip());
        else
            headings.append(item->text());
    }
    // Empty groups get no heading.
    QCOMPARE(
        headings, QStringList({QStringLiteral("Initialization"), QStringLiteral("Loss spikes")}));
    QStringList expected;
    for (const PresetGalleryEntry &entry : PresetGallery::entries())
        expected.append(entry.preset);
    QCOMPARE(shown, expected);
}

void tst_PresetGallery::selectionShowsTheTexts()
{
    PresetGallery gallery;
    QCOMPARE(gallery.currentPreset(), QStringLiteral("zero-init"));
    QVERIFY(gallery.selectPreset(QStringLiteral("outlier-batch")));
    QCOMPARE(gallery.currentPreset(), QStringLiteral("outlier-batch"));
    QVERIFY(!gallery.selectPreset(QStringLiteral("no-such-preset")));
    QCOMPARE(gallery.currentPreset(), QStringLiteral("outlier-batch"));

    PresetGalleryEntry entry;
    for (const PresetGalleryEntry &candidate : PresetGallery::entries()) {
        if (candidate.preset == QStringLiteral("outlier-batch"))
            entry = candidate;
    }
    QCOMPARE(gallery.findChild<QLabel *>(QStringLiteral("galleryTitle"))->text(), entry.title);
    QCOMPARE(
        gallery.findChild<QLabel *>(QStringLiteral("galleryShows"))->text(), entry.whatItShows);
    QCOMPARE(
        gallery.findChild<QLabel *>(QStringLiteral("galleryLookFor"))->text(), entry.whatToLookFor);
    QVERIFY(gallery.findChild<QLabel *>(QStringLiteral("gallerySettings"))
                ->text()
                .contains(loadPreset(QStringLiteral("outlier-batch")).description));
}

void tst_PresetGallery::buttonsRequestTheSelectedPreset()
{
    PresetGallery gallery;
    QSignalSpy loads(&gallery, &PresetGallery::loadRequested);
    gallery.selectPreset(QStringLiteral("too-small"));
    QTest::mouseClick(button(gallery, "galleryLoad"), Qt::LeftButton);
    QCOMPARE(loads.size(), 1);
    QCOMPARE(loads.at(0).at(0).toString(), QStringLiteral("too-small"));
    QCOMPARE(loads.at(0).at(1).toBool(), false);

    gallery.selectPreset(QStringLiteral("lr-too-high"));
    QTest::mouseClick(button(gallery, "galleryLoadAndStart"), Qt::LeftButton);
    QCOMPARE(loads.size(), 2);
    QCOMPARE(loads.at(1).at(0).toString(), QStringLiteral("lr-too-high"));
    QCOMPARE(loads.at(1).at(1).toBool(), true);
}

void tst_PresetGallery::enterLoadsAndArrowsMove()
{
    PresetGallery gallery;
    gallery.show();
    QVERIFY(QTest::qWaitForWindowActive(&gallery));
    auto *list = gallery.findChild<QListWidget *>(QStringLiteral("presetList"));
    QVERIFY(list->hasFocus());
    QSignalSpy loads(&gallery, &PresetGallery::loadRequested);
    QSignalSpy rejected(&gallery, &QDialog::rejected);

    // Down from the last entry of a group skips the next group's heading.
    gallery.selectPreset(QStringLiteral("too-large"));
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(gallery.currentPreset(), QStringLiteral("deep-relu-xavier"));
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(gallery.currentPreset(), QStringLiteral("deep-relu"));
    QTest::keyClick(list, Qt::Key_Down);
    QCOMPARE(gallery.currentPreset(), QStringLiteral("default"));
    QTest::keyClick(list, Qt::Key_Up);
    QCOMPARE(gallery.currentPreset(), QStringLiteral("deep-relu"));

    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(loads.size(), 1);
    QCOMPARE(loads.at(0).at(0).toString(), QStringLiteral("deep-relu"));
    QCOMPARE(loads.at(0).at(1).toBool(), false);
    // Enter loads and does not close the dialog as a default button would.
    QCOMPARE(rejected.size(), 0);
    QVERIFY(gallery.isVisible());
}

void tst_PresetGallery::compareOnlyWhereOffered()
{
    PresetGallery gallery;
    gallery.show();
    QSignalSpy compares(&gallery, &PresetGallery::compareRequested);
    QPushButton *compare = button(gallery, "galleryCompare");

    gallery.selectPreset(QStringLiteral("outlier-batch"));
    QVERIFY(!compare->isVisible());
    gallery.compare();
    QCOMPARE(compares.size(), 0);

    gallery.selectPreset(QStringLiteral("deep-relu-xavier"));
    QVERIFY(compare->isVisible());
    QCOMPARE(compare->text(), QStringLiteral("&Compare Xavier and He"));
    QTest::mouseClick(compare, Qt::LeftButton);
    QCOMPARE(compares.size(), 1);
    QCOMPARE(compares.at(0).at(0).toString(), QStringLiteral("deep-relu-xavier"));
    QCOMPARE(compares.at(0).at(1).toString(), QStringLiteral("init.weights"));
    QCOMPARE(compares.at(0).at(2).toStringList(),
        QStringList({QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")}));

    gallery.selectPreset(QStringLiteral("zero-init"));
    QVERIFY(compare->isVisible());
    QCOMPARE(compare->text(), QStringLiteral("&Compare with Xavier"));
    gallery.compare();
    QCOMPARE(compares.size(), 2);
    QCOMPARE(compares.at(1).at(2).toStringList(),
        QStringList({QStringLiteral("zeros"), QStringLiteral("xavier_uniform")}));
}

void tst_PresetGallery::windowLoadsFromTheGallery()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    QAction *galleryAction = window.findChild<QAction *>(QStringLiteral("presetGallery"));
    QVERIFY(galleryAction);
    galleryAction->trigger();
    auto *gallery = window.findChild<PresetGallery *>(QStringLiteral("presetGallery"));
    QVERIFY(gallery);
    QVERIFY(gallery->isVisible());
    // A second trigger raises the same dialog.
    QCOMPARE(window.openPresetGallery(), gallery);
    QCOMPARE(window.findChildren<PresetGallery *>().size(), 1);

    QSignalSpy loaded(window.controller(), &TrainingController::runLoaded);
    gallery->selectPreset(QStringLiteral("zero-init"));
    gallery->load();
    QVERIFY(loaded.wait());
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("zero-init")));
    QCOMPARE(
        configJson(window.panel()->config()), configJson(loadPreset(QStringLiteral("zero-init"))));
    QTRY_COMPARE(toString(window.controller()->state()), QStringLiteral("ready"));
}

void tst_PresetGallery::windowLoadsAndStarts()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    PresetGallery *gallery = window.openPresetGallery();
    gallery->selectPreset(QStringLiteral("default"));
    gallery->loadAndStart();
    QTRY_VERIFY(window.chart()->pointCount() > 100);
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("default")));
    window.controller()->stop();
    QTRY_COMPARE(toString(window.controller()->state()), QStringLiteral("finished"));
}

void tst_PresetGallery::compareOpensWithXavierAndHe()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.loadPreset(QStringLiteral("default"));
    PresetGallery *gallery = window.openPresetGallery();
    gallery->selectPreset(QStringLiteral("deep-relu"));
    QTest::mouseClick(button(*gallery, "galleryCompare"), Qt::LeftButton);

    auto *comparison = window.findChild<ComparisonWindow *>();
    QVERIFY(comparison);
    QVERIFY(comparison->isVisible());
    // Based on the preset, not on the panel's default preset.
    QCOMPARE(
        configJson(comparison->baseConfig()), configJson(loadPreset(QStringLiteral("deep-relu"))));
    auto *key = comparison->findChild<QComboBox *>(QStringLiteral("key"));
    QCOMPARE(key->currentData().toString(), QStringLiteral("init.weights"));
    auto *initializers = comparison->findChild<QListWidget *>(QStringLiteral("initializerValues"));
    QVERIFY(initializers->isVisible());
    QCOMPARE(checkedValues(*initializers),
        QStringList({QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")}));
}

void tst_PresetGallery::selectValuesRejectsUnknownChoices()
{
    ComparisonWindow window;
    auto *key = window.findChild<QComboBox *>(QStringLiteral("key"));
    auto *initializers = window.findChild<QListWidget *>(QStringLiteral("initializerValues"));
    const QStringList before = checkedValues(*initializers);

    QTest::ignoreMessage(
        QtWarningMsg, QRegularExpression(QStringLiteral("cannot select training.momentum = 0.5")));
    QVERIFY(!window.selectValues(QStringLiteral("training.momentum"), {QStringLiteral("0.5")}));
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(QStringLiteral("he_wide is not a choice of init.weights")));
    QVERIFY(!window.selectValues(QStringLiteral("init.weights"),
        {QStringLiteral("xavier_uniform"), QStringLiteral("he_wide")}));
    QCOMPARE(checkedValues(*initializers), before);

    QVERIFY(window.selectValues(
        QStringLiteral("training.learningRate"), {QStringLiteral("0.01"), QStringLiteral("0.5")}));
    QCOMPARE(key->currentData().toString(), QStringLiteral("training.learningRate"));
    QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("learningRateValues"))->text(),
        QStringLiteral("0.01, 0.5"));

    QVERIFY(window.selectValues(QStringLiteral("network.activation"), {QStringLiteral("gelu")}));
    QCOMPARE(key->currentData().toString(), QStringLiteral("network.activation"));
    QCOMPARE(checkedValues(*window.findChild<QListWidget *>(QStringLiteral("activationValues"))),
        QStringList({QStringLiteral("gelu")}));
}

void tst_PresetGallery::screenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("Set INITLAB_SCREENSHOT_DIR to save a picture of the gallery");
    PresetGallery gallery;
    gallery.selectPreset(QStringLiteral("deep-relu-xavier"));
    gallery.resize(960, 560);
    gallery.show();
    QVERIFY(QTest::qWaitForWindowExposed(&gallery));
    QVERIFY(gallery.grab().save(QDir(directory).filePath(QStringLiteral("gallery.png"))));
}

QTEST_MAIN(tst_PresetGallery)
#include "tst_presetgallery.moc"
