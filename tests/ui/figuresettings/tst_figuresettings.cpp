// The JSON form of a figure's settings: a round trip keeps every setting, a missing member keeps
// the default, and each invalid member is rejected with its key, its value and what is allowed.

#include "errors.h"
#include "figuresettings.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace initlab;

class TestFigureSettings : public QObject
{
    Q_OBJECT

private slots:
    void roundTripKeepsSettings();
    void writesEveryKey();
    void missingMembersKeepDefaults();
    void sizeText_data();
    void sizeText();
    void invalidMember_data();
    void invalidMember();
};

void TestFigureSettings::roundTripKeepsSettings()
{
    FigureSettings settings;
    settings.style.title = QStringLiteral("Deep ReLU: mean over 5 seeds");
    settings.style.xLabel = QStringLiteral("Update");
    settings.style.yLabel = QStringLiteral("Training MSE");
    settings.style.logY = true;
    settings.style.legend = LegendPosition::Right;
    settings.style.fontPoints = 12.5;
    settings.style.printTheme = false;
    settings.style.showSpikes = false;
    settings.style.showCauseLabels = true;
    settings.curves.center = CurveCenter::Median;
    settings.curves.band = CurveBand::StdDev;
    settings.curves.singleLabel = QStringLiteral("baseline");
    settings.size.width = 8.5;
    settings.size.height = 6;
    settings.size.unit = FigureSize::Inches;
    settings.size.dpi = 600;

    // Through text, as a file stores it.
    const QByteArray text = QJsonDocument(toJson(settings)).toJson();
    const FigureSettings read =
        figureSettingsFromJson(QJsonDocument::fromJson(text).object(), QStringLiteral("f.json"));
    QCOMPARE(read.style.title, settings.style.title);
    QCOMPARE(read.style.xLabel, settings.style.xLabel);
    QCOMPARE(read.style.yLabel, settings.style.yLabel);
    QCOMPARE(read.style.logY, true);
    QCOMPARE(read.style.legend, LegendPosition::Right);
    QCOMPARE(read.style.fontPoints, 12.5);
    QCOMPARE(read.style.printTheme, false);
    QCOMPARE(read.style.showSpikes, false);
    QCOMPARE(read.style.showCauseLabels, true);
    QCOMPARE(read.curves.center, CurveCenter::Median);
    QCOMPARE(read.curves.band, CurveBand::StdDev);
    QCOMPARE(read.curves.singleLabel, QStringLiteral("baseline"));
    QCOMPARE(read.size.width, 8.5);
    QCOMPARE(read.size.height, 6.0);
    QCOMPARE(read.size.unit, FigureSize::Inches);
    QCOMPARE(read.size.dpi, 600);
}

void TestFigureSettings::writesEveryKey()
{
    FigureSettings settings;
    settings.style.legend = LegendPosition::None;
    const QJsonObject json = toJson(settings);
    QCOMPARE(json.value(QStringLiteral("legend")).toString(), QStringLiteral("none"));
    QCOMPARE(json.value(QStringLiteral("size")).toString(), QStringLiteral("16x10cm"));
    QCOMPARE(json.value(QStringLiteral("dpi")).toInt(), 300);
    QCOMPARE(json.value(QStringLiteral("center")).toString(), QStringLiteral("mean"));
    QCOMPARE(json.value(QStringLiteral("band")).toString(), QStringLiteral("minmax"));
    QCOMPARE(json.value(QStringLiteral("fontPoints")).toDouble(), 10.0);
    QCOMPARE(json.value(QStringLiteral("printTheme")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("spikes")).toBool(), true);
    QCOMPARE(json.value(QStringLiteral("causeLabels")).toBool(), false);
    QCOMPARE(json.value(QStringLiteral("xLabel")).toString(), QStringLiteral("Iteration"));
    // An empty single label is left out.
    QCOMPARE(json.size(), 13);
    QVERIFY(!json.contains(QStringLiteral("singleLabel")));
}

void TestFigureSettings::missingMembersKeepDefaults()
{
    FigureSettings defaults;
    defaults.style.title = QStringLiteral("Default title");
    defaults.size.dpi = 150;
    const QJsonObject json {{QStringLiteral("legend"), QStringLiteral("top")},
        {QStringLiteral("size"), QStringLiteral("1600x1000")}};
    const FigureSettings read = figureSettingsFromJson(json, QStringLiteral("f.json"), defaults);
    QCOMPARE(read.style.legend, LegendPosition::Top);
    QCOMPARE(read.style.title, QStringLiteral("Default title"));
    QCOMPARE(read.size.unit, FigureSize::Pixels);
    QCOMPARE(read.size.width, 1600.0);
    // A size without "dpi" keeps the default's dpi.
    QCOMPARE(read.size.dpi, 150);
    QCOMPARE(read.style.fontPoints, 10.0);
}

void TestFigureSettings::sizeText_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("centimetres") << "16x10cm";
    QTest::newRow("fractional centimetres") << "8.5x6cm";
    QTest::newRow("pixels") << "1600x1000";
    QTest::newRow("inches") << "6x4in";
}

void TestFigureSettings::sizeText()
{
    QFETCH(QString, text);
    const std::optional<FigureSize> size = parseFigureSize(text);
    QVERIFY(size);
    QCOMPARE(figureSizeText(*size), text);
}

void TestFigureSettings::invalidMember_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("messageParts");

    QTest::newRow("unknown legend position")
        << QByteArray(R"({"legend": "middle"})") << "figure.legend"
        << QStringList {"\"middle\"", "top, bottom, left, right or none"};
    QTest::newRow("legend not a string")
        << QByteArray(R"({"legend": 1})") << "figure.legend" << QStringList {"the number 1"};
    QTest::newRow("font too large") << QByteArray(R"({"fontPoints": 100})") << "figure.fontPoints"
                                    << QStringList {"100", "from 4 to 72"};
    QTest::newRow("font as text") << QByteArray(R"({"fontPoints": "10"})") << "figure.fontPoints"
                                  << QStringList {"\"10\"", "from 4 to 72"};
    QTest::newRow("unknown centre") << QByteArray(R"({"center": "average"})") << "figure.center"
                                    << QStringList {"\"average\"", "mean or median"};
    QTest::newRow("unknown band") << QByteArray(R"({"band": "range"})") << "figure.band"
                                  << QStringList {"\"range\"", "minmax, std or none"};
    QTest::newRow("invalid size") << QByteArray(R"({"size": "big"})") << "figure.size"
                                  << QStringList {"\"big\"", "16x10cm"};
    QTest::newRow("size as number") << QByteArray(R"({"size": 16})") << "figure.size"
                                    << QStringList {"the number 16", "16x10cm"};
    QTest::newRow("dpi too small") << QByteArray(R"({"dpi": 5})") << "figure.dpi"
                                   << QStringList {"5", "from 10 to 4800"};
    QTest::newRow("fractional dpi") << QByteArray(R"({"dpi": 300.5})") << "figure.dpi"
                                    << QStringList {"300.5", "an integer"};
    QTest::newRow("flag as text") << QByteArray(R"({"logY": "yes"})") << "figure.logY"
                                  << QStringList {"true or false", "\"yes\""};
    QTest::newRow("title as number") << QByteArray(R"({"title": 5})") << "figure.title"
                                     << QStringList {"expected a string"};
    QTest::newRow("misspelt key") << QByteArray(R"({"legnd": "top"})") << "figure.legnd"
                                  << QStringList {"did you mean figure.legend?"};
    QTest::newRow("unknown key") << QByteArray(R"({"colour": "red"})") << "figure.colour"
                                 << QStringList {"unknown key", "title, xLabel"};
}

void TestFigureSettings::invalidMember()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, key);
    QFETCH(QStringList, messageParts);

    const QJsonObject object = QJsonDocument::fromJson(json).object();
    QVERIFY(!object.isEmpty());
    try {
        figureSettingsFromJson(object, QStringLiteral("plot.json"));
        QFAIL("no ConfigError");
    } catch (const ConfigError &error) {
        const QString message = QString::fromStdString(error.what());
        QCOMPARE(error.key(), key);
        QVERIFY2(message.startsWith(QStringLiteral("plot.json: ") + key + QStringLiteral(": ")),
            qPrintable(message));
        for (const QString &part : std::as_const(messageParts))
            QVERIFY2(message.contains(part), qPrintable(message));
    }
}

QTEST_MAIN(TestFigureSettings)
#include "tst_figuresettings.moc"
