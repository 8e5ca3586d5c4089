#include "figuresettings.h"

#include "errors.h"
#include "figurestyleform.h"
#include "runconfigkeys.h"

#include <QLocale>

#include <cmath>

namespace initlab {

using runconfigkeys::describeWrongValue;
using runconfigkeys::formatValue;

namespace {

const QStringList settingsKeys {QStringLiteral("title"), QStringLiteral("xLabel"),
    QStringLiteral("yLabel"), QStringLiteral("logY"), QStringLiteral("legend"),
    QStringLiteral("fontPoints"), QStringLiteral("printTheme"), QStringLiteral("spikes"),
    QStringLiteral("causeLabels"), QStringLiteral("center"), QStringLiteral("band"),
    QStringLiteral("size"), QStringLiteral("dpi"), QStringLiteral("singleLabel")};

QString number(double value)
{
    return QLocale::c().toString(value, 'g', QLocale::FloatingPointShortest);
}

// Reads the members of the "figure" object, each with the messages of its key.
class SettingsReader
{
public:
    SettingsReader(const QJsonObject &object, const QString &source)
        : m_object(object)
        , m_source(source)
    {}

    [[noreturn]] void fail(const QString &name, const QString &message) const
    {
        const QString key = QStringLiteral("figure.") + name;
        throw ConfigError(key, runconfigkeys::sourcePrefix(m_source) + key + QStringLiteral(": ")
                                   + message);
    }

    void rejectUnknownKeys() const
    {
        for (auto it = m_object.begin(); it != m_object.end(); ++it) {
            if (settingsKeys.contains(it.key()))
                continue;
            const QString suggestion = runconfigkeys::nearestName(it.key(), settingsKeys);
            fail(it.key(),
                suggestion.isEmpty()
                    ? QStringLiteral("unknown key; the keys allowed in figure are %1")
                          .arg(settingsKeys.join(QStringLiteral(", ")))
                    : QStringLiteral("unknown key; did you mean figure.%1?").arg(suggestion));
        }
    }

    void read(const char *name, QString &out) const
    {
        const QJsonValue value = m_object.value(QLatin1String(name));
        if (value.isUndefined())
            return;
        if (!value.isString()) {
            fail(QLatin1String(name),
                QStringLiteral("expected a string, got %1").arg(describeWrongValue(value)));
        }
        out = value.toString();
    }

    void read(const char *name, bool &out) const
    {
        const QJsonValue value = m_object.value(QLatin1String(name));
        if (value.isUndefined())
            return;
        if (!value.isBool()) {
            fail(QLatin1String(name),
                QStringLiteral("expected true or false, got %1").arg(describeWrongValue(value)));
        }
        out = value.toBool();
    }

    // Reads a name that fromName() converts; allowed lists the names for the message.
    template<typename T, typename Convert>
    void readChoice(const char *name, T &out, Convert fromName, const QString &allowed) const
    {
        QString text;
        read(name, text);
        if (text.isEmpty() && !m_object.contains(QLatin1String(name)))
            return;
        const std::optional<T> choice = fromName(text);
        if (!choice) {
            fail(QLatin1String(name),
                QStringLiteral("\"%1\" is not allowed; use %2").arg(text, allowed));
        }
        out = *choice;
    }

    void readFontPoints(double &out) const
    {
        const QJsonValue value = m_object.value(QStringLiteral("fontPoints"));
        if (value.isUndefined())
            return;
        const double points = value.toDouble(-1);
        if (!value.isDouble() || !(points >= minFigureFontPoints && points <= maxFigureFontPoints)) {
            fail(QStringLiteral("fontPoints"),
                QStringLiteral("%1 is not allowed; expected a number of points from %2 to %3")
                    .arg(formatValue(value), number(minFigureFontPoints),
                        number(maxFigureFontPoints)));
        }
        out = points;
    }

    void readSize(FigureSize &out) const
    {
        const QJsonValue value = m_object.value(QStringLiteral("size"));
        if (value.isUndefined())
            return;
        QString error;
        const std::optional<FigureSize> size =
            value.isString() ? parseFigureSize(value.toString(), &error) : std::nullopt;
        // parseFigureSize() writes a sentence; the message continues after the key.
        if (error.endsWith(QLatin1Char('.')))
            error.chop(1);
        if (!error.isEmpty())
            error[0] = error[0].toLower();
        if (!size) {
            fail(QStringLiteral("size"),
                value.isString()
                    ? error
                    : QStringLiteral("expected a size such as \"16x10cm\" or \"1600x1000\", got %1")
                          .arg(describeWrongValue(value)));
        }
        const int dpi = out.dpi;
        out = *size;
        out.dpi = dpi;
    }

    void readDpi(int &out) const
    {
        const QJsonValue value = m_object.value(QStringLiteral("dpi"));
        if (value.isUndefined())
            return;
        const double dpi = value.toDouble(-1);
        if (!value.isDouble() || dpi != std::trunc(dpi) || dpi < minFigureDpi
            || dpi > maxFigureDpi) {
            fail(QStringLiteral("dpi"),
                QStringLiteral("%1 is not allowed; expected an integer from %2 to %3")
                    .arg(formatValue(value))
                    .arg(minFigureDpi)
                    .arg(maxFigureDpi));
        }
        out = int(dpi);
    }

private:
    QJsonObject m_object;
    QString m_source;
};

} // namespace

QString figureSizeText(const FigureSize &size)
{
    QString unit;
    if (size.unit == FigureSize::Centimetres)
        unit = QStringLiteral("cm");
    else if (size.unit == FigureSize::Inches)
        unit = QStringLiteral("in");
    return number(size.width) + QLatin1Char('x') + number(size.height) + unit;
}

QJsonObject toJson(const FigureSettings &settings)
{
    const FigureStyle &style = settings.style;
    QJsonObject object;
    object.insert(QStringLiteral("title"), style.title);
    object.insert(QStringLiteral("xLabel"), style.xLabel);
    object.insert(QStringLiteral("yLabel"), style.yLabel);
    object.insert(QStringLiteral("logY"), style.logY);
    object.insert(QStringLiteral("legend"), legendPositionName(style.legend));
    object.insert(QStringLiteral("fontPoints"), style.fontPoints);
    object.insert(QStringLiteral("printTheme"), style.printTheme);
    object.insert(QStringLiteral("spikes"), style.showSpikes);
    object.insert(QStringLiteral("causeLabels"), style.showCauseLabels);
    object.insert(QStringLiteral("center"), centerName(settings.curves.center));
    object.insert(QStringLiteral("band"), bandName(settings.curves.band));
    object.insert(QStringLiteral("size"), figureSizeText(settings.size));
    object.insert(QStringLiteral("dpi"), settings.size.dpi);
    if (!settings.curves.singleLabel.isEmpty())
        object.insert(QStringLiteral("singleLabel"), settings.curves.singleLabel);
    return object;
}

FigureSettings figureSettingsFromJson(
    const QJsonObject &object, const QString &source, const FigureSettings &defaults)
{
    const SettingsReader reader(object, source);
    reader.rejectUnknownKeys();

    FigureSettings settings = defaults;
    FigureStyle &style = settings.style;
    reader.read("title", style.title);
    reader.read("xLabel", style.xLabel);
    reader.read("yLabel", style.yLabel);
    reader.read("logY", style.logY);
    reader.readChoice("legend", style.legend, legendPositionFromName,
        QStringLiteral("top, bottom, left, right or none"));
    reader.readFontPoints(style.fontPoints);
    reader.read("printTheme", style.printTheme);
    reader.read("spikes", style.showSpikes);
    reader.read("causeLabels", style.showCauseLabels);
    reader.readChoice("center", settings.curves.center, centerFromName,
        QStringLiteral("mean or median"));
    reader.readChoice("band", settings.curves.band, bandFromName,
        QStringLiteral("minmax, std or none"));
    reader.readSize(settings.size);
    reader.readDpi(settings.size.dpi);
    reader.read("singleLabel", settings.curves.singleLabel);
    return settings;
}

} // namespace initlab
