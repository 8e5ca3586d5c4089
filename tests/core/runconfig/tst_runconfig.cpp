#include "errors.h"
#include "runconfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QTest>

#include <cmath>
#include <limits>

using namespace initlab;

namespace {

// Lists every field in which two configurations differ, as "key: actual != expected".
QStringList differences(const RunConfig &actual, const RunConfig &expected)
{
    QStringList result;
    const auto check = [&result](const char *key, const auto &a, const auto &b, auto show) {
        if (!(a == b))
            result.append(QStringLiteral("%1: %2 != %3")
                              .arg(QLatin1StringView(key), show(a), show(b)));
    };
    const auto text = [](const QString &value) { return value; };
    const auto list = [](const QStringList &value) { return value.join(QLatin1Char(',')); };
    const auto number = [](double value) { return QString::number(value, 'g', 17); };
    const auto integer = [](auto value) { return QString::number(value); };
    const auto boolean = [](bool value) {
        return value ? QStringLiteral("true") : QStringLiteral("false");
    };
    const auto name = [](auto value) { return toString(value); };
    const auto sizes = [](const std::vector<int> &value) {
        QStringList parts;
        for (int size : value)
            parts.append(QString::number(size));
        return parts.join(QLatin1Char(','));
    };
    const auto gain = [](const std::optional<double> &value) {
        return value ? QString::number(*value, 'g', 17) : QStringLiteral("unset");
    };

    check("name", actual.name, expected.name, text);
    check("description", actual.description, expected.description, text);
    check("seed", actual.seed, expected.seed, integer);

    const DatasetConfig &data = actual.dataset;
    const DatasetConfig &expectedData = expected.dataset;
    check("dataset.kind", data.kind, expectedData.kind, name);
    check("dataset.path", data.path, expectedData.path, text);
    check("dataset.targets", data.targets, expectedData.targets, list);
    check("dataset.standardize", data.standardize, expectedData.standardize, boolean);
    check("dataset.samples", data.samples, expectedData.samples, integer);
    check("dataset.noise", data.noise, expectedData.noise, number);
    check("dataset.outlierFraction", data.outlierFraction, expectedData.outlierFraction, number);
    check("dataset.outlierMagnitude", data.outlierMagnitude, expectedData.outlierMagnitude, number);
    check("dataset.testFraction", data.testFraction, expectedData.testFraction, number);

    check("network.hidden", actual.network.hidden, expected.network.hidden, sizes);
    check("network.activation", actual.network.activation, expected.network.activation, name);

    const InitConfig &init = actual.init;
    const InitConfig &expectedInit = expected.init;
    check("init.weights", init.weights, expectedInit.weights, name);
    check("init.bias", init.bias, expectedInit.bias, name);
    check("init.gain", init.gain, expectedInit.gain, gain);
    check("init.mode", init.mode, expectedInit.mode, name);
    check("init.value", init.value, expectedInit.value, number);
    check("init.limit", init.limit, expectedInit.limit, number);
    check("init.stddev", init.stddev, expectedInit.stddev, number);
    check("init.biasValue", init.biasValue, expectedInit.biasValue, number);

    const TrainingConfig &train = actual.training;
    const TrainingConfig &expectedTrain = expected.training;
    check("training.optimizer", train.optimizer, expectedTrain.optimizer, name);
    check("training.learningRate", train.learningRate, expectedTrain.learningRate, number);
    check("training.batchSize", train.batchSize, expectedTrain.batchSize, integer);
    check("training.iterations", train.iterations, expectedTrain.iterations, integer);
    check("training.precision", train.precision, expectedTrain.precision, name);
    check("training.momentum", train.momentum, expectedTrain.momentum, number);
    check("training.beta1", train.beta1, expectedTrain.beta1, number);
    check("training.beta2", train.beta2, expectedTrain.beta2, number);
    check("training.epsilon", train.epsilon, expectedTrain.epsilon, number);
    check("training.rmsAlpha", train.rmsAlpha, expectedTrain.rmsAlpha, number);
    check("training.weightDecay", train.weightDecay, expectedTrain.weightDecay, number);
    check("training.clipNorm", train.clipNorm, expectedTrain.clipNorm, number);
    check("training.schedule", train.schedule, expectedTrain.schedule, name);
    check("training.warmupIterations", train.warmupIterations,
          expectedTrain.warmupIterations, integer);
    check("training.stepSize", train.stepSize, expectedTrain.stepSize, integer);
    check("training.stepGamma", train.stepGamma, expectedTrain.stepGamma, number);
    check("training.minLearningRate", train.minLearningRate, expectedTrain.minLearningRate, number);
    check("spikes.sensitivity", actual.spikes.sensitivity, expected.spikes.sensitivity, number);
    check("spikes.window", actual.spikes.window, expected.spikes.window, number);
    check("spikes.minRatio", actual.spikes.minRatio, expected.spikes.minRatio, number);
    check("spikes.warmup", actual.spikes.warmup, expected.spikes.warmup, number);
    return result;
}

// A configuration in which every key differs from its default.
const char fullConfigJson[] = R"({
    "name": "full",
    "description": "Every key set",
    "seed": 9007199254740991,
    "dataset": {
        "kind": "csv", "path": "data/house prices.csv", "targets": ["price", "3"],
        "standardize": false, "samples": 500, "noise": 0.25, "outlierFraction": 0.1,
        "outlierMagnitude": 7.5, "testFraction": 0.2
    },
    "network": { "hidden": [16, 8, 4], "activation": "leaky_relu" },
    "init": {
        "weights": "he_normal", "bias": "constant", "gain": 1.5, "mode": "fan_out",
        "value": -0.5, "limit": 0.2, "stddev": 0.01, "biasValue": 0.125
    },
    "training": {
        "optimizer": "adam", "learningRate": 0.003, "batchSize": 32, "iterations": 2500,
        "precision": "float32", "momentum": 0.8, "beta1": 0.85, "beta2": 0.995,
        "epsilon": 1e-6, "rmsAlpha": 0.95, "weightDecay": 0.0001, "clipNorm": 2.5,
        "schedule": "cosine", "warmupIterations": 100, "stepSize": 250, "stepGamma": 0.75,
        "minLearningRate": 0.0001
    },
    "spikes": { "sensitivity": 6.5, "window": 150, "minRatio": 3, "warmup": 20 }
})";

RunConfig fullConfig()
{
    RunConfig config;
    config.name = QStringLiteral("full");
    config.description = QStringLiteral("Every key set");
    config.seed = maxSeed;
    config.dataset.kind = DatasetKind::Csv;
    config.dataset.path = QStringLiteral("data/house prices.csv");
    config.dataset.targets = {QStringLiteral("price"), QStringLiteral("3")};
    config.dataset.standardize = false;
    config.dataset.samples = 500;
    config.dataset.noise = 0.25;
    config.dataset.outlierFraction = 0.1;
    config.dataset.outlierMagnitude = 7.5;
    config.dataset.testFraction = 0.2;
    config.network.hidden = {16, 8, 4};
    config.network.activation = Activation::LeakyRelu;
    config.init.weights = WeightInit::HeNormal;
    config.init.bias = BiasInit::Constant;
    config.init.gain = 1.5;
    config.init.mode = FanMode::FanOut;
    config.init.value = -0.5;
    config.init.limit = 0.2;
    config.init.stddev = 0.01;
    config.init.biasValue = 0.125;
    config.training.optimizer = Optimizer::Adam;
    config.training.learningRate = 0.003;
    config.training.batchSize = 32;
    config.training.iterations = 2500;
    config.training.precision = Precision::Float32;
    config.training.momentum = 0.8;
    config.training.beta1 = 0.85;
    config.training.beta2 = 0.995;
    config.training.epsilon = 1e-6;
    config.training.rmsAlpha = 0.95;
    config.training.weightDecay = 0.0001;
    config.training.clipNorm = 2.5;
    config.training.schedule = Schedule::Cosine;
    config.training.warmupIterations = 100;
    config.training.stepSize = 250;
    config.training.stepGamma = 0.75;
    config.training.minLearningRate = 0.0001;
    config.spikes.sensitivity = 6.5;
    config.spikes.window = 150;
    config.spikes.minRatio = 3.0;
    config.spikes.warmup = 20;
    return config;
}

QStringList keysOf(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

} // namespace

class TestRunConfig : public QObject
{
    Q_OBJECT

private slots:
    void overrideLargeIntegerReportsRange();
    void defaultsFromEmptyObject();
    void fullConfigFieldByField();
    void singleTargetString();
    void gainAutoAndNullAreUnset_data();
    void gainAutoAndNullAreUnset();
    void differencesSeesEveryField();
    void toJsonWritesEveryKey();
    void roundTrip_data();
    void roundTrip();
    void validation_data();
    void validation();
    void learningRateMessageInFull();
    void nonFiniteNumbers_data();
    void nonFiniteNumbers();
    void unknownKey_data();
    void unknownKey();
    void invalidJson_data();
    void invalidJson();
    void topLevelNotObject();
    void override_data();
    void override();
    void overridesParseIntoConfig();
    void overrideKeepsSiblingKeys();
    void overrideIgnoresLocale();
    void overrideBadValue_data();
    void overrideBadValue();
    void overrideUnknownKey_data();
    void overrideUnknownKey();
    void overrideIntoNonObjectSection();
    void overrideRangeCheckedOnParse();
};

void TestRunConfig::defaultsFromEmptyObject()
{
    const RunConfig config = parseRunConfig("{}", QStringLiteral("empty.json"));

    QCOMPARE(differences(config, RunConfig()), QStringList());
    QCOMPARE(config.seed, std::uint64_t(1));
    QCOMPARE(toString(config.dataset.kind), toString(DatasetKind::Sine));
    QCOMPARE(config.dataset.samples, 200);
    QCOMPARE(config.dataset.targets, QStringList());
    QCOMPARE(config.network.hidden, std::vector<int>{4});
    QCOMPARE(toString(config.network.activation), toString(Activation::Tanh));
    QCOMPARE(toString(config.init.weights), toString(WeightInit::XavierUniform));
    QVERIFY(!config.init.gain.has_value());
    QCOMPARE(toString(config.training.optimizer), toString(Optimizer::Sgd));
    QCOMPARE(config.training.learningRate, 0.1);
    QCOMPARE(config.training.batchSize, 0);
    QCOMPARE(config.training.iterations, 10000);
    QCOMPARE(toString(config.training.schedule), toString(Schedule::Constant));
}

void TestRunConfig::fullConfigFieldByField()
{
    const RunConfig config = parseRunConfig(fullConfigJson, QStringLiteral("full.json"));

    QCOMPARE(config.name, QStringLiteral("full"));
    QCOMPARE(config.description, QStringLiteral("Every key set"));
    QCOMPARE(config.seed, std::uint64_t(9007199254740991));
    QCOMPARE(toString(config.dataset.kind), toString(DatasetKind::Csv));
    QCOMPARE(config.dataset.path, QStringLiteral("data/house prices.csv"));
    QCOMPARE(config.dataset.targets, QStringList({QStringLiteral("price"), QStringLiteral("3")}));
    QCOMPARE(config.dataset.standardize, false);
    QCOMPARE(config.dataset.samples, 500);
    QCOMPARE(config.dataset.noise, 0.25);
    QCOMPARE(config.dataset.outlierFraction, 0.1);
    QCOMPARE(config.dataset.outlierMagnitude, 7.5);
    QCOMPARE(config.dataset.testFraction, 0.2);
    QCOMPARE(config.network.hidden, (std::vector<int>{16, 8, 4}));
    QCOMPARE(toString(config.network.activation), toString(Activation::LeakyRelu));
    QCOMPARE(toString(config.init.weights), toString(WeightInit::HeNormal));
    QCOMPARE(toString(config.init.bias), toString(BiasInit::Constant));
    QCOMPARE(config.init.gain, std::optional<double>(1.5));
    QCOMPARE(toString(config.init.mode), toString(FanMode::FanOut));
    QCOMPARE(config.init.value, -0.5);
    QCOMPARE(config.init.limit, 0.2);
    QCOMPARE(config.init.stddev, 0.01);
    QCOMPARE(config.init.biasValue, 0.125);
    QCOMPARE(toString(config.training.optimizer), toString(Optimizer::Adam));
    QCOMPARE(config.training.learningRate, 0.003);
    QCOMPARE(config.training.batchSize, 32);
    QCOMPARE(config.training.iterations, 2500);
    QCOMPARE(toString(config.training.precision), toString(Precision::Float32));
    QCOMPARE(config.training.momentum, 0.8);
    QCOMPARE(config.training.beta1, 0.85);
    QCOMPARE(config.training.beta2, 0.995);
    QCOMPARE(config.training.epsilon, 1e-6);
    QCOMPARE(config.training.rmsAlpha, 0.95);
    QCOMPARE(config.training.weightDecay, 0.0001);
    QCOMPARE(config.training.clipNorm, 2.5);
    QCOMPARE(toString(config.training.schedule), toString(Schedule::Cosine));
    QCOMPARE(config.training.warmupIterations, 100);
    QCOMPARE(config.training.stepSize, 250);
    QCOMPARE(config.training.stepGamma, 0.75);
    QCOMPARE(config.training.minLearningRate, 0.0001);

    QCOMPARE(differences(config, fullConfig()), QStringList());
}

void TestRunConfig::singleTargetString()
{
    const RunConfig config = parseRunConfig(
        R"({"dataset": {"kind": "csv", "path": "a.csv", "targets": "price"}})", QString());
    QCOMPARE(config.dataset.targets, QStringList{QStringLiteral("price")});
}

void TestRunConfig::gainAutoAndNullAreUnset_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("auto") << QByteArray(R"({"init": {"gain": "auto"}})");
    QTest::newRow("null") << QByteArray(R"({"init": {"gain": null}})");
}

void TestRunConfig::gainAutoAndNullAreUnset()
{
    QFETCH(QByteArray, json);
    const RunConfig config = parseRunConfig(json, QString());
    QVERIFY(!config.init.gain.has_value());
}

void TestRunConfig::differencesSeesEveryField()
{
    // fullConfig() changes all 39 fields, so the helper that the round trip relies on must
    // report each of them.
    const QStringList found = differences(fullConfig(), RunConfig());
    QCOMPARE(found.size(), 43);
    QVERIFY2(found.contains(QStringLiteral("init.gain: 1.5 != unset")),
             qPrintable(found.join(QLatin1Char('\n'))));
}

void TestRunConfig::toJsonWritesEveryKey()
{
    const QJsonObject json = toJson(RunConfig());

    QCOMPARE(keysOf(json),
             sorted({"name", "description", "seed", "dataset", "network", "init", "training",
                     "spikes"}));
    QCOMPARE(keysOf(json.value("spikes").toObject()),
             sorted({"sensitivity", "window", "minRatio", "warmup"}));
    QCOMPARE(keysOf(json.value("dataset").toObject()),
             sorted({"kind", "path", "targets", "standardize", "samples", "noise",
                     "outlierFraction", "outlierMagnitude", "testFraction"}));
    QCOMPARE(keysOf(json.value("network").toObject()), sorted({"hidden", "activation"}));
    QCOMPARE(keysOf(json.value("init").toObject()),
             sorted({"weights", "bias", "gain", "mode", "value", "limit", "stddev", "biasValue"}));
    QCOMPARE(keysOf(json.value("training").toObject()),
             sorted({"optimizer", "learningRate", "batchSize", "iterations", "precision",
                     "momentum", "beta1", "beta2", "epsilon", "rmsAlpha", "weightDecay",
                     "clipNorm", "schedule", "warmupIterations", "stepSize", "stepGamma",
                     "minLearningRate"}));

    QCOMPARE(json.value("init").toObject().value("gain").toString(), QStringLiteral("auto"));
    QCOMPARE(json.value("dataset").toObject().value("kind").toString(), QStringLiteral("sine"));
    QCOMPARE(json.value("network").toObject().value("hidden").toArray(), QJsonArray({4}));
    QCOMPARE(json.value("training").toObject().value("learningRate").toDouble(), 0.1);
    QCOMPARE(json.value("seed").toInteger(), 1);

    const QJsonObject full = toJson(fullConfig());
    QCOMPARE(full.value("init").toObject().value("gain").toDouble(), 1.5);
    QCOMPARE(full.value("seed").toInteger(), qint64(maxSeed));
    QCOMPARE(full.value("dataset").toObject().value("targets").toArray(),
             QJsonArray({"price", "3"}));
}

void TestRunConfig::roundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("defaults") << QByteArray("{}");
    QTest::newRow("every key changed") << QByteArray(fullConfigJson);
    QTest::newRow("doubles needing 17 digits")
        << QByteArray(R"({"dataset": {"noise": 0.30000000000000004},
                          "training": {"learningRate": 0.1234567890123456789, "epsilon": 1e-300,
                                       "minLearningRate": 5e-324}})");
    QTest::newRow("seed zero and no targets")
        << QByteArray(R"({"seed": 0, "dataset": {"targets": []}})");
    QTest::newRow("sixteen layers")
        << QByteArray(R"({"network": {"hidden": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,1024]}})");
    QTest::newRow("warmup schedule")
        << QByteArray(R"({"training": {"schedule": "warmup", "warmupIterations": 10000}})");
    QTest::newRow("unicode name")
        << QByteArray(R"({"name": "Größe \u00e9 \"quoted\"", "description": "line\nbreak"})");
}

void TestRunConfig::roundTrip()
{
    QFETCH(QByteArray, json);
    const RunConfig original = parseRunConfig(json, QStringLiteral("original"));

    const QJsonObject object = toJson(original);
    const QByteArray text = QJsonDocument(object).toJson();
    const RunConfig fromText = parseRunConfig(text, QStringLiteral("written"));
    const RunConfig fromObject = runConfigFromJson(object, QStringLiteral("object"));

    QCOMPARE(differences(fromText, original), QStringList());
    QCOMPARE(differences(fromObject, original), QStringList());
    QCOMPARE(toJson(fromText), object);
}

void TestRunConfig::validation_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("messageParts");

    const auto row = [](const char *name, const char *json, const char *key,
                        std::initializer_list<const char *> parts) {
        QStringList list;
        for (const char *part : parts)
            list.append(QString::fromUtf8(part));
        QTest::newRow(name) << QByteArray(json) << QString::fromLatin1(key) << list;
    };

    row("seed negative", R"({"seed": -1})", "seed",
        {"-1 is out of range", "an integer from 0 to 9007199254740991"});
    row("spike sensitivity below 1", R"({"spikes": {"sensitivity": 0.5}})", "spikes.sensitivity",
        {"0.5 is out of range", "from 1 to 100"});
    row("spike window too short", R"({"spikes": {"window": 4}})", "spikes.window",
        {"4 is out of range", "from 5 to 100000"});
    row("spike window fraction", R"({"spikes": {"window": 10.5}})", "spikes.window",
        {"10.5"});
    row("spike ratio below 1", R"({"spikes": {"minRatio": 0.9}})", "spikes.minRatio",
        {"0.9 is out of range"});
    row("spike warmup negative", R"({"spikes": {"warmup": -1}})", "spikes.warmup",
        {"-1 is out of range"});
    row("seed 2^53", R"({"seed": 9007199254740992})", "seed",
        {"9007199254740992 is out of range", "from 0 to 9007199254740991"});
    row("seed fraction", R"({"seed": 1.5})", "seed", {"1.5 is not an integer"});
    row("seed as string", R"({"seed": "1"})", "seed",
        {"expected an integer from 0 to 9007199254740991", "got the string \"1\""});
    row("name as number", R"({"name": 5})", "name", {"expected a string", "got the number 5"});
    row("description as array", R"({"description": ["a"]})", "description",
        {"expected a string", "got the array [\"a\"]"});

    row("dataset not object", R"({"dataset": 3})", "dataset",
        {"expected an object", "got the number 3"});
    row("dataset kind unknown", R"({"dataset": {"kind": "sinus"}})", "dataset.kind",
        {"\"sinus\" is not a valid value",
         "one of sine, linear, xor, two_moons, circles, spiral, gaussian_blobs, csv",
         "Did you mean \"sine\"?"});
    row("dataset kind as number", R"({"dataset": {"kind": 1}})", "dataset.kind",
        {"expected one of sine, linear", "got the number 1"});
    row("dataset path as number", R"({"dataset": {"path": 1}})", "dataset.path",
        {"expected a string", "got the number 1"});
    row("csv without path", R"({"dataset": {"kind": "csv"}})", "dataset.path",
        {"\"\" is empty", "dataset.kind \"csv\" requires"});
    row("csv with blank path", R"({"dataset": {"kind": "csv", "path": "  "}})", "dataset.path",
        {"\"  \" is empty", "path of a CSV file"});
    row("targets as number", R"({"dataset": {"targets": 3}})", "dataset.targets",
        {"expected a column name or a list of column names", "got the number 3"});
    row("targets item number", R"({"dataset": {"targets": ["y", 3]}})", "dataset.targets",
        {"dataset.targets[1]:", "got the number 3"});
    row("targets item empty", R"({"dataset": {"targets": [""]}})", "dataset.targets",
        {"dataset.targets[0]: \"\" is empty", "column header name"});
    row("standardize as string", R"({"dataset": {"standardize": "yes"}})", "dataset.standardize",
        {"expected true or false", "got the string \"yes\""});
    row("samples below 4", R"({"dataset": {"samples": 3}})", "dataset.samples",
        {"3 is out of range", "an integer from 4 to 1000000"});
    row("samples above 1e6", R"({"dataset": {"samples": 1000001}})", "dataset.samples",
        {"1000001 is out of range", "an integer from 4 to 1000000"});
    row("samples fraction", R"({"dataset": {"samples": 100.5}})", "dataset.samples",
        {"100.5 is not an integer", "from 4 to 1000000"});
    row("samples as string", R"({"dataset": {"samples": "200"}})", "dataset.samples",
        {"got the string \"200\""});
    row("noise negative", R"({"dataset": {"noise": -0.1}})", "dataset.noise",
        {"-0.1 is out of range", "a number from 0 to 100"});
    row("noise above 100", R"({"dataset": {"noise": 101}})", "dataset.noise",
        {"101 is out of range", "a number from 0 to 100"});
    row("outlier fraction above 0.5", R"({"dataset": {"outlierFraction": 0.6}})",
        "dataset.outlierFraction", {"0.6 is out of range", "a number from 0 to 0.5"});
    row("outlier magnitude negative", R"({"dataset": {"outlierMagnitude": -1}})",
        "dataset.outlierMagnitude", {"-1 is out of range", "a number from 0 to 1000000"});
    row("outlier magnitude above 1e6", R"({"dataset": {"outlierMagnitude": 2e6}})",
        "dataset.outlierMagnitude", {"2000000 is out of range", "a number from 0 to 1000000"});
    row("test fraction above 0.9", R"({"dataset": {"testFraction": 0.95}})",
        "dataset.testFraction", {"0.95 is out of range", "a number from 0 to 0.9"});
    row("test fraction negative", R"({"dataset": {"testFraction": -0.1}})",
        "dataset.testFraction", {"-0.1 is out of range", "a number from 0 to 0.9"});

    row("hidden empty", R"({"network": {"hidden": []}})", "network.hidden",
        {"[] has 0 layers", "a list of 1 to 16 layer sizes, each an integer from 1 to 1024"});
    row("hidden 17 layers", R"({"network": {"hidden": [1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1]}})",
        "network.hidden", {"has 17 layers", "a list of 1 to 16 layer sizes"});
    row("hidden zero width", R"({"network": {"hidden": [4, 0]}})", "network.hidden",
        {"network.hidden[1]: 0 is out of range", "an integer from 1 to 1024"});
    row("hidden too wide", R"({"network": {"hidden": [2048]}})", "network.hidden",
        {"network.hidden[0]: 2048 is out of range", "an integer from 1 to 1024"});
    row("hidden fraction", R"({"network": {"hidden": [4.5]}})", "network.hidden",
        {"network.hidden[0]: 4.5 is not an integer"});
    row("hidden string item", R"({"network": {"hidden": ["8"]}})", "network.hidden",
        {"network.hidden[0]:", "got the string \"8\""});
    row("hidden as number", R"({"network": {"hidden": 4}})", "network.hidden",
        {"expected a list of 1 to 16 layer sizes", "got the number 4"});
    row("activation with NUL character", R"({"network": {"activation": "tanh\u0000x"}})",
        "network.activation",
        {"\"tanh\\u0000x\" is not a valid value", "one of linear, sigmoid, tanh"});
    row("activation unknown", R"({"network": {"activation": "tanhh"}})", "network.activation",
        {"\"tanhh\" is not a valid value",
         "one of linear, sigmoid, tanh, relu, leaky_relu, elu, selu, gelu, softplus",
         "Did you mean \"tanh\"?"});

    row("weights unknown", R"({"init": {"weights": "kaiming"}})", "init.weights",
        {"\"kaiming\" is not a valid value", "xavier_uniform", "pytorch_default"});
    row("bias unknown", R"({"init": {"bias": "ones"}})", "init.bias",
        {"\"ones\" is not a valid value", "one of zeros, constant, pytorch_default"});
    row("mode unknown", R"({"init": {"mode": "fanin"}})", "init.mode",
        {"\"fanin\" is not a valid value", "one of fan_in, fan_out", "Did you mean \"fan_in\"?"});
    row("gain zero", R"({"init": {"gain": 0}})", "init.gain",
        {"0 is out of range", "a finite number greater than 0"});
    row("gain negative", R"({"init": {"gain": -1}})", "init.gain",
        {"-1 is out of range", "greater than 0"});
    row("gain other string", R"({"init": {"gain": "automatic"}})", "init.gain",
        {"\"auto\" or null", "got the string \"automatic\""});
    row("gain boolean", R"({"init": {"gain": true}})", "init.gain", {"got true"});
    row("value above 1e6", R"({"init": {"value": 2e6}})", "init.value",
        {"2000000 is out of range", "a number from -1000000 to 1000000"});
    row("value below -1e6", R"({"init": {"value": -2e6}})", "init.value",
        {"-2000000 is out of range", "a number from -1000000 to 1000000"});
    row("limit negative", R"({"init": {"limit": -0.1}})", "init.limit",
        {"-0.1 is out of range", "a number from 0 to 1000000"});
    row("stddev above 1e6", R"({"init": {"stddev": 1e7}})", "init.stddev",
        {"10000000 is out of range", "a number from 0 to 1000000"});
    row("bias value above 1e6", R"({"init": {"biasValue": 1e7}})", "init.biasValue",
        {"10000000 is out of range", "a number from -1000000 to 1000000"});

    row("optimizer unknown", R"({"training": {"optimizer": "adamw"}})", "training.optimizer",
        {"\"adamw\" is not a valid value", "one of sgd, momentum, nesterov, rmsprop, adam",
         "Did you mean \"adam\"?"});
    row("learning rate zero", R"({"training": {"learningRate": 0}})", "training.learningRate",
        {"0 is out of range", "a number greater than 0 and at most 1000"});
    row("learning rate above 1000", R"({"training": {"learningRate": 1001}})",
        "training.learningRate", {"1001 is out of range", "greater than 0 and at most 1000"});
    row("learning rate as string", R"({"training": {"learningRate": "0.1"}})",
        "training.learningRate", {"expected a number greater than 0", "got the string \"0.1\""});
    row("learning rate null", R"({"training": {"learningRate": null}})", "training.learningRate",
        {"got null"});
    row("batch size negative", R"({"training": {"batchSize": -1}})", "training.batchSize",
        {"-1 is out of range", "an integer from 0 to 10000000"});
    row("batch size above 1e7", R"({"training": {"batchSize": 10000001}})", "training.batchSize",
        {"10000001 is out of range", "an integer from 0 to 10000000"});
    row("iterations zero", R"({"training": {"iterations": 0}})", "training.iterations",
        {"0 is out of range", "an integer from 1 to 10000000"});
    row("iterations fraction", R"({"training": {"iterations": 1.5}})", "training.iterations",
        {"1.5 is not an integer", "an integer from 1 to 10000000"});
    row("iterations boolean", R"({"training": {"iterations": true}})", "training.iterations",
        {"got true"});
    row("precision unknown", R"({"training": {"precision": "float16"}})", "training.precision",
        {"\"float16\" is not a valid value", "one of float64, float32"});
    row("momentum 1", R"({"training": {"momentum": 1}})", "training.momentum",
        {"1 is out of range", "a number at least 0 and less than 1"});
    row("momentum negative", R"({"training": {"momentum": -0.1}})", "training.momentum",
        {"-0.1 is out of range", "at least 0 and less than 1"});
    row("beta1 1", R"({"training": {"beta1": 1}})", "training.beta1",
        {"1 is out of range", "at least 0 and less than 1"});
    row("beta2 above 1", R"({"training": {"beta2": 1.5}})", "training.beta2",
        {"1.5 is out of range", "at least 0 and less than 1"});
    row("epsilon zero", R"({"training": {"epsilon": 0}})", "training.epsilon",
        {"0 is out of range", "a number greater than 0 and at most 1"});
    row("epsilon above 1", R"({"training": {"epsilon": 2}})", "training.epsilon",
        {"2 is out of range", "greater than 0 and at most 1"});
    row("rms alpha 1", R"({"training": {"rmsAlpha": 1}})", "training.rmsAlpha",
        {"1 is out of range", "at least 0 and less than 1"});
    row("weight decay negative", R"({"training": {"weightDecay": -1}})", "training.weightDecay",
        {"-1 is out of range", "a number from 0 to 10"});
    row("weight decay above 10", R"({"training": {"weightDecay": 11}})", "training.weightDecay",
        {"11 is out of range", "a number from 0 to 10"});
    row("clip norm negative", R"({"training": {"clipNorm": -1}})", "training.clipNorm",
        {"-1 is out of range", "a finite number at least 0"});
    row("schedule unknown", R"({"training": {"schedule": "linear"}})", "training.schedule",
        {"\"linear\" is not a valid value", "one of constant, step, cosine, warmup"});
    row("warmup negative", R"({"training": {"warmupIterations": -1}})",
        "training.warmupIterations", {"-1 is out of range", "an integer from 0 to 10000000"});
    row("warmup beyond iterations", R"({"training": {"iterations": 100, "warmupIterations": 101}})",
        "training.warmupIterations",
        {"101 is out of range", "an integer from 0 to training.iterations (100)"});
    row("warmup schedule without warmup", R"({"training": {"schedule": "warmup"}})",
        "training.warmupIterations",
        {"0 is out of range for training.schedule \"warmup\"",
         "an integer from 1 to training.iterations (10000)"});
    row("step size zero", R"({"training": {"stepSize": 0}})", "training.stepSize",
        {"0 is out of range", "an integer from 1 to 2147483647"});
    row("step size above int", R"({"training": {"stepSize": 3000000000}})", "training.stepSize",
        {"3000000000 is out of range", "an integer from 1 to 2147483647"});
    row("step gamma zero", R"({"training": {"stepGamma": 0}})", "training.stepGamma",
        {"0 is out of range", "a number greater than 0 and at most 1"});
    row("step gamma above 1", R"({"training": {"stepGamma": 1.5}})", "training.stepGamma",
        {"1.5 is out of range", "greater than 0 and at most 1"});
    row("min learning rate negative", R"({"training": {"minLearningRate": -0.1}})",
        "training.minLearningRate", {"-0.1 is out of range", "a number from 0 to 1000"});
    row("min learning rate above rate",
        R"({"training": {"learningRate": 0.01, "minLearningRate": 0.02}})",
        "training.minLearningRate",
        {"0.02 is out of range", "a number from 0 to training.learningRate (0.01)"});
}

void TestRunConfig::validation()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, key);
    QFETCH(QStringList, messageParts);

    try {
        parseRunConfig(json, QStringLiteral("run.json"));
        QFAIL("parseRunConfig accepted an invalid configuration");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), key);
        QVERIFY2(message.startsWith(QStringLiteral("run.json: ")), qPrintable(message));
        for (const QString &part : messageParts)
            QVERIFY2(message.contains(part),
                     qPrintable(message + QStringLiteral(" lacks ") + part));
    }
}

void TestRunConfig::learningRateMessageInFull()
{
    try {
        parseRunConfig(R"({"training": {"learningRate": -0.1}})", QStringLiteral("test.json"));
        QFAIL("a negative learning rate was accepted");
    } catch (const ConfigError &error) {
        QCOMPARE(QString::fromUtf8(error.what()),
                 QStringLiteral("test.json: training.learningRate: -0.1 is out of range; "
                                "expected a number greater than 0 and at most 1000"));
    }
}

void TestRunConfig::nonFiniteNumbers_data()
{
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("name");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("messagePart");

    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("learning rate infinite") << "training" << "learningRate" << inf
                                            << "inf is not a finite number";
    QTest::newRow("clip norm infinite") << "training" << "clipNorm" << inf
                                        << "inf is not a finite number";
    QTest::newRow("noise NaN") << "dataset" << "noise" << nan << "nan is not a finite number";
    QTest::newRow("gain infinite") << "init" << "gain" << inf << "inf is not a finite number";
    QTest::newRow("iterations infinite") << "training" << "iterations" << inf
                                         << "inf is not an integer";
}

void TestRunConfig::nonFiniteNumbers()
{
    QFETCH(QString, section);
    QFETCH(QString, name);
    QFETCH(double, value);
    QFETCH(QString, messagePart);

    const QJsonObject object{{section, QJsonObject{{name, value}}}};
    try {
        runConfigFromJson(object, QStringLiteral("built"));
        QFAIL("a non-finite number was accepted");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), section + QLatin1Char('.') + name);
        QVERIFY2(message.contains(messagePart), qPrintable(message));
    }
}

void TestRunConfig::unknownKey_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("case typo") << QByteArray(R"({"training": {"learningrate": 0.1}})")
                               << "training.learningrate"
                               << "training.learningrate: unknown key; did you mean "
                                  "training.learningRate?";
    QTest::newRow("misspelled section") << QByteArray(R"({"traning": {}})") << "traning"
                                        << "did you mean training?";
    QTest::newRow("two letters off") << QByteArray(R"({"dataset": {"noize": 0.1, "sampels": 9}})")
                                     << "dataset.noize" << "did you mean dataset.noise?";
    QTest::newRow("key in wrong section") << QByteArray(R"({"training": {"samples": 10}})")
                                          << "training.samples" << "did you mean dataset.samples?";
    QTest::newRow("section key at top level") << QByteArray(R"({"learningRate": 0.1})")
                                              << "learningRate"
                                              << "did you mean training.learningRate?";
    QTest::newRow("unknown spikes key")
        << QByteArray(R"({"spikes": {"threshold": 2}})") << "spikes.threshold"
        << "spikes.threshold: unknown key; the keys allowed in spikes are sensitivity, window, "
           "minRatio, warmup";
    QTest::newRow("NUL character in key")
        << QByteArray(R"({"a\u0000b": 1})") << QStringLiteral("a%1b").arg(QChar(u'\0'))
        << "run.json: a\\u0000b: unknown key; the keys allowed at the top level are name, ";
    QTest::newRow("no near key in section")
        << QByteArray(R"({"init": {"scale": 2}})") << "init.scale"
        << "the keys allowed in init are weights, bias, gain, mode, value, limit, stddev, "
           "biasValue";
}

void TestRunConfig::unknownKey()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, key);
    QFETCH(QString, messagePart);

    try {
        parseRunConfig(json, QStringLiteral("run.json"));
        QFAIL("an unknown key was accepted");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), key);
        QVERIFY2(message.startsWith(QStringLiteral("run.json: ")), qPrintable(message));
        QVERIFY2(message.contains(messagePart), qPrintable(message));
    }
}

void TestRunConfig::invalidJson_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("position");
    QTest::addColumn<QString>("reason");

    QTest::newRow("empty input") << QByteArray() << "line 1, column 1" << "illegal value";
    QTest::newRow("end after number") << QByteArray(R"({"seed": 1)") << "line 1, column 10"
                                      << "invalid termination by number";
    QTest::newRow("double comma") << QByteArray("{\n\"seed\": 1,,\n}") << "line 2, column 11"
                                  << "unterminated object";
    QTest::newRow("value missing after colon")
        << QByteArray("{\n  \"seed\": 1,\n  \"name\": }") << "line 3, column 11"
        << "missing";
    QTest::newRow("column counts characters, not bytes")
        << QByteArray("{\"name\": \"\xc3\xa9\" x}") << "line 1, column 14"
        << "unterminated object";
}

void TestRunConfig::invalidJson()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, position);
    QFETCH(QString, reason);

    try {
        parseRunConfig(json, QStringLiteral("presets/broken.json"));
        QFAIL("invalid JSON was accepted");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), QString());
        QVERIFY2(message.startsWith(QStringLiteral("presets/broken.json: invalid JSON at ")
                                    + position + QStringLiteral(": ")),
                 qPrintable(message));
        QVERIFY2(message.contains(reason), qPrintable(message));
    }
}

void TestRunConfig::topLevelNotObject()
{
    try {
        parseRunConfig("[1, 2]", QStringLiteral("list.json"));
        QFAIL("a top-level array was accepted");
    } catch (const ConfigError &error) {
        QCOMPARE(QString::fromUtf8(error.what()),
                 QStringLiteral("list.json: expected a JSON object at the top level, got an "
                                "array"));
    }
}

void TestRunConfig::override_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QJsonValue>("expected");

    QTest::newRow("number decimal") << "training.learningRate" << "0.5" << QJsonValue(0.5);
    QTest::newRow("number exponent") << "training.learningRate" << "1e-3" << QJsonValue(0.001);
    QTest::newRow("number plus and spaces") << "dataset.noise" << " +2.5 " << QJsonValue(2.5);
    QTest::newRow("number negative") << "init.value" << "-0.25" << QJsonValue(-0.25);
    QTest::newRow("integer") << "training.iterations" << "500" << QJsonValue(500);
    QTest::newRow("integer with exponent") << "training.iterations" << "1e4" << QJsonValue(10000);
    QTest::newRow("largest seed") << "seed" << "9007199254740991"
                                  << QJsonValue(qint64(9007199254740991));
    QTest::newRow("boolean true") << "dataset.standardize" << "true" << QJsonValue(true);
    QTest::newRow("boolean yes") << "dataset.standardize" << "yes" << QJsonValue(true);
    QTest::newRow("boolean 1") << "dataset.standardize" << "1" << QJsonValue(true);
    QTest::newRow("boolean FALSE") << "dataset.standardize" << "FALSE" << QJsonValue(false);
    QTest::newRow("boolean no") << "dataset.standardize" << "no" << QJsonValue(false);
    QTest::newRow("boolean 0") << "dataset.standardize" << "0" << QJsonValue(false);
    QTest::newRow("string kept as written") << "name" << " my run " << QJsonValue(" my run ");
    QTest::newRow("path with comma") << "dataset.path" << "data/a,b.csv"
                                     << QJsonValue("data/a,b.csv");
    QTest::newRow("choice") << "training.optimizer" << "adam" << QJsonValue("adam");
    QTest::newRow("hidden comma list") << "network.hidden" << "8,8" << QJsonValue(QJsonArray{8, 8});
    QTest::newRow("hidden JSON list") << "network.hidden" << "[8, 8]"
                                      << QJsonValue(QJsonArray{8, 8});
    QTest::newRow("hidden single") << "network.hidden" << "4" << QJsonValue(QJsonArray{4});
    QTest::newRow("hidden spaces") << "network.hidden" << " 16, 8 ,4 "
                                   << QJsonValue(QJsonArray{16, 8, 4});
    QTest::newRow("targets comma list") << "dataset.targets" << "a,b"
                                        << QJsonValue(QJsonArray{"a", "b"});
    QTest::newRow("targets quoted list") << "dataset.targets" << R"(["a", "b c"])"
                                         << QJsonValue(QJsonArray{"a", "b c"});
    QTest::newRow("targets single") << "dataset.targets" << "price"
                                    << QJsonValue(QJsonArray{"price"});
    QTest::newRow("targets empty") << "dataset.targets" << "" << QJsonValue(QJsonArray());
    QTest::newRow("gain auto") << "init.gain" << "auto" << QJsonValue("auto");
    QTest::newRow("gain number") << "init.gain" << "1.5" << QJsonValue(1.5);
}

void TestRunConfig::override()
{
    QFETCH(QString, key);
    QFETCH(QString, text);
    QFETCH(QJsonValue, expected);

    QJsonObject config;
    applyOverride(config, key, text);

    const QStringList path = key.split(QLatin1Char('.'));
    const QJsonValue actual = path.size() == 1
        ? config.value(path[0])
        : config.value(path[0]).toObject().value(path[1]);
    QCOMPARE(actual, expected);
}

void TestRunConfig::overridesParseIntoConfig()
{
    QJsonObject json;
    applyOverride(json, QStringLiteral("seed"), QStringLiteral("42"));
    applyOverride(json, QStringLiteral("dataset.kind"), QStringLiteral("csv"));
    applyOverride(json, QStringLiteral("dataset.path"), QStringLiteral("data.csv"));
    applyOverride(json, QStringLiteral("dataset.targets"), QStringLiteral("y1,y2"));
    applyOverride(json, QStringLiteral("dataset.standardize"), QStringLiteral("no"));
    applyOverride(json, QStringLiteral("network.hidden"), QStringLiteral("[8, 8]"));
    applyOverride(json, QStringLiteral("init.gain"), QStringLiteral("2"));
    applyOverride(json, QStringLiteral("training.learningRate"), QStringLiteral("1e-3"));
    applyOverride(json, QStringLiteral("training.batchSize"), QStringLiteral("16"));

    const RunConfig config = runConfigFromJson(json, QStringLiteral("overrides"));
    QCOMPARE(config.seed, std::uint64_t(42));
    QCOMPARE(toString(config.dataset.kind), toString(DatasetKind::Csv));
    QCOMPARE(config.dataset.path, QStringLiteral("data.csv"));
    QCOMPARE(config.dataset.targets, QStringList({QStringLiteral("y1"), QStringLiteral("y2")}));
    QCOMPARE(config.dataset.standardize, false);
    QCOMPARE(config.network.hidden, (std::vector<int>{8, 8}));
    QCOMPARE(config.init.gain, std::optional<double>(2.0));
    QCOMPARE(config.training.learningRate, 0.001);
    QCOMPARE(config.training.batchSize, 16);
    QCOMPARE(config.training.iterations, 10000);
}

void TestRunConfig::overrideKeepsSiblingKeys()
{
    const QByteArray base =
        R"({"name": "base", "training": {"iterations": 50, "optimizer": "adam"}})";
    QJsonObject json = QJsonDocument::fromJson(base).object();
    applyOverride(json, QStringLiteral("training.learningRate"), QStringLiteral("0.25"));
    applyOverride(json, QStringLiteral("training.iterations"), QStringLiteral("75"));

    const RunConfig config = runConfigFromJson(json, QString());
    QCOMPARE(config.name, QStringLiteral("base"));
    QCOMPARE(toString(config.training.optimizer), toString(Optimizer::Adam));
    QCOMPARE(config.training.iterations, 75);
    QCOMPARE(config.training.learningRate, 0.25);
}

void TestRunConfig::overrideIgnoresLocale()
{
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QJsonObject json;
    applyOverride(json, QStringLiteral("training.learningRate"), QStringLiteral("0.5"));
    QLocale::setDefault(previous);

    QCOMPARE(json.value("training").toObject().value("learningRate").toDouble(), 0.5);
}

void TestRunConfig::overrideBadValue_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("number word") << "training.learningRate" << "abc"
                                 << "training.learningRate: \"abc\" is not a number";
    QTest::newRow("number decimal comma") << "training.learningRate" << "0,5"
                                          << "\"0,5\" is not a number";
    QTest::newRow("number group separator") << "dataset.noise" << "1,000"
                                            << "\"1,000\" is not a number";
    QTest::newRow("number empty") << "dataset.noise" << "" << "\"\" is not a number";
    QTest::newRow("number trailing text") << "dataset.noise" << "0.5x"
                                          << "\"0.5x\" is not a number";
    QTest::newRow("number infinite") << "training.clipNorm" << "inf"
                                     << "\"inf\" is not a finite number";
    QTest::newRow("integer fraction") << "training.iterations" << "1.5"
                                      << "training.iterations: \"1.5\" is not an integer";
    QTest::newRow("integer word") << "training.batchSize" << "ten" << "\"ten\" is not an integer";
    QTest::newRow("boolean word") << "dataset.standardize" << "maybe"
                                  << "\"maybe\" is not a boolean; expected true, false, yes, "
                                     "no, 1 or 0";
    QTest::newRow("hidden word") << "network.hidden" << "8,x"
                                 << "\"8,x\" is not a list of layer sizes because \"x\" is "
                                    "not an integer";
    QTest::newRow("hidden empty item") << "network.hidden" << "8,,8"
                                       << "because \"\" is not an integer";
    QTest::newRow("gain word") << "init.gain" << "automatic"
                               << "init.gain: \"automatic\" is not a valid gain";
}

void TestRunConfig::overrideBadValue()
{
    QFETCH(QString, key);
    QFETCH(QString, text);
    QFETCH(QString, messagePart);

    QJsonObject json;
    try {
        applyOverride(json, key, text);
        QFAIL("a value that does not convert was accepted");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), key);
        QVERIFY2(message.contains(messagePart), qPrintable(message));
    }
    QVERIFY(json.isEmpty());
}

void TestRunConfig::overrideUnknownKey_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("case typo") << "training.learningrate"
                               << "training.learningrate: unknown key; did you mean "
                                  "training.learningRate?";
    QTest::newRow("missing section") << "learningRate" << "did you mean training.learningRate?";
    QTest::newRow("too deep") << "training.learningRate.x" << "did you mean training.learningRate?";
    QTest::newRow("no near key") << "training.lr"
                                 << "the keys allowed in training are optimizer, learningRate,";
    QTest::newRow("unknown section") << "plots.threshold"
                                     << "the keys allowed at the top level are name, description";
    QTest::newRow("section itself") << "training"
                                    << "training: this is a section, not a key; set one of "
                                       "its keys instead: optimizer, learningRate";
}

void TestRunConfig::overrideUnknownKey()
{
    QFETCH(QString, key);
    QFETCH(QString, messagePart);

    QJsonObject json;
    try {
        applyOverride(json, key, QStringLiteral("1"));
        QFAIL("an unknown key was accepted");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), key);
        QVERIFY2(message.contains(messagePart), qPrintable(message));
    }
    QVERIFY(json.isEmpty());
}

void TestRunConfig::overrideIntoNonObjectSection()
{
    QJsonObject json{{"training", 5}};
    try {
        applyOverride(json, QStringLiteral("training.iterations"), QStringLiteral("10"));
        QFAIL("an override replaced a section that is not an object");
    } catch (const ConfigError &error) {
        QCOMPARE(error.key(), QStringLiteral("training"));
        QCOMPARE(QString::fromUtf8(error.what()),
                 QStringLiteral("training: expected an object, got the number 5; cannot set "
                                "training.iterations"));
    }
}

void TestRunConfig::overrideRangeCheckedOnParse()
{
    QJsonObject json;
    applyOverride(json, QStringLiteral("training.learningRate"), QStringLiteral("-1"));
    QCOMPARE(json.value("training").toObject().value("learningRate").toDouble(), -1.0);

    try {
        runConfigFromJson(json, QStringLiteral("command line"));
        QFAIL("a negative learning rate was accepted");
    } catch (const ConfigError &error) {
        QCOMPARE(error.key(), QStringLiteral("training.learningRate"));
        QVERIFY(QString::fromUtf8(error.what()).contains(QStringLiteral("-1 is out of range")));
    }
}

// An integer beyond 2^53 passes the override and is reported by parsing, with the key's own range.
void TestRunConfig::overrideLargeIntegerReportsRange()
{
    QJsonObject json;
    applyOverride(json, QStringLiteral("seed"), QStringLiteral("9007199254740992"));
    applyOverride(json, QStringLiteral("training.iterations"), QStringLiteral("1e20"));
    try {
        runConfigFromJson(json, QStringLiteral("test"));
        QFAIL("an out-of-range seed was accepted");
    } catch (const ConfigError &error) {
        QCOMPARE(error.key(), QStringLiteral("seed"));
        QVERIFY2(QString::fromStdString(error.what()).contains(QStringLiteral("9007199254740991")),
                 error.what());
    }
    json.remove(QStringLiteral("seed"));
    try {
        runConfigFromJson(json, QStringLiteral("test"));
        QFAIL("an out-of-range iteration count was accepted");
    } catch (const ConfigError &error) {
        QCOMPARE(error.key(), QStringLiteral("training.iterations"));
        QVERIFY2(QString::fromStdString(error.what()).contains(QStringLiteral("10000000")),
                 error.what());
    }
}

QTEST_GUILESS_MAIN(TestRunConfig)

#include "tst_runconfig.moc"
