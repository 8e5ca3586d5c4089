#include "clicommon.h"

#include "comparisonjson.h"
#include "configfile.h"
#include "presets.h"
#include "runconfigkeys.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>

#include <cstdio>

namespace cli {

void printOut(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
}

void printError(const QString &message)
{
    const QString line = QStringLiteral("initlab-cli: error: ") + message + QLatin1Char('\n');
    std::fputs(line.toLocal8Bit().constData(), stderr);
}

void printWarning(const QString &message)
{
    const QString line = QStringLiteral("initlab-cli: warning: ") + message + QLatin1Char('\n');
    std::fputs(line.toLocal8Bit().constData(), stderr);
}

QString errorText(const std::exception &error)
{
    return QString::fromStdString(error.what());
}

bool parseCommand(QCommandLineParser &parser, const QString &command, const QStringList &arguments,
                  bool acceptPositional)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(QStringList{QStringLiteral("initlab-cli")} + arguments)) {
        // QCommandLineParser's messages are sentences ("Unknown option 'x'."); fit them into ours.
        QString text = parser.errorText();
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
        if (!text.isEmpty())
            text[0] = text[0].toLower();
        // A mistyped option gets the nearest known one. QCommandLineParser does not list its
        // options, but its help text names every one of them as --name.
        const QStringList unknown = parser.unknownOptionNames();
        if (!unknown.isEmpty()) {
            static const QRegularExpression optionName(QStringLiteral("--([a-z][a-z-]*)"));
            QStringList known;
            for (const QRegularExpressionMatch &match : optionName.globalMatch(parser.helpText()))
                known.append(match.captured(1));
            const QString nearest =
                initlab::runconfigkeys::nearestName(unknown.constFirst(), known);
            if (!nearest.isEmpty())
                text += QStringLiteral(" (did you mean --%1?)").arg(nearest);
        }
        throw UsageError(text + QStringLiteral("; see 'initlab-cli %1 --help'").arg(command));
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
        // The first line names the program as started; name the command instead, keeping what
        // follows (options and positional arguments).
        const qsizetype options = text.indexOf(QStringLiteral(" [options]"));
        const qsizetype tail = options >= 0 && options < lineEnd ? options : lineEnd;
        text.replace(0, tail, QStringLiteral("Usage: initlab-cli %1").arg(command));
        printOut(text);
        return false;
    }
    if (!acceptPositional && !parser.positionalArguments().isEmpty())
        throw UsageError(QStringLiteral("unexpected argument \"%1\"; see 'initlab-cli %2 --help'")
                             .arg(parser.positionalArguments().constFirst(), command));
    return true;
}

std::unique_ptr<OutputFile> openOutput(const QString &path, const QString &option)
{
    if (path.isEmpty())
        return nullptr;
    const QFileInfo info(path);
    if (info.isDir()) {
        throw UsageError(QStringLiteral("cannot write %1 file \"%2\": it is a directory; choose a "
                                        "file path")
                             .arg(option, path));
    }
    auto output = std::make_unique<OutputFile>();
    output->path = path;
    if (info.exists() && !info.isFile())
        output->device = std::make_unique<QFile>(path);
    else
        output->device = std::make_unique<QSaveFile>(path);
    if (!output->device->open(QIODevice::WriteOnly)) {
        throw UsageError(QStringLiteral("cannot write %1 file \"%2\": %3; choose a writable path")
                             .arg(option, path, output->device->errorString()));
    }
    return output;
}

bool finishOutput(OutputFile &output, bool written)
{
    if (auto *saveFile = qobject_cast<QSaveFile *>(output.device.get())) {
        // A short write, as at a file size limit, sets no error on the QSaveFile, so commit()
        // would rename the truncated file over the target unless writing is cancelled first.
        // flush() reports a failed write of the buffered rest, which commit() would not.
        if (!written || !saveFile->flush())
            saveFile->cancelWriting();
        return saveFile->commit() && written;
    }
    output.device->close();
    return output.device->error() == QFileDevice::NoError && written;
}

bool writeOutput(OutputFile &output, const QByteArray &content)
{
    const bool written = output.device->write(content) == content.size();
    return finishOutput(output, written);
}

LoadedConfig loadConfig(const QString &presetName, const QString &configPath,
                        const QStringList &overrides)
{
    LoadedConfig loaded;
    QJsonObject json;
    if (!configPath.isEmpty()) {
        const QByteArray content = initlab::readConfigFile(configPath);
        loaded.source = configPath;
        loaded.configPath = configPath;
        loaded.baseDirectory = QFileInfo(configPath).absolutePath();
        json = initlab::parseJsonObject(content, loaded.source);
        if (initlab::isComparisonDocument(json)) {
            // Validates the document as written, so that a problem is blamed on the file.
            initlab::comparisonDocumentFromJson(json, loaded.source);
            loaded.document = json;
            json = json.value(QStringLiteral("base")).toObject();
            loaded.source = QStringLiteral("%1, in \"base\"").arg(configPath);
        } else {
            // Validates the file as written, before any override changes it.
            initlab::runConfigFromJson(json, loaded.source);
        }
    } else {
        const QString name = presetName.isEmpty() ? QStringLiteral("default") : presetName;
        json = initlab::presetJson(name);
        loaded.source = QStringLiteral("preset %1").arg(name);
        loaded.baseDirectory = QDir::currentPath();
    }

    for (const QString &assignment : overrides) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            throw UsageError(QStringLiteral("--set expects KEY=VALUE, got \"%1\"; for example "
                                            "--set training.learningRate=0.5")
                                 .arg(assignment));
        }
        const QString key = assignment.left(equals).trimmed();
        QString value = assignment.mid(equals + 1).trimmed();
        // A path given on the command line is relative to the current directory.
        if (key == QStringLiteral("dataset.path") && !value.isEmpty())
            value = QFileInfo(value).absoluteFilePath();
        initlab::applyOverride(json, key, value);
    }

    // After overrides, a problem may come from a --set value rather than from the file.
    if (!overrides.isEmpty())
        loaded.source += QStringLiteral(" with --set overrides");
    loaded.config = initlab::runConfigFromJson(json, loaded.source);
    if (!loaded.document.isEmpty())
        loaded.document.insert(QStringLiteral("base"), json);
    return loaded;
}

void checkOutputPaths(const QList<std::pair<QString, QString>> &outputs, const LoadedConfig &loaded)
{
    QStringList inputs;
    if (!loaded.configPath.isEmpty())
        inputs.append(QFileInfo(loaded.configPath).absoluteFilePath());
    if (loaded.config.dataset.kind == initlab::DatasetKind::Csv) {
        inputs.append(QFileInfo(QDir(loaded.baseDirectory), loaded.config.dataset.path)
                          .absoluteFilePath());
    }
    QList<std::pair<QString, QString>> seen;
    for (const auto &[option, path] : outputs) {
        if (path.isEmpty())
            continue;
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (inputs.contains(absolute)) {
            throw UsageError(QStringLiteral("%1 \"%2\" is an input of this run and would be "
                                            "overwritten; choose another path")
                                 .arg(option, path));
        }
        for (const auto &[otherOption, otherPath] : std::as_const(seen)) {
            if (otherPath == absolute) {
                throw UsageError(QStringLiteral("%1 and %2 name the same file \"%3\"; give each "
                                                "its own path")
                                     .arg(otherOption, option, path));
            }
        }
        seen.append({option, absolute});
    }
}

double numberOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    bool ok = false;
    const double value = QLocale::c().toDouble(parser.value(option), &ok);
    if (!ok) {
        throw UsageError(QStringLiteral("--%1 expects a number, got \"%2\"")
                             .arg(option.names().constFirst(), parser.value(option)));
    }
    return value;
}

int integerOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    bool ok = false;
    const int value = QLocale::c().toInt(parser.value(option), &ok);
    if (!ok) {
        throw UsageError(QStringLiteral("--%1 expects a whole number, got \"%2\"")
                             .arg(option.names().constFirst(), parser.value(option)));
    }
    return value;
}

QString alignedTable(const QList<QStringList> &rows, bool firstColumnLeft)
{
    std::vector<qsizetype> widths;
    for (const QStringList &row : rows) {
        widths.resize(std::max(widths.size(), std::size_t(row.size())), 0);
        for (qsizetype column = 0; column < row.size(); ++column)
            widths[std::size_t(column)] = std::max(widths[std::size_t(column)], row[column].size());
    }
    QString table;
    for (const QStringList &row : rows) {
        QStringList cells;
        for (qsizetype column = 0; column < row.size(); ++column) {
            const qsizetype width = widths[std::size_t(column)];
            cells.append(column == 0 && firstColumnLeft ? row[column].leftJustified(width)
                                                        : row[column].rightJustified(width));
        }
        table += cells.join(QStringLiteral("  ")) + QLatin1Char('\n');
    }
    return table;
}

QString formatLoss(double value)
{
    return QString::number(value, 'g', 4);
}

QString spikeTable(const std::vector<initlab::SpikeReport> &reports)
{
    QString table = QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                        .arg(QStringLiteral("start"), 9)
                        .arg(QStringLiteral("peak"), 9)
                        .arg(QStringLiteral("end"), 9)
                        .arg(QStringLiteral("baseline"), 11)
                        .arg(QStringLiteral("peak loss"), 11)
                        .arg(QStringLiteral("ratio"), 9)
                        .arg(QStringLiteral("cause"));
    for (const initlab::SpikeReport &report : reports) {
        const initlab::SpikeEvent &event = report.event;
        table += QStringLiteral("%1 %2 %3 %4 %5 %6  %7: %8\n")
                     .arg(event.start, 9)
                     .arg(event.peak, 9)
                     .arg(event.end, 9)
                     .arg(formatLoss(event.baseline), 11)
                     .arg(formatLoss(event.peakLoss), 11)
                     .arg(event.divergence ? QStringLiteral("diverged")
                                           : formatLoss(event.ratio) + QLatin1Char('x'),
                          9)
                     .arg(initlab::toString(report.diagnosis.cause),
                          event.levelShift ? QStringLiteral("level shift: the loss stayed at the "
                                                            "new level for a whole window.")
                          : report.measurements.available || event.divergence
                              ? report.diagnosis.explanation
                              : QStringLiteral("no measurements in a log."));
    }
    return table;
}

} // namespace cli
