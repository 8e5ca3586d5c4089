#include "runconfig.h"

#include "errors.h"
#include "runconfigkeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QStringDecoder>
#include <QStringView>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

namespace initlab {

using namespace runconfigkeys;

namespace {

// ---------------------------------------------------------------------------------------------
// Ranges

constexpr double infinity = std::numeric_limits<double>::infinity();

struct NumberRange
{
    double min;
    double max; // infinity: any finite number above min
    bool minExclusive = false;
    bool maxExclusive = false;
};

struct IntegerRange
{
    double min;
    double max;
};

constexpr IntegerRange seedRange{0, double(maxSeed)};
constexpr IntegerRange samplesRange{4, 1'000'000};
constexpr NumberRange noiseRange{0, 100};
constexpr NumberRange outlierFractionRange{0, 0.5};
constexpr NumberRange outlierMagnitudeRange{0, 1e6};
constexpr NumberRange testFractionRange{0, 0.9};
constexpr int maxHiddenLayers = 16;
constexpr IntegerRange layerWidthRange{1, 1024};
constexpr NumberRange gainRange{0, infinity, true};
constexpr NumberRange initValueRange{-1e6, 1e6};
constexpr NumberRange initSpreadRange{0, 1e6};
constexpr NumberRange learningRateRange{0, 1000, true};
constexpr IntegerRange batchSizeRange{0, 10'000'000};
constexpr IntegerRange iterationsRange{1, 10'000'000};
// momentum, beta1, beta2 and rmsAlpha: averaging factors, which must stay below 1.
constexpr NumberRange averagingRange{0, 1, false, true};
constexpr NumberRange epsilonRange{0, 1, true};
constexpr NumberRange weightDecayRange{0, 10};
constexpr NumberRange clipNormRange{0, infinity};
// Checked again against training.iterations once both are read.
constexpr IntegerRange warmupRange{0, 10'000'000};
constexpr IntegerRange stepSizeRange{1, INT_MAX};
constexpr NumberRange stepGammaRange{0, 1, true};
// Checked again against training.learningRate once both are read.
constexpr NumberRange minLearningRateRange{0, 1000};
using Limits = SpikeDetectorLimits;
constexpr NumberRange sensitivityRange{Limits::minSensitivity, Limits::maxSensitivity};
constexpr IntegerRange spikeWindowRange{Limits::minWindow, Limits::maxWindow};
constexpr NumberRange minRatioRange{Limits::minMinRatio, Limits::maxMinRatio};
constexpr IntegerRange spikeWarmupRange{Limits::minWarmup, Limits::maxWarmup};

QString describeRange(const NumberRange &range)
{
    const QString lower = range.minExclusive
        ? QStringLiteral("greater than %1").arg(formatNumber(range.min))
        : QStringLiteral("at least %1").arg(formatNumber(range.min));
    if (range.max == infinity)
        return QStringLiteral("a finite number %1").arg(lower);
    if (!range.minExclusive && !range.maxExclusive)
        return QStringLiteral("a number from %1 to %2")
            .arg(formatNumber(range.min), formatNumber(range.max));

    const QString upper = range.maxExclusive
        ? QStringLiteral("less than %1").arg(formatNumber(range.max))
        : QStringLiteral("at most %1").arg(formatNumber(range.max));
    return QStringLiteral("a number %1 and %2").arg(lower, upper);
}

QString describeRange(const IntegerRange &range)
{
    return QStringLiteral("an integer from %1 to %2")
        .arg(formatNumber(range.min), formatNumber(range.max));
}

bool contains(const NumberRange &range, double value)
{
    const bool aboveMin = range.minExclusive ? value > range.min : value >= range.min;
    const bool belowMax = range.maxExclusive ? value < range.max : value <= range.max;
    return std::isfinite(value) && aboveMin && belowMax;
}

// ---------------------------------------------------------------------------------------------
// Reading and validating

// Reads the keys of one JSON object into config fields. A missing key keeps the field's
// default. A present key must have the right type and lie in its range.
class ObjectReader
{
public:
    ObjectReader(const QString &source, const QJsonObject &object, const QString &section)
        : m_source(source)
        , m_object(object)
        , m_section(section)
    {
        rejectUnknownKeys();
    }

    void read(const char *name, QString &out) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        if (!value.isString())
            failWrongType(name, QStringLiteral("a string"), value);
        out = value.toString();
    }

    void read(const char *name, bool &out) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        if (!value.isBool())
            failWrongType(name, QStringLiteral("true or false"), value);
        out = value.toBool();
    }

    void read(const char *name, double &out, const NumberRange &range) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        out = checkedNumber(name, value, range);
    }

    void read(const char *name, int &out, const IntegerRange &range) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        out = int(checkedInteger(name, value, range));
    }

    void read(const char *name, std::uint64_t &out, const IntegerRange &range) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        out = std::uint64_t(checkedInteger(name, value, range));
    }

    template<typename Enum>
    void readChoice(const char *name, Enum &out, std::optional<Enum> (*fromString)(QStringView),
                    const QStringList &choices) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        const QString allowed = QStringLiteral("one of ") + choices.join(QStringLiteral(", "));
        if (!value.isString())
            failWrongType(name, allowed, value);

        const std::optional<Enum> choice = fromString(value.toString());
        if (!choice) {
            QString message = QStringLiteral("%1 is not a valid value; expected %2")
                                  .arg(formatValue(value), allowed);
            const QString suggestion = nearestName(value.toString(), choices);
            if (!suggestion.isEmpty())
                message += QStringLiteral(". Did you mean %1?").arg(quoted(suggestion));
            fail(name, message);
        }
        out = *choice;
    }

    // Accepts one string or a list of strings, each a column header name or 1-based number.
    void readColumns(const char *name, QStringList &out) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        const QString expected = QStringLiteral(
            "a column name or a list of column names, such as \"y\" or [\"y\", \"3\"]");
        QJsonArray items;
        if (value.isString())
            items.append(value);
        else if (value.isArray())
            items = value.toArray();
        else
            failWrongType(name, expected, value);

        QStringList columns;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonValue item = items.at(i);
            const QString itemKey = QStringLiteral("%1[%2]").arg(QLatin1StringView(name)).arg(i);
            if (!item.isString()) {
                failWrongType(name, QStringLiteral("a column name as a string"), item, itemKey);
            }
            if (item.toString().trimmed().isEmpty()) {
                fail(name, QStringLiteral("%1 is empty; expected a column header name or a "
                                          "1-based column number")
                               .arg(formatValue(item)), itemKey);
            }
            columns.append(item.toString());
        }
        out = columns;
    }

    void readLayerSizes(const char *name, std::vector<int> &out) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        const QString expected = QStringLiteral("a list of 1 to %1 layer sizes, each %2")
                                     .arg(maxHiddenLayers)
                                     .arg(describeRange(layerWidthRange));
        if (!value.isArray())
            failWrongType(name, expected, value);

        const QJsonArray items = value.toArray();
        if (items.isEmpty() || items.size() > maxHiddenLayers) {
            fail(name, QStringLiteral("%1 has %2 layers, which is out of range; expected %3")
                           .arg(formatValue(value))
                           .arg(items.size())
                           .arg(expected));
        }
        std::vector<int> sizes;
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QString itemKey = QStringLiteral("%1[%2]").arg(QLatin1StringView(name)).arg(i);
            sizes.push_back(int(checkedInteger(name, items.at(i), layerWidthRange, itemKey)));
        }
        out = sizes;
    }

    // The gain is a positive number, or "auto" or null for the initializer's own default.
    void readGain(const char *name, std::optional<double> &out) const
    {
        const QJsonValue value = m_object.value(QLatin1StringView(name));
        if (value.isUndefined())
            return;
        if (value.isNull() || value.toString() == QLatin1StringView("auto")) {
            out.reset();
            return;
        }
        if (!value.isDouble()) {
            const QString expected =
                describeRange(gainRange) + QStringLiteral(", \"auto\" or null");
            failWrongType(name, expected, value);
        }
        out = checkedNumber(name, value, gainRange);
    }

    // Throws ConfigError for the key name. element, such as "hidden[2]", names the list
    // element at fault in the message.
    [[noreturn]] void fail(const char *name, const QString &message,
                           const QString &element = QString()) const
    {
        const QString key = keyOf(QString::fromLatin1(name));
        const QString location = element.isEmpty() ? key : keyOf(element);
        throw ConfigError(key, sourcePrefix(m_source) + location + QStringLiteral(": ") + message);
    }

    // Reports a value of the wrong JSON type, such as a string where a number belongs.
    [[noreturn]] void failWrongType(const char *name, const QString &expected,
                                    const QJsonValue &value,
                                    const QString &element = QString()) const
    {
        fail(name, QStringLiteral("expected %1, got %2").arg(expected, describeWrongValue(value)),
             element);
    }

private:
    QString keyOf(const QString &name) const
    {
        if (m_section.isEmpty())
            return name;
        return m_section + QLatin1Char('.') + name;
    }

    void rejectUnknownKeys() const
    {
        const QStringList allowed = namesInSection(m_section);
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (!allowed.contains(it.key())) {
                const QString key = keyOf(it.key());
                throw ConfigError(key, sourcePrefix(m_source) + key + QStringLiteral(": ")
                                           + unknownKeyMessage(key));
            }
        }
    }

    double checkedNumber(const char *name, const QJsonValue &value, const NumberRange &range) const
    {
        if (!value.isDouble())
            failWrongType(name, describeRange(range), value);
        const double number = value.toDouble();
        if (!std::isfinite(number)) {
            fail(name, QStringLiteral("%1 is not a finite number; expected %2")
                           .arg(formatNumber(number), describeRange(range)));
        }
        if (!contains(range, number)) {
            fail(name, QStringLiteral("%1 is out of range; expected %2")
                           .arg(formatValue(value), describeRange(range)));
        }
        return number;
    }

    double checkedInteger(const char *name, const QJsonValue &value, const IntegerRange &range,
                          const QString &element = QString()) const
    {
        if (!value.isDouble())
            failWrongType(name, describeRange(range), value, element);
        const double number = value.toDouble();
        if (!std::isfinite(number) || number != std::trunc(number)) {
            fail(name, QStringLiteral("%1 is not an integer; expected %2")
                           .arg(formatValue(value), describeRange(range)), element);
        }
        if (number < range.min || number > range.max) {
            fail(name, QStringLiteral("%1 is out of range; expected %2")
                           .arg(formatValue(value), describeRange(range)), element);
        }
        return number;
    }

    const QString &m_source;
    const QJsonObject &m_object;
    QString m_section;
};

// Returns the object stored under a section name, or an empty one when the section is absent.
QJsonObject sectionObject(const QJsonObject &root, const char *section, const QString &source)
{
    const QJsonValue value = root.value(QLatin1StringView(section));
    if (value.isUndefined())
        return QJsonObject();
    if (!value.isObject()) {
        const QString key = QString::fromLatin1(section);
        throw ConfigError(key, sourcePrefix(source) + key
                                   + QStringLiteral(": expected an object, got %1")
                                         .arg(describeWrongValue(value)));
    }
    return value.toObject();
}

void readDataset(const QJsonObject &object, const QString &source, DatasetConfig &dataset)
{
    const ObjectReader reader(source, object, QStringLiteral("dataset"));
    reader.readChoice("kind", dataset.kind, datasetKindFromString, datasetKindNames());
    reader.read("path", dataset.path);
    reader.readColumns("targets", dataset.targets);
    reader.read("standardize", dataset.standardize);
    reader.read("samples", dataset.samples, samplesRange);
    reader.read("noise", dataset.noise, noiseRange);
    reader.read("outlierFraction", dataset.outlierFraction, outlierFractionRange);
    reader.read("outlierMagnitude", dataset.outlierMagnitude, outlierMagnitudeRange);
    reader.read("testFraction", dataset.testFraction, testFractionRange);

    if (dataset.kind == DatasetKind::Csv && dataset.path.trimmed().isEmpty()) {
        reader.fail("path", QStringLiteral("%1 is empty; expected the path of a CSV file, which "
                                           "dataset.kind \"csv\" requires")
                                .arg(quoted(dataset.path)));
    }
}

void readNetwork(const QJsonObject &object, const QString &source, NetworkConfig &network)
{
    const ObjectReader reader(source, object, QStringLiteral("network"));
    reader.readLayerSizes("hidden", network.hidden);
    reader.readChoice("activation", network.activation, activationFromString, activationNames());
}

void readInit(const QJsonObject &object, const QString &source, InitConfig &init)
{
    const ObjectReader reader(source, object, QStringLiteral("init"));
    reader.readChoice("weights", init.weights, weightInitFromString, weightInitNames());
    reader.readChoice("bias", init.bias, biasInitFromString, biasInitNames());
    reader.readGain("gain", init.gain);
    reader.readChoice("mode", init.mode, fanModeFromString, fanModeNames());
    reader.read("value", init.value, initValueRange);
    reader.read("limit", init.limit, initSpreadRange);
    reader.read("stddev", init.stddev, initSpreadRange);
    reader.read("biasValue", init.biasValue, initValueRange);
}

void readTraining(const QJsonObject &object, const QString &source, TrainingConfig &training)
{
    const ObjectReader reader(source, object, QStringLiteral("training"));
    reader.readChoice("optimizer", training.optimizer, optimizerFromString, optimizerNames());
    reader.read("learningRate", training.learningRate, learningRateRange);
    reader.read("batchSize", training.batchSize, batchSizeRange);
    reader.read("iterations", training.iterations, iterationsRange);
    reader.readChoice("precision", training.precision, precisionFromString, precisionNames());
    reader.read("momentum", training.momentum, averagingRange);
    reader.read("beta1", training.beta1, averagingRange);
    reader.read("beta2", training.beta2, averagingRange);
    reader.read("epsilon", training.epsilon, epsilonRange);
    reader.read("rmsAlpha", training.rmsAlpha, averagingRange);
    reader.read("weightDecay", training.weightDecay, weightDecayRange);
    reader.read("clipNorm", training.clipNorm, clipNormRange);
    reader.readChoice("schedule", training.schedule, scheduleFromString, scheduleNames());
    reader.read("warmupIterations", training.warmupIterations, warmupRange);
    reader.read("stepSize", training.stepSize, stepSizeRange);
    reader.read("stepGamma", training.stepGamma, stepGammaRange);
    reader.read("minLearningRate", training.minLearningRate, minLearningRateRange);

    if (training.warmupIterations > training.iterations) {
        reader.fail("warmupIterations",
                    QStringLiteral("%1 is out of range; expected an integer from 0 to "
                                   "training.iterations (%2)")
                        .arg(training.warmupIterations)
                        .arg(training.iterations));
    }
    if (training.schedule == Schedule::Warmup && training.warmupIterations == 0) {
        reader.fail("warmupIterations",
                    QStringLiteral("0 is out of range for training.schedule \"warmup\"; expected "
                                   "an integer from 1 to training.iterations (%1)")
                        .arg(training.iterations));
    }
    if (training.minLearningRate > training.learningRate) {
        reader.fail("minLearningRate",
                    QStringLiteral("%1 is out of range; expected a number from 0 to "
                                   "training.learningRate (%2)")
                        .arg(formatNumber(training.minLearningRate),
                             formatNumber(training.learningRate)));
    }
}

// 1-based line and column of a byte offset in UTF-8 text; the column counts characters.
struct TextPosition
{
    qsizetype line = 1;
    qsizetype column = 1;
};

TextPosition positionOf(const QByteArray &text, qsizetype offset)
{
    offset = std::clamp<qsizetype>(offset, 0, text.size());
    const QByteArray before = text.left(offset);
    const qsizetype lineStart = before.lastIndexOf('\n') + 1;
    TextPosition position;
    position.line = before.count('\n') + 1;
    position.column = QString::fromUtf8(before.mid(lineStart)).toUcs4().size() + 1;
    return position;
}

// Rejects content that is not UTF-8 text, such as an image or a UTF-16 file, which
// QJsonDocument would report only as an "illegal value".
void checkJsonText(const QByteArray &json, const QString &source)
{
    const QString advice = QStringLiteral("; a configuration is JSON text in UTF-8, so choose a "
                                          "configuration file or save this one as UTF-8");
    if (json.startsWith("\xFF\xFE") || json.startsWith("\xFE\xFF")) {
        throw ConfigError(QString(), sourcePrefix(source)
                              + QStringLiteral("the file is UTF-16 encoded (it starts with a "
                                               "UTF-16 byte-order mark)")
                              + advice);
    }

    const qsizetype nul = json.indexOf('\0');
    if (nul >= 0) {
        throw ConfigError(QString(), sourcePrefix(source)
                              + QStringLiteral("line %1 contains a NUL byte, so the file is binary "
                                               "data or UTF-16 text rather than JSON")
                                    .arg(positionOf(json, nul).line)
                              + advice);
    }

    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString text = decoder.decode(json);
    if (decoder.hasError()) {
        // The decoder marks each invalid sequence with a replacement character.
        const qsizetype invalid = std::max<qsizetype>(0, text.indexOf(QChar::ReplacementCharacter));
        throw ConfigError(QString(), sourcePrefix(source)
                              + QStringLiteral("line %1 is not valid UTF-8 text, so the file may "
                                               "be an image or other binary data")
                                    .arg(text.first(invalid).count(u'\n') + 1)
                              + advice);
    }
}

} // namespace

QJsonObject parseJsonObject(const QByteArray &json, const QString &source)
{
    checkJsonText(json, source);

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt 6.4 sets the offset just past the character at which parsing failed, so the
        // position reported is that of the character before it.
        const TextPosition position = positionOf(json, error.offset > 0 ? error.offset - 1 : 0);
        const QString message = QStringLiteral("invalid JSON at line %1, column %2: %3")
                                    .arg(position.line)
                                    .arg(position.column)
                                    .arg(error.errorString());
        throw ConfigError(QString(), sourcePrefix(source) + message);
    }
    if (!document.isObject()) {
        const QString found = document.isArray() ? QStringLiteral("an array")
                                                 : QStringLiteral("a single value");
        const QString message =
            QStringLiteral("expected a JSON object at the top level, got %1").arg(found);
        throw ConfigError(QString(), sourcePrefix(source) + message);
    }
    return document.object();
}

RunConfig parseRunConfig(const QByteArray &json, const QString &source)
{
    return runConfigFromJson(parseJsonObject(json, source), source);
}

void readSpikes(const QJsonObject &object, const QString &source, SpikeDetectorSettings &spikes)
{
    const ObjectReader reader(source, object, QStringLiteral("spikes"));
    reader.read("sensitivity", spikes.sensitivity, sensitivityRange);
    reader.read("window", spikes.window, spikeWindowRange);
    reader.read("minRatio", spikes.minRatio, minRatioRange);
    reader.read("warmup", spikes.warmup, spikeWarmupRange);
}

RunConfig runConfigFromJson(const QJsonObject &object, const QString &source)
{
    RunConfig config;
    const ObjectReader reader(source, object, QString());
    reader.read("name", config.name);
    reader.read("description", config.description);
    reader.read("seed", config.seed, seedRange);

    readDataset(sectionObject(object, "dataset", source), source, config.dataset);
    readNetwork(sectionObject(object, "network", source), source, config.network);
    readInit(sectionObject(object, "init", source), source, config.init);
    readTraining(sectionObject(object, "training", source), source, config.training);
    readSpikes(sectionObject(object, "spikes", source), source, config.spikes);
    return config;
}

QJsonObject toJson(const RunConfig &config)
{
    const DatasetConfig &data = config.dataset;
    QJsonObject dataset{
        {QStringLiteral("kind"), toString(data.kind)},
        {QStringLiteral("path"), data.path},
        {QStringLiteral("targets"), QJsonArray::fromStringList(data.targets)},
        {QStringLiteral("standardize"), data.standardize},
        {QStringLiteral("samples"), data.samples},
        {QStringLiteral("noise"), data.noise},
        {QStringLiteral("outlierFraction"), data.outlierFraction},
        {QStringLiteral("outlierMagnitude"), data.outlierMagnitude},
        {QStringLiteral("testFraction"), data.testFraction},
    };

    QJsonArray hidden;
    for (int units : config.network.hidden)
        hidden.append(units);
    QJsonObject network{
        {QStringLiteral("hidden"), hidden},
        {QStringLiteral("activation"), toString(config.network.activation)},
    };

    const InitConfig &initConfig = config.init;
    QJsonObject init{
        {QStringLiteral("weights"), toString(initConfig.weights)},
        {QStringLiteral("bias"), toString(initConfig.bias)},
        {QStringLiteral("gain"), initConfig.gain ? QJsonValue(*initConfig.gain)
                                                 : QJsonValue(QStringLiteral("auto"))},
        {QStringLiteral("mode"), toString(initConfig.mode)},
        {QStringLiteral("value"), initConfig.value},
        {QStringLiteral("limit"), initConfig.limit},
        {QStringLiteral("stddev"), initConfig.stddev},
        {QStringLiteral("biasValue"), initConfig.biasValue},
    };

    const TrainingConfig &train = config.training;
    QJsonObject training{
        {QStringLiteral("optimizer"), toString(train.optimizer)},
        {QStringLiteral("learningRate"), train.learningRate},
        {QStringLiteral("batchSize"), train.batchSize},
        {QStringLiteral("iterations"), train.iterations},
        {QStringLiteral("precision"), toString(train.precision)},
        {QStringLiteral("momentum"), train.momentum},
        {QStringLiteral("beta1"), train.beta1},
        {QStringLiteral("beta2"), train.beta2},
        {QStringLiteral("epsilon"), train.epsilon},
        {QStringLiteral("rmsAlpha"), train.rmsAlpha},
        {QStringLiteral("weightDecay"), train.weightDecay},
        {QStringLiteral("clipNorm"), train.clipNorm},
        {QStringLiteral("schedule"), toString(train.schedule)},
        {QStringLiteral("warmupIterations"), train.warmupIterations},
        {QStringLiteral("stepSize"), train.stepSize},
        {QStringLiteral("stepGamma"), train.stepGamma},
        {QStringLiteral("minLearningRate"), train.minLearningRate},
    };

    const QJsonObject spikes{
        {QStringLiteral("sensitivity"), config.spikes.sensitivity},
        {QStringLiteral("window"), config.spikes.window},
        {QStringLiteral("minRatio"), config.spikes.minRatio},
        {QStringLiteral("warmup"), config.spikes.warmup},
    };

    return QJsonObject{
        {QStringLiteral("name"), config.name},
        {QStringLiteral("description"), config.description},
        {QStringLiteral("seed"), qint64(config.seed)},
        {QStringLiteral("dataset"), dataset},
        {QStringLiteral("network"), network},
        {QStringLiteral("init"), init},
        {QStringLiteral("training"), training},
        {QStringLiteral("spikes"), spikes},
    };
}

} // namespace initlab
