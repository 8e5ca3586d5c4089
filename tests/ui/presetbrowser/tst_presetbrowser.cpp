// The preset browser window: lists every preset and shows the selected one's configuration.
// With INITLAB_SCREENSHOT_DIR set, it also saves a picture of the window there.

#include "presetbrowser.h"

#include "presets.h"

#include <QDir>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QTest>

class tst_PresetBrowser : public QObject
{
    Q_OBJECT

private slots:
    void listsEveryPreset();
    void showsSelectedConfiguration();
    void rejectsUnknownPreset();
};

void tst_PresetBrowser::listsEveryPreset()
{
    PresetBrowser window;
    auto *list = window.findChild<QListWidget *>();
    QVERIFY(list);
    QStringList shown;
    for (int row = 0; row < list->count(); ++row)
        shown.append(list->item(row)->text());
    QCOMPARE(shown, initlab::presetNames());
    QCOMPARE(list->currentItem()->text(), QStringLiteral("default"));
}

void tst_PresetBrowser::showsSelectedConfiguration()
{
    PresetBrowser window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.selectPreset(QStringLiteral("four-neuron-spikes")));
    auto *details = window.findChild<QPlainTextEdit *>();
    QVERIFY(details);
    const QString text = details->toPlainText();
    QVERIFY(text.startsWith(initlab::loadPreset(QStringLiteral("four-neuron-spikes")).description));
    QVERIFY(text.contains(QStringLiteral("\"optimizer\": \"adam\"")));
    QVERIFY(text.contains(QStringLiteral("\"beta2\": 0.99999")));

    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (!directory.isEmpty())
        QVERIFY(window.grab().save(QDir(directory).filePath(QStringLiteral("presetbrowser.png"))));
}

void tst_PresetBrowser::rejectsUnknownPreset()
{
    PresetBrowser window;
    QVERIFY(!window.selectPreset(QStringLiteral("no-such-preset")));
    QCOMPARE(window.findChild<QListWidget *>()->currentItem()->text(), QStringLiteral("default"));
}

QTEST_MAIN(tst_PresetBrowser)
#include "tst_presetbrowser.moc"
