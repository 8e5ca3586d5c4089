// The JSON form of a comparison. A round trip keeps the spec, the labels and the figure member, and
// a document without "compare" is a single run per seed. Each invalid member is rejected with its
// key, its value and what is allowed.

#include "comparisonjson.h"
#include "errors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace initlab;

class TestComparisonJson : public QObject
{
    Q_OBJECT

private slots:
    void roundTripKeepsComparison();
    void singleRunWithoutCompare();
    void documentDistinguishedFromConfig();
    void invalidMember_data();
    void invalidMember();
};

void TestComparisonJson::roundTripKeepsComparison()
{
    ComparisonDocument document;
    document.spec.base.seed = 7;
    document.spec.base.network.hidden = {32, 32};
    document.spec.base.training.iterations = 300;
    document.spec.key = QStringLiteral("init.weights");
    document.spec.values = {QStringLiteral("zeros"), QStringLiteral("he_normal")};
    document.spec.seeds = 3;
    document.spec.targetMse = 1e-3;
    document.comparing = true;
    document.labels = {QStringLiteral("Zeros"), QStringLiteral("He, normal")};
    document.figure = {{QStringLiteral("legend"), QStringLiteral("none")}};

    // Through text, as a file stores it.
    const QByteArray text = QJsonDocument(toJson(document)).toJson();
    const ComparisonDocument read = comparisonDocumentFromJson(
        QJsonDocument::fromJson(text).object(), QStringLiteral("figure.json"));
    QCOMPARE(toJson(read.spec.base), toJson(document.spec.base));
    QCOMPARE(read.spec.base.seed, 7u);
    QCOMPARE(read.spec.key, QStringLiteral("init.weights"));
    QCOMPARE(read.spec.values, document.spec.values);
    QCOMPARE(read.spec.seeds, 3);
    QCOMPARE(read.spec.targetMse, 1e-3);
    QVERIFY(read.comparing);
    QCOMPARE(read.labels, document.labels);
    QCOMPARE(read.figure, document.figure);
}

void TestComparisonJson::singleRunWithoutCompare()
{
    ComparisonDocument document;
    document.spec.base.seed = 4;
    document.spec.seeds = 2;
    const QJsonObject json = toJson(document);
    QVERIFY(json.contains(QStringLiteral("base")));
    QVERIFY(!json.contains(QStringLiteral("compare")));
    QVERIFY(!json.contains(QStringLiteral("targetMse")));
    QVERIFY(!json.contains(QStringLiteral("figure")));
    QCOMPARE(json.value(QStringLiteral("seeds")).toInt(), 2);

    const ComparisonDocument read = comparisonDocumentFromJson(json, QStringLiteral("f.json"));
    QVERIFY(!read.comparing);
    QCOMPARE(read.spec.key, QStringLiteral("seed"));
    QCOMPARE(read.spec.values, QStringList {QStringLiteral("4")});
    QCOMPARE(read.spec.seeds, 2);
    QVERIFY(std::isnan(read.spec.targetMse));
    QVERIFY(read.labels.isEmpty());

    // A hand-written document needs only the base.
    const ComparisonDocument minimal = comparisonDocumentFromJson(
        QJsonObject {{QStringLiteral("base"), QJsonObject()}}, QStringLiteral("f.json"));
    QCOMPARE(minimal.spec.seeds, 1);
    QCOMPARE(minimal.spec.values, QStringList {QStringLiteral("1")});
}

void TestComparisonJson::documentDistinguishedFromConfig()
{
    QVERIFY(isComparisonDocument(toJson(ComparisonDocument())));
    QVERIFY(!isComparisonDocument(toJson(RunConfig())));
}

void TestComparisonJson::invalidMember_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("messageParts");

    const QByteArray compare = R"("compare": {"key": "init.weights", "values": ["zeros", "he_normal"])";
    QTest::newRow("base missing") << QByteArray(R"({"seeds": 2})") << "base"
                                  << QStringList {"f.json: base: ", "got nothing"};
    QTest::newRow("base not an object") << QByteArray(R"({"base": 3})") << "base"
                                        << QStringList {"f.json: base: ", "the number 3"};
    QTest::newRow("base key out of range")
        << QByteArray(R"({"base": {"training": {"iterations": 0}}})") << "training.iterations"
        << QStringList {"f.json, in \"base\": training.iterations: ", "0"};
    QTest::newRow("misspelt top-level key")
        << QByteArray(R"({"base": {}, "seed": 2})") << "seed"
        << QStringList {"f.json: seed: ", "did you mean seeds?"};
    QTest::newRow("compare not an object")
        << QByteArray(R"({"base": {}, "compare": "init.weights"})") << "compare"
        << QStringList {"f.json: compare: ", "the string \"init.weights\""};
    QTest::newRow("compare key missing")
        << QByteArray(R"({"base": {}, "compare": {"values": ["zeros"]}})") << "compare.key"
        << QStringList {"f.json: compare.key: ", "\"init.weights\""};
    QTest::newRow("compare values empty")
        << QByteArray(R"({"base": {}, "compare": {"key": "init.weights", "values": []}})")
        << "compare.values" << QStringList {"f.json: compare.values: ", "non-empty array"};
    QTest::newRow("compare value a number")
        << QByteArray(R"({"base": {}, "compare": {"key": "training.learningRate", "values": [0.1]}})")
        << "compare.values[0]" << QStringList {"the number 0.1", "\"0.05\""};
    QTest::newRow("compare value invalid")
        << QByteArray(R"({"base": {}, "compare": {"key": "init.weights", "values": ["bogus"]}})")
        << "init.weights" << QStringList {"f.json: compare: ", "bogus"};
    QTest::newRow("misspelt compare key")
        << QByteArray(R"({"base": {}, "compare": {"key": "init.weights", "value": ["zeros"]}})")
        << "compare.value" << QStringList {"did you mean compare.values?"};
    QTest::newRow("labels count")
        << QByteArray(R"({"base": {}, )" + compare + R"(, "labels": ["Zeros"]}})")
        << "compare.labels" << QStringList {"1 labels for 2 values"};
    QTest::newRow("empty label")
        << QByteArray(R"({"base": {}, )" + compare + R"(, "labels": ["Zeros", " "]}})")
        << "compare.labels[1]" << QStringList {"is empty"};
    QTest::newRow("seeds zero") << QByteArray(R"({"base": {}, "seeds": 0})") << "seeds"
                                << QStringList {"f.json: seeds: 0", "from 1 to 100"};
    QTest::newRow("seeds fractional") << QByteArray(R"({"base": {}, "seeds": 2.5})") << "seeds"
                                      << QStringList {"2.5", "an integer"};
    QTest::newRow("seeds too many") << QByteArray(R"({"base": {}, "seeds": 101})") << "seeds"
                                    << QStringList {"101", "from 1 to 100"};
    QTest::newRow("negative target") << QByteArray(R"({"base": {}, "targetMse": -1})")
                                     << "targetMse" << QStringList {"-1", "at least 0"};
    QTest::newRow("target as text") << QByteArray(R"({"base": {}, "targetMse": "0.1"})")
                                    << "targetMse" << QStringList {"\"0.1\"", "at least 0"};
    QTest::newRow("figure not an object") << QByteArray(R"({"base": {}, "figure": []})")
                                          << "figure" << QStringList {"the array []"};
}

void TestComparisonJson::invalidMember()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, key);
    QFETCH(QStringList, messageParts);

    QJsonParseError parseError;
    const QJsonObject object = QJsonDocument::fromJson(json, &parseError).object();
    QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
    try {
        comparisonDocumentFromJson(object, QStringLiteral("f.json"));
        QFAIL("no ConfigError");
    } catch (const ConfigError &error) {
        const QString message = QString::fromStdString(error.what());
        QCOMPARE(error.key(), key);
        for (const QString &part : std::as_const(messageParts))
            QVERIFY2(message.contains(part), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestComparisonJson)
#include "tst_comparisonjson.moc"
