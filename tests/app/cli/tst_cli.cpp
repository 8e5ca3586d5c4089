// initlab-cli end to end, through QProcess: output files, exit statuses and error messages.

#include "../../largefile.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <cmath>
#include <csignal>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result runCli(const QStringList &arguments, const QString &workingDirectory = QString())
{
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    // No command may need a display server or a Qt platform chosen by the caller.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(INITLAB_CLI_PATH), arguments);
    Result result;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("initlab-cli did not finish within 120 s");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QList<QByteArray> readLines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = file.readAll().split('\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();
    return lines;
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

// Arguments of a figure run small enough for a test: 200 iterations of the default preset.
QStringList figureArguments(const QStringList &options)
{
    return QStringList{QStringLiteral("figure"), QStringLiteral("--set"),
                       QStringLiteral("training.iterations=200")}
        + options;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

// Every error is one line on stderr starting with the program's prefix.
bool isOneErrorLine(const QString &err)
{
    return err.startsWith(QStringLiteral("initlab-cli: error: ")) && err.count(QLatin1Char('\n')) == 1;
}

// Returns the text of every <text> element of an SVG, trimmed.
QStringList svgTexts(const QByteArray &svg)
{
    QStringList texts;
    QXmlStreamReader reader(svg);
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == QLatin1String("text"))
            texts.append(reader.readElementText(QXmlStreamReader::IncludeChildElements).trimmed());
    }
    return texts;
}

// Returns the size in points of the text element whose content is text: QSvgGenerator writes
// its font-size in layout units and scales the group around it with a matrix(a,b,c,d,e,f)
// transform. Returns -1 when the text is not found.
double svgTextPoints(const QByteArray &svg, const QByteArray &text)
{
    const qsizetype end = svg.indexOf(">" + text + "</text>");
    if (end < 0)
        return -1;
    const QByteArray before = svg.left(end);
    static const QRegularExpression fontSize(QStringLiteral("font-size=\"([\\d.]+)\""));
    static const QRegularExpression scale(QStringLiteral("transform=\"matrix\\(([-\\d.e]+),"));
    QRegularExpressionMatch sizeMatch;
    QRegularExpressionMatch scaleMatch;
    const QString content = QString::fromUtf8(before);
    if (content.lastIndexOf(fontSize, -1, &sizeMatch) < 0
        || content.lastIndexOf(scale, -1, &scaleMatch) < 0)
        return -1;
    return sizeMatch.captured(1).toDouble() * scaleMatch.captured(1).toDouble();
}

// Whether two PNG files hold the same pixels; their bytes may differ in metadata.
bool samePixels(const QString &first, const QString &second)
{
    const QImage a = QImage(first).convertToFormat(QImage::Format_ARGB32);
    const QImage b = QImage(second).convertToFormat(QImage::Format_ARGB32);
    return !a.isNull() && a == b;
}

// Names of the entries of a folder, sorted.
QStringList folderEntries(const QString &path)
{
    return QDir(path).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

// Returns the bytes written so far to the open file of process pid that lies in folder, or -1
// when it has none open. Reads /proc, so it works on Linux only.
qint64 writtenToFileIn(qint64 pid, const QString &folder)
{
    const QString fdFolder = QStringLiteral("/proc/%1/fd").arg(pid);
    const QFileInfoList links = QDir(fdFolder).entryInfoList(QDir::Files | QDir::System);
    for (const QFileInfo &link : links) {
        if (!link.symLinkTarget().startsWith(folder + QLatin1Char('/')))
            continue;
        QFile info(QStringLiteral("/proc/%1/fdinfo/%2").arg(pid).arg(link.fileName()));
        if (!info.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : info.readAll().split('\n')) {
            if (line.startsWith("pos:"))
                return line.mid(4).trimmed().toLongLong();
        }
    }
    return -1;
}

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void trainDefaultWritesFiles();
    void overridesChangeTheRun();
    void savedConfigReproducesTheRun();
    void trainFromCsvData();
    void invalidInput_data();
    void invalidInput();
    void unwritableOutputLeavesNoFile();
    void outputsDoNotClash();
    void deviceOutputStaysDevice();
    void divergedRunSucceeds();
    void trainReportsSpikes();
    void spikesInImportedLogs();
    void presetsAreListed();
    void helpAndVersion();
    void figurePngHasRequestedSize();
    void figureSvgContainsTitle();
    void figureDefaultTitle_data();
    void figureDefaultTitle();
    void figureFileTitleFollowsTheRuns();
    void figureWarnsOfShortenedText();
    void propagatePrintsAndWritesTable();
    void propagateRejectsBadInput_data();
    void propagateRejectsBadInput();
    void figureComparisonIsReproducible();
    void figureInvalidInput_data();
    void figureInvalidInput();
    void figureStyleOptionsInSvg_data();
    void figureStyleOptionsInSvg();
    void figureFontSizeScalesText();
    void figureCauseLabelsInSvg();
    void figureOptionChangesPixels_data();
    void figureOptionChangesPixels();
    void figurePdfPageSize();
    void figureSummaryTable();
    void figureFileRegeneratesFigure();
    void figureFileOptionsOverride();
    void figurePlainConfigAccepted();
    void figureInvalidFile_data();
    void figureInvalidFile();
    void trainRejectsFigureFile();

    // Faults: bad input changes nothing, training faults end as results, writes are atomic.
    void inputFaultsChangeNothing_data();
    void inputFaultsChangeNothing();
    void unwritableFolderChangesNothing();
    void failedWriteKeepsTarget_data();
    void failedWriteKeepsTarget();
    void killedWriteKeepsTarget_data();
    void killedWriteKeepsTarget();
    void trainingFaults_data();
    void trainingFaults();
    void oneSampleCsvTrains();

private:
    QTemporaryDir m_dir;
};

void tst_Cli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(QFile::exists(QStringLiteral(INITLAB_CLI_PATH)), INITLAB_CLI_PATH);
}

void tst_Cli::trainDefaultWritesFiles()
{
    const QString csv = m_dir.filePath(QStringLiteral("history.csv"));
    const QString weights = m_dir.filePath(QStringLiteral("weights.json"));
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--csv"), csv,
                                  QStringLiteral("--weights"), weights});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    QVERIFY(result.out.contains(QStringLiteral("10000 iterations")));
    QVERIFY(result.out.contains(QStringLiteral("did not diverge")));

    const QList<QByteArray> lines = readLines(csv);
    QCOMPARE(lines.size(), 10002); // header, row 0, 10000 updates
    QVERIFY(lines[0].startsWith("iteration,mse,batch_mse,grad_norm,learning_rate,"));
    QVERIFY(lines[1].startsWith("0,"));
    QVERIFY(lines[10001].startsWith("10000,"));
    const QList<QByteArray> first = lines[1].split(',');
    const QList<QByteArray> last = lines[10001].split(',');
    QVERIFY(first[2].isEmpty()); // row 0 has no batch
    QCOMPARE(last[4], QByteArray("0.1"));
    QVERIFY(last[1].toDouble() < 0.1 * first[1].toDouble());

    const QJsonObject json = readJson(weights);
    const QJsonArray initial = json.value(QStringLiteral("initial")).toObject()
                                   .value(QStringLiteral("layers")).toArray();
    const QJsonArray final = json.value(QStringLiteral("final")).toObject()
                                 .value(QStringLiteral("layers")).toArray();
    QCOMPARE(initial.size(), 2);
    QCOMPARE(final.size(), 2);
    // Layer 1 is 4 units x 1 input, layer 2 is 1 unit x 4 inputs.
    const QJsonArray hiddenWeights = initial[0].toObject().value(QStringLiteral("weights")).toArray();
    QCOMPARE(hiddenWeights.size(), 4);
    QCOMPARE(hiddenWeights[0].toArray().size(), 1);
    const QJsonArray outputWeights = final[1].toObject().value(QStringLiteral("weights")).toArray();
    QCOMPARE(outputWeights.size(), 1);
    QCOMPARE(outputWeights[0].toArray().size(), 4);
    QCOMPARE(final[0].toObject().value(QStringLiteral("bias")).toArray().size(), 4);
    QVERIFY(initial[0] != final[0]);
}

void tst_Cli::overridesChangeTheRun()
{
    const QString csv = m_dir.filePath(QStringLiteral("override.csv"));
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--quiet"),
                                  QStringLiteral("--set"), QStringLiteral("training.iterations=50"),
                                  QStringLiteral("--set"), QStringLiteral("network.hidden=8,8"),
                                  QStringLiteral("--set"), QStringLiteral("dataset.testFraction=0.25"),
                                  QStringLiteral("--csv"), csv});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
    const QList<QByteArray> lines = readLines(csv);
    QCOMPARE(lines.size(), 52);
    QCOMPARE(lines[0], QByteArray("iteration,mse,batch_mse,grad_norm,learning_rate,update_ratio,"
                                  "test_mse,non_finite,spike,grad_norm_layer1,grad_norm_layer2,"
                                  "grad_norm_layer3"));
}

void tst_Cli::savedConfigReproducesTheRun()
{
    const QString config = m_dir.filePath(QStringLiteral("saved.json"));
    const QString first = m_dir.filePath(QStringLiteral("first.csv"));
    const QString second = m_dir.filePath(QStringLiteral("second.csv"));
    Result result = runCli({QStringLiteral("train"), QStringLiteral("--quiet"),
                            QStringLiteral("--set"), QStringLiteral("training.iterations=300"),
                            QStringLiteral("--set"), QStringLiteral("training.optimizer=adam"),
                            QStringLiteral("--set"), QStringLiteral("training.batchSize=16"),
                            QStringLiteral("--set"), QStringLiteral("dataset.noise=0.1"),
                            QStringLiteral("--save-config"), config, QStringLiteral("--csv"), first});
    QCOMPARE(result.exitCode, 0);
    result = runCli({QStringLiteral("train"), QStringLiteral("--quiet"), QStringLiteral("--config"),
                     config, QStringLiteral("--csv"), second});
    QCOMPARE(result.exitCode, 0);
    const QList<QByteArray> a = readLines(first);
    QCOMPARE(a.size(), 302);
    QCOMPARE(a, readLines(second));
}

void tst_Cli::trainFromCsvData()
{
    QByteArray content = "x1;x2;y\n";
    for (int i = 0; i < 40; ++i) {
        const double x1 = i * 0.1;
        const double x2 = 1.0 - i * 0.05;
        content += QByteArray::number(x1).replace('.', ',') + ';'
            + QByteArray::number(x2).replace('.', ',') + ';'
            + QByteArray::number(2 * x1 - x2).replace('.', ',') + '\n';
    }
    const QString data = m_dir.filePath(QStringLiteral("data.csv"));
    QVERIFY(writeFile(data, content));
    const QString csv = m_dir.filePath(QStringLiteral("csvrun.csv"));
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--set"),
                                  QStringLiteral("dataset.kind=csv"), QStringLiteral("--set"),
                                  QStringLiteral("dataset.path=data.csv"), QStringLiteral("--set"),
                                  QStringLiteral("training.iterations=500"), QStringLiteral("--csv"),
                                  csv},
                                 m_dir.path());
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    const QList<QByteArray> lines = readLines(csv);
    QCOMPARE(lines.size(), 502);
    QVERIFY(lines[501].split(',')[1].toDouble() < 0.05);
}

void tst_Cli::invalidInput_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("configFile");
    QTest::addColumn<QStringList>("messageParts");

    const QString config = QStringLiteral("CONFIG");
    QTest::newRow("no command") << QStringList{} << QByteArray() << QStringList{};
    QTest::newRow("unknown command") << QStringList{QStringLiteral("fit")} << QByteArray()
                                     << QStringList{QStringLiteral("\"fit\"")};
    QTest::newRow("unknown option") << QStringList{QStringLiteral("train"), QStringLiteral("--fast")}
                                    << QByteArray() << QStringList{QStringLiteral("fast")};
    QTest::newRow("unknown preset")
        << QStringList{QStringLiteral("train"), QStringLiteral("--preset"), QStringLiteral("nope")}
        << QByteArray() << QStringList{QStringLiteral("nope"), QStringLiteral("default")};
    QTest::newRow("preset and config")
        << QStringList{QStringLiteral("train"), QStringLiteral("--preset"), QStringLiteral("default"),
                       QStringLiteral("--config"), config}
        << QByteArray("{}") << QStringList{QStringLiteral("--preset"), QStringLiteral("--config")};
    QTest::newRow("set without equals")
        << QStringList{QStringLiteral("train"), QStringLiteral("--set"), QStringLiteral("seed")}
        << QByteArray() << QStringList{QStringLiteral("KEY=VALUE"), QStringLiteral("\"seed\"")};
    QTest::newRow("set unknown key")
        << QStringList{QStringLiteral("train"), QStringLiteral("--set"),
                       QStringLiteral("training.learningrate=0.5")}
        << QByteArray() << QStringList{QStringLiteral("training.learningrate")};
    QTest::newRow("set value out of range")
        << QStringList{QStringLiteral("train"), QStringLiteral("--set"),
                       QStringLiteral("training.learningRate=-1")}
        << QByteArray() << QStringList{QStringLiteral("training.learningRate"), QStringLiteral("-1")};
    QTest::newRow("missing config file")
        << QStringList{QStringLiteral("train"), QStringLiteral("--config"),
                       QStringLiteral("/nonexistent/run.json")}
        << QByteArray() << QStringList{QStringLiteral("/nonexistent/run.json")};
    QTest::newRow("config syntax error")
        << QStringList{QStringLiteral("train"), QStringLiteral("--config"), config}
        << QByteArray("{\n  \"seed\": 1,\n  \"training\": {\"iterations\": }\n}\n")
        << QStringList{QStringLiteral("line 3")};
    QTest::newRow("config wrong type")
        << QStringList{QStringLiteral("train"), QStringLiteral("--config"), config}
        << QByteArray("{\"network\": {\"hidden\": \"four\"}}")
        << QStringList{QStringLiteral("network.hidden")};
    QTest::newRow("missing csv data")
        << QStringList{QStringLiteral("train"), QStringLiteral("--set"), QStringLiteral("dataset.kind=csv"),
                       QStringLiteral("--set"), QStringLiteral("dataset.path=/nonexistent/data.csv")}
        << QByteArray() << QStringList{QStringLiteral("/nonexistent/data.csv")};
    QTest::newRow("preset twice")
        << QStringList{QStringLiteral("train"), QStringLiteral("--preset"), QStringLiteral("default"),
                       QStringLiteral("--preset"), QStringLiteral("four-neuron-spikes")}
        << QByteArray() << QStringList{QStringLiteral("--preset was given 2 times")};
    QTest::newRow("unknown option wording")
        << QStringList{QStringLiteral("train"), QStringLiteral("--bogus")} << QByteArray()
        << QStringList{QStringLiteral("error: unknown option 'bogus'; see 'initlab-cli train --help'")};
    QTest::newRow("override blamed on --set")
        << QStringList{QStringLiteral("train"), QStringLiteral("--config"), config,
                       QStringLiteral("--set"), QStringLiteral("training.learningRate=-1")}
        << QByteArray("{}") << QStringList{QStringLiteral("with --set overrides")};
    QTest::newRow("empty config file")
        << QStringList{QStringLiteral("train"), QStringLiteral("--config"), config}
        << QByteArray("  \n") << QStringList{QStringLiteral("is empty")};
    QTest::newRow("seed beyond 2^53")
        << QStringList{QStringLiteral("train"), QStringLiteral("--set"),
                       QStringLiteral("seed=9007199254740992")}
        << QByteArray() << QStringList{QStringLiteral("seed"), QStringLiteral("9007199254740991")};
    QTest::newRow("positional argument")
        << QStringList{QStringLiteral("train"), QStringLiteral("extra")} << QByteArray()
        << QStringList{QStringLiteral("\"extra\"")};
}

void tst_Cli::invalidInput()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, configFile);
    QFETCH(QStringList, messageParts);

    const QString configPath = m_dir.filePath(QStringLiteral("invalid.json"));
    if (!configFile.isNull())
        QVERIFY(writeFile(configPath, configFile));
    arguments.replaceInStrings(QStringLiteral("CONFIG"), configPath);
    arguments.append({QStringLiteral("--csv"), m_dir.filePath(QStringLiteral("never.csv"))});
    if (arguments.size() == 2) // "no command": nothing but the output option
        arguments.clear();

    const Result result = runCli(arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    if (arguments.isEmpty()) {
        QVERIFY(result.err.contains(QStringLiteral("Usage:")));
        return;
    }
    QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
    for (const QString &part : std::as_const(messageParts))
        QVERIFY2(result.err.contains(part), qPrintable(result.err));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("never.csv"))));
}

void tst_Cli::unwritableOutputLeavesNoFile()
{
    const QString target = m_dir.filePath(QStringLiteral("missing-folder/history.csv"));
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--csv"), target});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
    QVERIFY(result.err.contains(target));
    QVERIFY(!QFile::exists(target));

    const Result directory = runCli({QStringLiteral("train"), QStringLiteral("--weights"),
                                     m_dir.path()});
    QCOMPARE(directory.exitCode, 2);
    QVERIFY(directory.err.contains(QStringLiteral("directory")));
}

void tst_Cli::outputsDoNotClash()
{
    const QString same = m_dir.filePath(QStringLiteral("same.out"));
    Result result = runCli({QStringLiteral("train"), QStringLiteral("--csv"), same,
                            QStringLiteral("--weights"), same});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("--csv and --weights name the same file")),
             qPrintable(result.err));
    QVERIFY(!QFile::exists(same));

    const QString data = m_dir.filePath(QStringLiteral("victim.csv"));
    QVERIFY(writeFile(data, "x,y\n1,2\n2,4\n3,6\n4,8\n"));
    result = runCli({QStringLiteral("train"), QStringLiteral("--set"), QStringLiteral("dataset.kind=csv"),
                     QStringLiteral("--set"), QStringLiteral("dataset.path=") + data,
                     QStringLiteral("--csv"), data});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("is an input of this run")), qPrintable(result.err));
    QFile file(data);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray("x,y\n1,2\n2,4\n3,6\n4,8\n"));
}

// Writing to an existing device node must not replace it with a regular file. The node is a
// null device made in the test's own folder, which needs root.
void tst_Cli::deviceOutputStaysDevice()
{
    const QString node = m_dir.filePath(QStringLiteral("null-device"));
    if (::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0666, makedev(1, 3)) != 0)
        QSKIP("creating a device node needs root");
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--quiet"),
                                  QStringLiteral("--set"), QStringLiteral("training.iterations=5"),
                                  QStringLiteral("--csv"), node});
    QCOMPARE(result.exitCode, 0);
    struct stat status = {};
    QCOMPARE(::stat(QFile::encodeName(node).constData(), &status), 0);
    QVERIFY(S_ISCHR(status.st_mode));
}

void tst_Cli::divergedRunSucceeds()
{
    const QString csv = m_dir.filePath(QStringLiteral("diverged.csv"));
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--set"),
                                  QStringLiteral("network.activation=relu"), QStringLiteral("--set"),
                                  QStringLiteral("training.learningRate=100"),
                                  QStringLiteral("--csv"), csv});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QStringLiteral("diverged at iteration")), qPrintable(result.out));
    const QList<QByteArray> lines = readLines(csv);
    QVERIFY(lines.size() > 2);
    QVERIFY(lines.size() < 10002);
    const QList<QByteArray> last = lines.constLast().split(',');
    QVERIFY(last[1] == "nan" || last[1] == "inf");

    // The divergence event keeps its infinite or NaN values as text in the JSON.
    const QString spikes = m_dir.filePath(QStringLiteral("diverged.json"));
    const Result again = runCli({QStringLiteral("train"), QStringLiteral("--quiet"),
                                 QStringLiteral("--preset"), QStringLiteral("numerical-instability"),
                                 QStringLiteral("--spikes"), spikes});
    QCOMPARE(again.exitCode, 0);
    QFile file(spikes);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject event = QJsonDocument::fromJson(file.readAll()).array().last().toObject();
    QVERIFY(event.value(QStringLiteral("divergence")).toBool());
    QCOMPARE(event.value(QStringLiteral("cause")).toString(), QStringLiteral("numerical_instability"));
    const QString peak = event.value(QStringLiteral("peak_loss")).toString();
    QVERIFY2(peak == QStringLiteral("inf") || peak == QStringLiteral("nan"), qPrintable(peak));
    QCOMPARE(last[6], QByteArray("1")); // non_finite
    QCOMPARE(last[7], QByteArray("1")); // spike: a divergence is an event
}

void tst_Cli::trainReportsSpikes()
{
    const QString csv = m_dir.filePath(QStringLiteral("spiky.csv"));
    const QString spikes = m_dir.filePath(QStringLiteral("spiky.json"));
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--preset"),
                                  QStringLiteral("four-neuron-spikes"), QStringLiteral("--csv"), csv,
                                  QStringLiteral("--spikes"), spikes});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QStringLiteral("learning_rate_too_high")), qPrintable(result.out));

    QFile file(spikes);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray events = QJsonDocument::fromJson(file.readAll()).array();
    QVERIFY(events.size() >= 2);
    const QList<QByteArray> lines = readLines(csv);
    for (const QJsonValue &value : events) {
        const QJsonObject event = value.toObject();
        for (const char *key : {"start", "peak", "end", "baseline", "peak_loss", "ratio", "cause",
                                "explanation", "measurements"})
            QVERIFY2(event.contains(QLatin1String(key)), key);
        const int start = event.value(QStringLiteral("start")).toInt();
        const int end = event.value(QStringLiteral("end")).toInt();
        QVERIFY(start < end);
        QVERIFY(event.value(QStringLiteral("ratio")).toDouble() >= 2.0);
        QVERIFY(!event.value(QStringLiteral("explanation")).toString().isEmpty());
        // The history marks the event's rows, from its start up to its end.
        QCOMPARE(lines[start + 1].split(',')[7], QByteArray("1"));
        QCOMPARE(lines[end - 1 + 1].split(',')[7], QByteArray("1"));
        QCOMPARE(lines[end + 1].split(',')[7], QByteArray("0"));
        QCOMPARE(lines[start].split(',')[7], QByteArray("0"));
    }

    // The same detector over the written history finds the same events, without a cause.
    const QString imported = m_dir.filePath(QStringLiteral("spiky-imported.json"));
    const Result again = runCli({QStringLiteral("spikes"), csv, QStringLiteral("--json"), imported});
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.out.contains(QStringLiteral("(initlab format)")), qPrintable(again.out));
    QFile importedFile(imported);
    QVERIFY(importedFile.open(QIODevice::ReadOnly));
    const QJsonArray importedEvents = QJsonDocument::fromJson(importedFile.readAll()).array();
    QCOMPARE(importedEvents.size(), events.size());
    for (qsizetype i = 0; i < events.size(); ++i) {
        const QJsonObject live = events[i].toObject();
        const QJsonObject read = importedEvents[i].toObject();
        for (const char *key : {"start", "peak", "end"})
            QCOMPARE(read.value(QLatin1String(key)).toInt(), live.value(QLatin1String(key)).toInt());
        QCOMPARE(read.value(QStringLiteral("cause")).toString(), QStringLiteral("unknown"));
    }
}

void tst_Cli::spikesInImportedLogs()
{
    // A Keras CSVLogger log with one jump and a TensorBoard export with a NaN.
    QByteArray keras = "epoch,loss,val_loss\n";
    for (int epoch = 0; epoch < 300; ++epoch) {
        const double loss = epoch == 200 ? 0.5 : 0.01 * (1.0 + 0.01 * (epoch % 3));
        keras += QByteArray::number(epoch) + ',' + QByteArray::number(loss) + ",0.02\n";
    }
    const QString kerasPath = m_dir.filePath(QStringLiteral("keras.csv"));
    QVERIFY(writeFile(kerasPath, keras));
    const QString json = m_dir.filePath(QStringLiteral("keras-spikes.json"));
    Result result = runCli({QStringLiteral("spikes"), kerasPath, QStringLiteral("--json"), json});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QStringLiteral("column \"loss\" (keras format)")),
             qPrintable(result.out));
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray events = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events[0].toObject().value(QStringLiteral("start")).toInt(), 200);
    QCOMPARE(events[0].toObject().value(QStringLiteral("cause")).toString(), QStringLiteral("unknown"));
    QVERIFY(events[0].toObject().value(QStringLiteral("explanation")).toString()
                .contains(QStringLiteral("No training measurements")));

    QByteArray tensorboard = "Wall time,Step,Value\n";
    for (int step = 0; step < 100; ++step) {
        tensorboard += "1600000000.5," + QByteArray::number(step * 10) + ','
            + (step == 80 ? QByteArray("NaN") : QByteArray::number(1.0 / (step + 1))) + '\n';
    }
    const QString tbPath = m_dir.filePath(QStringLiteral("tb.csv"));
    QVERIFY(writeFile(tbPath, tensorboard));
    result = runCli({QStringLiteral("spikes"), tbPath});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QStringLiteral("diverged")), qPrintable(result.out));
    QVERIFY(result.out.contains(QStringLiteral("800")));

    QVERIFY(writeFile(tbPath, "Wall time,Step,Value\n1,1,0.5\n2,2,abc\n"));
    result = runCli({QStringLiteral("spikes"), tbPath});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral(":3:")), qPrintable(result.err));
    QVERIFY(result.err.contains(QStringLiteral("abc")));

    // PyTorch Lightning's metrics.csv: training and validation rows alternate, so the loss column
    // is empty on every other row.
    QByteArray lightning = "epoch,step,train_loss,val_loss\n";
    for (int step = 0; step < 400; ++step) {
        const double loss = step == 300 ? 2.0 : 0.05;
        lightning += "0," + QByteArray::number(step) + ',' + QByteArray::number(loss) + ",\n";
        if (step % 50 == 49)
            lightning += "0," + QByteArray::number(step) + ",,0.06\n";
    }
    const QString lightningPath = m_dir.filePath(QStringLiteral("metrics.csv"));
    QVERIFY(writeFile(lightningPath, lightning));
    const QString lightningJson = m_dir.filePath(QStringLiteral("lightning.json"));
    result = runCli({QStringLiteral("spikes"), lightningPath, QStringLiteral("--json"),
                     lightningJson, QStringLiteral("--quiet")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
    QFile lightningFile(lightningJson);
    QVERIFY(lightningFile.open(QIODevice::ReadOnly));
    const QJsonArray lightningEvents = QJsonDocument::fromJson(lightningFile.readAll()).array();
    QCOMPARE(lightningEvents.size(), 1);
    QCOMPARE(lightningEvents[0].toObject().value(QStringLiteral("start")).toInt(), 300);
    QCOMPARE(lightningEvents[0].toObject().value(QStringLiteral("ratio")).toDouble(), 40.0);

    result = runCli({QStringLiteral("spikes")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains(QStringLiteral("missing LOG.csv")));

    result = runCli({QStringLiteral("spikes"), kerasPath, QStringLiteral("--column"),
                     QStringLiteral("accuracy")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("accuracy")), qPrintable(result.err));

    result = runCli({QStringLiteral("spikes"), kerasPath, QStringLiteral("--window"),
                     QStringLiteral("2")});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("spikes.window")), qPrintable(result.err));
}

void tst_Cli::presetsAreListed()
{
    const Result result = runCli({QStringLiteral("presets")});
    QCOMPARE(result.exitCode, 0);
    const QStringList lines = result.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY(lines.size() >= 2);
    QVERIFY(lines[0].startsWith(QStringLiteral("default ")));
    QVERIFY(result.out.contains(QStringLiteral("four-neuron-spikes ")));
    for (const QString &line : lines)
        QVERIFY2(line.simplified().split(QLatin1Char(' ')).size() > 3, qPrintable(line));
}

void tst_Cli::helpAndVersion()
{
    Result result = runCli({QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.contains(QStringLiteral("train")));
    QVERIFY(result.out.contains(QStringLiteral("  figure ")));
    result = runCli({QStringLiteral("train"), QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith(QStringLiteral("Usage: initlab-cli train [options]\n")));
    QVERIFY(result.out.contains(QStringLiteral("--set")));
    QVERIFY(result.out.contains(QStringLiteral("--csv")));
    result = runCli({QStringLiteral("--version")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith(QStringLiteral("initlab-cli ")));
    result = runCli({QStringLiteral("figure"), QStringLiteral("--help")});
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.startsWith(QStringLiteral("Usage: initlab-cli figure [options]\n")));
    QVERIFY(result.out.contains(QStringLiteral("--compare")));
    QVERIFY(result.out.contains(QStringLiteral("semicolons")));
}

void tst_Cli::figurePngHasRequestedSize()
{
    const QString png = m_dir.filePath(QStringLiteral("single.png"));
    const Result result = runCli(figureArguments(
        {QStringLiteral("--size"), QStringLiteral("800x500"), QStringLiteral("--font-size"),
         QStringLiteral("5"), QStringLiteral("--out"), png}));
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    QVERIFY2(result.out.endsWith(QStringLiteral("\nfigure: %1\n").arg(png)), qPrintable(result.out));

    const QImage image(png);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(800, 500));
    // 300 dpi is 11811 dots per metre.
    QCOMPARE(image.dotsPerMeterX(), 11811);
}

void tst_Cli::figureDefaultTitle_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("title");
    // The default preset's first clause is 99 characters long, too long for one line.
    QTest::newRow("long description") << QStringList {QStringLiteral("--preset"),
        QStringLiteral("default")} << QStringLiteral("default");
    QTest::newRow("short clause") << QStringList {QStringLiteral("--preset"),
        QStringLiteral("four-neuron-spikes")} << QStringLiteral("4 tanh units fit a sine with Adam");
    QTest::newRow("seeds") << QStringList {QStringLiteral("--preset"),
        QStringLiteral("default"), QStringLiteral("--seeds"), QStringLiteral("2")}
                           << QStringLiteral("default: mean over 2 seeds");
    QTest::newRow("compare") << QStringList {QStringLiteral("--compare"),
        QStringLiteral("init.weights=zeros,he_normal"), QStringLiteral("--seeds"),
        QStringLiteral("2")} << QStringLiteral("init.weights: mean over 2 seeds");
}

void tst_Cli::figureDefaultTitle()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, title);
    const QString svg = m_dir.filePath(QStringLiteral("default-title.svg"));
    const Result result = runCli(QStringList {QStringLiteral("figure"), QStringLiteral("-q"),
        QStringLiteral("--set"), QStringLiteral("training.iterations=50"), QStringLiteral("--out"),
        svg} + arguments);
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(readBytes(svg).contains("<title>" + title.toUtf8() + "</title>"),
        qPrintable(readBytes(svg).left(600)));
}

void tst_Cli::figureFileTitleFollowsTheRuns()
{
    const QString file = m_dir.filePath(QStringLiteral("auto-title.json"));
    const QString fixedFile = m_dir.filePath(QStringLiteral("fixed-title.json"));
    const QStringList compare {QStringLiteral("-q"), QStringLiteral("--compare"),
        QStringLiteral("init.weights=zeros,he_normal"), QStringLiteral("--seeds"),
        QStringLiteral("2")};
    QCOMPARE(runCli(figureArguments(compare + QStringList {QStringLiteral("--out"),
                 m_dir.filePath(QStringLiteral("auto.svg")), QStringLiteral("--save-config"),
                 file}))
                 .exitCode,
        0);
    QVERIFY(!readJson(file).value(QStringLiteral("figure")).toObject().contains(
        QStringLiteral("title")));
    QCOMPARE(runCli(figureArguments(compare + QStringList {QStringLiteral("--title"),
                 QStringLiteral("Fixed"), QStringLiteral("--out"),
                 m_dir.filePath(QStringLiteral("fixed.svg")), QStringLiteral("--save-config"),
                 fixedFile}))
                 .exitCode,
        0);

    // Regenerated with three seeds: the default title counts them, a given one stays.
    const QString again = m_dir.filePath(QStringLiteral("again.svg"));
    QCOMPARE(runCli({QStringLiteral("figure"), QStringLiteral("-q"), QStringLiteral("--config"),
                 file, QStringLiteral("--seeds"), QStringLiteral("3"), QStringLiteral("--out"),
                 again})
                 .exitCode,
        0);
    QVERIFY2(readBytes(again).contains("<title>init.weights: mean over 3 seeds</title>"),
        qPrintable(readBytes(again).left(600)));
    QCOMPARE(runCli({QStringLiteral("figure"), QStringLiteral("-q"), QStringLiteral("--config"),
                 fixedFile, QStringLiteral("--seeds"), QStringLiteral("3"),
                 QStringLiteral("--out"), again})
                 .exitCode,
        0);
    QVERIFY(readBytes(again).contains("<title>Fixed</title>"));
}

void tst_Cli::figureWarnsOfShortenedText()
{
    const QString svg = m_dir.filePath(QStringLiteral("cramped.svg"));
    const Result cramped = runCli(figureArguments({QStringLiteral("-q"), QStringLiteral("--compare"),
        QStringLiteral("init.weights=xavier_uniform,lecun_normal,orthogonal,pytorch_default"),
        QStringLiteral("--size"), QStringLiteral("8.5x6cm"), QStringLiteral("--font-size"),
        QStringLiteral("14"), QStringLiteral("--legend"), QStringLiteral("right"),
        QStringLiteral("--out"), svg}));
    // The figure is written all the same.
    QCOMPARE(cramped.exitCode, 0);
    QVERIFY(QFileInfo::exists(svg));
    QVERIFY2(cramped.err.startsWith(QStringLiteral("initlab-cli: warning: ")), qPrintable(cramped.err));
    for (const QString &fragment : {QStringLiteral("\"xavier_uniform\""),
             QStringLiteral("\"pytorch_default\""), QStringLiteral("did not fit in the figure"),
             QStringLiteral("--font-size (now 14)"), QStringLiteral("--size (now 8.5x6cm)")})
        QVERIFY2(cramped.err.contains(fragment), qPrintable(cramped.err));

    const Result roomy = runCli(figureArguments({QStringLiteral("-q"), QStringLiteral("--compare"),
        QStringLiteral("init.weights=xavier_uniform,lecun_normal"), QStringLiteral("--out"),
        m_dir.filePath(QStringLiteral("roomy.svg"))}));
    QCOMPARE(roomy.exitCode, 0);
    QVERIFY2(roomy.err.isEmpty(), qPrintable(roomy.err));
}

void tst_Cli::propagatePrintsAndWritesTable()
{
    const QString csv = m_dir.filePath(QStringLiteral("propagate.csv"));
    const Result result = runCli({QStringLiteral("propagate"), QStringLiteral("--layers"),
        QStringLiteral("3"), QStringLiteral("--width"), QStringLiteral("128"),
        QStringLiteral("--samples"), QStringLiteral("200"), QStringLiteral("--init"),
        QStringLiteral("he_normal"), QStringLiteral("--init"), QStringLiteral("normal:0.01"),
        QStringLiteral("--csv"), csv});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    const QStringList lines = result.out.split(QLatin1Char('\n'));
    QCOMPARE(lines.at(0), QStringLiteral("Standard deviation of the pre-activations of each layer:"));
    QVERIFY2(lines.at(1).simplified() == QStringLiteral("layer he_normal normal:0.01"),
        qPrintable(lines.at(1)));
    QVERIFY(result.out.contains(QStringLiteral("Standard deviation of the gradient")));

    const QList<QByteArray> rows = readBytes(csv).split('\n');
    QCOMPARE(rows.at(0), QByteArrayLiteral(
        "layer,he_normal_forward,he_normal_backward,normal:0.01_forward,normal:0.01_backward"));
    QCOMPARE(rows.size(), 5); // header, three layers, empty after the last newline
    // He keeps a ReLU layer's pre-activations near sqrt(2); 0.01 on 128 units shrinks them.
    const QList<QByteArray> first = rows.at(1).split(',');
    QCOMPARE(first.at(0), QByteArrayLiteral("1"));
    QVERIFY2(std::abs(first.at(1).toDouble() - std::sqrt(2.0)) < 0.15, first.at(1).constData());
    QVERIFY2(std::abs(first.at(3).toDouble() - std::sqrt(128.0) * 0.01) < 0.02,
        first.at(3).constData());
}

void tst_Cli::propagateRejectsBadInput_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown activation") << QStringList {"--activation", "swish"}
                                        << QStringLiteral("--activation \"swish\" is unknown");
    QTest::newRow("unknown initializer") << QStringList {"--init", "kaiming"}
                                         << QStringLiteral("unknown initializer \"kaiming\"");
    QTest::newRow("no layers") << QStringList {"--layers", "0"}
                               << QStringLiteral("--layers 0 is out of range; use 1 to 1000");
    QTest::newRow("too many samples") << QStringList {"--samples", "100001"}
                                      << QStringLiteral("--samples 100001 is out of range; use 2 to 100000");
    QTest::newRow("width not a number") << QStringList {"--width", "wide"}
                                        << QStringLiteral("--width");
}

void tst_Cli::propagateRejectsBadInput()
{
    QFETCH(QStringList, options);
    QFETCH(QString, message);
    const QString csv = m_dir.filePath(QStringLiteral("rejected.csv"));
    const Result result = runCli(QStringList {QStringLiteral("propagate"), QStringLiteral("--csv"),
        csv} + options);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(QStringLiteral("initlab-cli: error: ")), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
    QVERIFY(!QFileInfo::exists(csv));
}

void tst_Cli::figureSvgContainsTitle()
{
    const QString svg = m_dir.filePath(QStringLiteral("titled.svg"));
    const QString config = m_dir.filePath(QStringLiteral("figure-config.json"));
    const Result result = runCli(figureArguments(
        {QStringLiteral("--title"), QStringLiteral("Tiny loss curve"), QStringLiteral("--log-y"),
         QStringLiteral("--out"), svg, QStringLiteral("--save-config"), config}));
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));

    const QByteArray content = readBytes(svg);
    QVERIFY(content.startsWith("<?xml"));
    QVERIFY(content.contains("<svg"));
    QVERIFY(content.contains("Tiny loss curve"));
    // A single run is saved as a figure file without "compare".
    const QJsonObject saved = readJson(config);
    QCOMPARE(saved.value(QStringLiteral("base")).toObject().value(QStringLiteral("training"))
                 .toObject().value(QStringLiteral("iterations")).toInt(),
             200);
    QVERIFY(!saved.contains(QStringLiteral("compare")));
    QCOMPARE(saved.value(QStringLiteral("figure")).toObject().value(QStringLiteral("title"))
                 .toString(),
             QStringLiteral("Tiny loss curve"));
}

void tst_Cli::figureComparisonIsReproducible()
{
    const QStringList options{QStringLiteral("--compare"),
                              QStringLiteral("init.weights=xavier_uniform,he_normal"),
                              QStringLiteral("--seeds"), QStringLiteral("2"),
                              QStringLiteral("--size"), QStringLiteral("600x400"),
                              QStringLiteral("--dpi"), QStringLiteral("100")};
    QByteArray firstCsv;
    for (int attempt = 0; attempt < 2; ++attempt) {
        const QString csv = m_dir.filePath(QStringLiteral("compare-%1.csv").arg(attempt));
        const QString png = m_dir.filePath(QStringLiteral("compare-%1.png").arg(attempt));
        const QString config = m_dir.filePath(QStringLiteral("compare-%1.json").arg(attempt));
        const Result result = runCli(figureArguments(
            options + QStringList{QStringLiteral("--out"), png, QStringLiteral("--csv"), csv,
                                  QStringLiteral("--save-config"), config}));
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
        QCOMPARE(QImage(png).size(), QSize(600, 400));

        const QList<QByteArray> lines = readLines(csv);
        QCOMPARE(lines.size(), 202); // header, row 0, 200 updates
        QCOMPARE(lines[0], QByteArray("iteration,xavier_uniform_mean,xavier_uniform_median,"
                                      "xavier_uniform_min,xavier_uniform_max,xavier_uniform_std,"
                                      "he_normal_mean,he_normal_median,he_normal_min,"
                                      "he_normal_max,he_normal_std"));
        QVERIFY(lines[1].startsWith("0,"));
        QVERIFY(lines[201].startsWith("200,"));

        const QJsonObject saved = readJson(config);
        const QJsonObject compare = saved.value(QStringLiteral("compare")).toObject();
        QCOMPARE(compare.value(QStringLiteral("key")).toString(), QStringLiteral("init.weights"));
        QCOMPARE(compare.value(QStringLiteral("values")).toArray(),
                 QJsonArray({QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")}));
        QCOMPARE(saved.value(QStringLiteral("seeds")).toInt(), 2);
        QCOMPARE(saved.value(QStringLiteral("base")).toObject().value(QStringLiteral("training"))
                     .toObject().value(QStringLiteral("iterations")).toInt(),
                 200);

        const QByteArray content = readBytes(csv);
        if (attempt == 0)
            firstCsv = content;
        else
            QCOMPARE(content, firstCsv);
    }
}

void tst_Cli::figureInvalidInput_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("outName");
    QTest::addColumn<QStringList>("messageParts");

    QTest::newRow("mistyped option")
        << QStringList{QStringLiteral("--legnd"), QStringLiteral("none")}
        << QStringLiteral("figure.png")
        << QStringList{QStringLiteral("unknown option 'legnd' (did you mean --legend?)"),
                       QStringLiteral("'initlab-cli figure --help'")};
    QTest::newRow("unknown compare key")
        << QStringList{QStringLiteral("--compare"),
                       QStringLiteral("init.weight=he_normal,lecun_normal")}
        << QStringLiteral("figure.png") << QStringList{QStringLiteral("init.weight")};
    QTest::newRow("invalid compare value")
        << QStringList{QStringLiteral("--compare"),
                       QStringLiteral("init.weights=he_normal,bogus_init")}
        << QStringLiteral("figure.png") << QStringList{QStringLiteral("bogus_init")};
    QTest::newRow("compare without values")
        << QStringList{QStringLiteral("--compare"), QStringLiteral("init.weights")}
        << QStringLiteral("figure.png") << QStringList{QStringLiteral("\"init.weights\"")};
    QTest::newRow("invalid size")
        << QStringList{QStringLiteral("--size"), QStringLiteral("800by500")}
        << QStringLiteral("figure.png") << QStringList{QStringLiteral("800by500")};
    QTest::newRow("dpi out of range")
        << QStringList{QStringLiteral("--dpi"), QStringLiteral("5")} << QStringLiteral("figure.png")
        << QStringList{QStringLiteral("--dpi 5")};
    QTest::newRow("seeds out of range")
        << QStringList{QStringLiteral("--seeds"), QStringLiteral("0")}
        << QStringLiteral("figure.png")
        << QStringList{QStringLiteral("--seeds 0")};
    QTest::newRow("unknown extension") << QStringList{} << QStringLiteral("figure.bmp")
                                       << QStringList{QStringLiteral("figure.bmp"),
                                                      QStringLiteral(".png")};
    QTest::newRow("unwritable folder")
        << QStringList{} << QStringLiteral("missing-folder/figure.png")
        << QStringList{QStringLiteral("missing-folder/figure.png")};
    QTest::newRow("missing out") << QStringList{} << QString()
                                 << QStringList{QStringLiteral("--out is missing")};
    const QString png = QStringLiteral("figure.png");
    const QStringList compare {"--compare", "init.weights=xavier_uniform,he_normal"};
    QTest::newRow("unknown legend") << QStringList {"--legend", "middle"} << png
                                    << QStringList {"--legend \"middle\"",
                                                    "top, bottom, left, right or none"};
    QTest::newRow("font size too small") << QStringList {"--font-size", "3"} << png
                                         << QStringList {"--font-size \"3\"", "4 to 72"};
    QTest::newRow("font size too large") << QStringList {"--font-size", "73"} << png
                                         << QStringList {"--font-size \"73\"", "4 to 72"};
    QTest::newRow("font size not a number") << QStringList {"--font-size", "big"} << png
                                            << QStringList {"--font-size \"big\"", "4 to 72"};
    QTest::newRow("unknown theme") << QStringList {"--theme", "dark"} << png
                                   << QStringList {"--theme \"dark\"", "print or light"};
    QTest::newRow("unknown centre") << QStringList {"--center", "average"} << png
                                    << QStringList {"--center \"average\"", "mean or median"};
    QTest::newRow("unknown band") << QStringList {"--band", "range"} << png
                                  << QStringList {"--band \"range\"", "minmax, std or none"};
    QTest::newRow("cause labels without spikes")
        << QStringList {"--no-spikes", "--cause-labels"} << png
        << QStringList {"--cause-labels", "--no-spikes"};
    QTest::newRow("too few labels") << compare + QStringList {"--labels", "Glorot"} << png
                                    << QStringList {"--labels \"Glorot\"", "1 label for the 2 values",
                                                    "init.weights"};
    QTest::newRow("too many labels")
        << compare + QStringList {"--labels", "a,b,c"} << png
        << QStringList {"--labels \"a,b,c\"", "3 labels for the 2 values"};
    QTest::newRow("empty label") << compare + QStringList {"--labels", "a,,b"} << png
                                 << QStringList {"--labels \"a,,b\"", "empty item"};
    QTest::newRow("two labels for one run") << QStringList {"--labels", "a,b"} << png
                                            << QStringList {"--labels \"a,b\"", "one curve"};
    QTest::newRow("negative target") << QStringList {"--target-mse", "-1"} << png
                                     << QStringList {"--target-mse \"-1\"", "at least 0"};
    QTest::newRow("target not a number") << QStringList {"--target-mse", "low"} << png
                                         << QStringList {"--target-mse \"low\"", "at least 0"};
    QTest::newRow("legend twice") << QStringList {"--legend", "top", "--legend", "left"} << png
                                  << QStringList {"--legend was given 2 times"};
}

void tst_Cli::figureInvalidInput()
{
    QFETCH(QStringList, options);
    QFETCH(QString, outName);
    QFETCH(QStringList, messageParts);

    // A folder of its own, so that any file left behind shows.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(outName.isEmpty() ? QStringLiteral("none.png") : outName);
    const QString csv = dir.filePath(QStringLiteral("never.csv"));
    if (!outName.isEmpty())
        options.append({QStringLiteral("--out"), out});
    options.append({QStringLiteral("--csv"), csv});

    const Result result = runCli(figureArguments(options));
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
    for (const QString &part : std::as_const(messageParts))
        QVERIFY2(result.err.contains(part), qPrintable(result.err));
    QVERIFY(!QFile::exists(out));
    QVERIFY(!QFile::exists(csv));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
             QStringList());
}

void tst_Cli::figureStyleOptionsInSvg_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QStringList>("present");
    QTest::addColumn<QStringList>("absent");

    const QStringList compare {QStringLiteral("--compare"),
        QStringLiteral("init.weights=xavier_uniform,he_normal")};
    QTest::newRow("values label the curves")
        << compare << QStringList {"xavier_uniform", "he_normal", "Iteration", "MSE"}
        << QStringList {};
    QTest::newRow("labels replace the values")
        << compare + QStringList {"--labels", "Glorot uniform,He normal"}
        << QStringList {"Glorot uniform", "He normal"} << QStringList {"xavier_uniform", "he_normal"};
    QTest::newRow("labels split on semicolons")
        << compare + QStringList {"--labels", "Glorot, uniform;He, normal"}
        << QStringList {"Glorot, uniform", "He, normal"} << QStringList {"xavier_uniform"};
    // Without a title, which would be the preset's name.
    QTest::newRow("label of a single run")
        << QStringList {"--labels", "baseline", "--title", ""} << QStringList {"baseline"}
        << QStringList {"default"};
    QTest::newRow("legend none")
        << compare + QStringList {"--legend", "none"} << QStringList {"Iteration"}
        << QStringList {"xavier_uniform", "he_normal"};
    QTest::newRow("axis titles")
        << QStringList {"--x-label", "Update step", "--y-label", "Training loss"}
        << QStringList {"Update step", "Training loss"} << QStringList {"Iteration", "MSE"};
}

void tst_Cli::figureStyleOptionsInSvg()
{
    QFETCH(QStringList, options);
    QFETCH(QStringList, present);
    QFETCH(QStringList, absent);

    const QString svg = m_dir.filePath(QStringLiteral("style-%1.svg").arg(QTest::currentDataTag()));
    const Result result = runCli(figureArguments(
        options + QStringList {QStringLiteral("-q"), QStringLiteral("--out"), svg}));
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    const QStringList texts = svgTexts(readBytes(svg));
    QVERIFY(!texts.isEmpty());
    for (const QString &text : std::as_const(present))
        QVERIFY2(texts.contains(text), qPrintable(text + QStringLiteral(" missing from: ")
                                                  + texts.join(QLatin1Char('|'))));
    for (const QString &text : std::as_const(absent))
        QVERIFY2(!texts.contains(text), qPrintable(text + QStringLiteral(" found")));
}

void tst_Cli::figureFontSizeScalesText()
{
    const QString small = m_dir.filePath(QStringLiteral("font-default.svg"));
    const QString large = m_dir.filePath(QStringLiteral("font-20.svg"));
    QCOMPARE(runCli(figureArguments({QStringLiteral("-q"), QStringLiteral("--out"), small}))
                 .exitCode,
             0);
    QCOMPARE(runCli(figureArguments({QStringLiteral("-q"), QStringLiteral("--font-size"),
                                     QStringLiteral("20"), QStringLiteral("--out"), large}))
                 .exitCode,
             0);
    // The axis title measures the font size in points on the page; the default is 10.
    const double defaultPoints = svgTextPoints(readBytes(small), "Iteration");
    const double largePoints = svgTextPoints(readBytes(large), "Iteration");
    QVERIFY2(std::abs(defaultPoints - 10.0) < 0.05, qPrintable(QString::number(defaultPoints)));
    QVERIFY2(std::abs(largePoints - 20.0) < 0.05, qPrintable(QString::number(largePoints)));
}

void tst_Cli::figureCauseLabelsInSvg()
{
    // The default preset has learning-rate spikes between about iterations 1300 and 2200.
    const QStringList run {QStringLiteral("figure"), QStringLiteral("-q"), QStringLiteral("--set"),
                           QStringLiteral("training.iterations=2500"), QStringLiteral("--seeds"),
                           QStringLiteral("2")};
    const QString labelled = m_dir.filePath(QStringLiteral("cause-labels.svg"));
    const QString plain = m_dir.filePath(QStringLiteral("no-cause-labels.svg"));
    QCOMPARE(runCli(run + QStringList {QStringLiteral("--cause-labels"), QStringLiteral("--out"),
                                       labelled})
                 .exitCode,
             0);
    QCOMPARE(runCli(run + QStringList {QStringLiteral("--out"), plain}).exitCode, 0);

    const QStringList texts = svgTexts(readBytes(labelled));
    // The spikes of both seeds lie close together, so they share one label that counts them.
    const QRegularExpression shared(QStringLiteral("^Learning rate too high \\((\\d+) spikes\\)$"));
    const QStringList labels = texts.filter(shared);
    QVERIFY2(labels.size() == 1, qPrintable(texts.join(QLatin1Char('|'))));
    QVERIFY2(shared.match(labels.first()).captured(1).toInt() >= 2, qPrintable(labels.first()));
    for (const QString &text : svgTexts(readBytes(plain)))
        QVERIFY2(!text.startsWith(QStringLiteral("Learning rate")), qPrintable(text));
}

void tst_Cli::figureOptionChangesPixels_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::newRow("light theme") << QStringList {"--theme", "light"};
    QTest::newRow("median centre") << QStringList {"--center", "median"};
    QTest::newRow("standard deviation band") << QStringList {"--band", "std"};
    QTest::newRow("no band") << QStringList {"--band", "none"};
    QTest::newRow("no spike markers") << QStringList {"--no-spikes"};
    QTest::newRow("larger font") << QStringList {"--font-size", "12"};
    QTest::newRow("legend on top") << QStringList {"--legend", "top"};
    QTest::newRow("logarithmic axis") << QStringList {"--log-y"};
}

// Each option changes the drawing; the PNG of the same runs without it differs.
void tst_Cli::figureOptionChangesPixels()
{
    QFETCH(QStringList, options);

    // Three seeds, so that mean and median differ, and 2500 iterations with spikes.
    const QStringList run {QStringLiteral("figure"), QStringLiteral("-q"), QStringLiteral("--set"),
                           QStringLiteral("training.iterations=2500"), QStringLiteral("--seeds"),
                           QStringLiteral("3"), QStringLiteral("--size"), QStringLiteral("400x250"),
                           QStringLiteral("--dpi"), QStringLiteral("100")};
    const QString baseline = m_dir.filePath(QStringLiteral("pixels-baseline.png"));
    if (!QFile::exists(baseline))
        QCOMPARE(runCli(run + QStringList {QStringLiteral("--out"), baseline}).exitCode, 0);
    const QString changed = m_dir.filePath(QStringLiteral("pixels-%1.png").arg(QTest::currentDataTag()));
    const Result result = runCli(run + options + QStringList {QStringLiteral("--out"), changed});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    QCOMPARE(QImage(changed).size(), QSize(400, 250));
    QVERIFY(!samePixels(baseline, changed));
}

void tst_Cli::figurePdfPageSize()
{
    const QString pdf = m_dir.filePath(QStringLiteral("page.pdf"));
    const Result result = runCli(figureArguments(
        {QStringLiteral("-q"), QStringLiteral("--size"), QStringLiteral("16x10cm"),
         QStringLiteral("--out"), pdf}));
    QCOMPARE(result.exitCode, 0);
    const QString content = QString::fromLatin1(readBytes(pdf));
    QVERIFY(content.startsWith(QStringLiteral("%PDF-")));
    static const QRegularExpression mediaBox(
        QStringLiteral(R"(/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\])"));
    const QRegularExpressionMatch match = mediaBox.match(content);
    QVERIFY2(match.hasMatch(), "no MediaBox in the PDF");
    // 16 x 10 cm is 453.54 x 283.46 points; the page keeps whole points.
    QVERIFY2(std::abs(match.captured(1).toDouble() - 16 / 2.54 * 72) <= 0.5,
             qPrintable(match.captured(0)));
    QVERIFY2(std::abs(match.captured(2).toDouble() - 10 / 2.54 * 72) <= 0.5,
             qPrintable(match.captured(0)));
}

void tst_Cli::figureSummaryTable()
{
    const QString png = m_dir.filePath(QStringLiteral("summary.png"));
    Result result = runCli(figureArguments(
        {QStringLiteral("--compare"), QStringLiteral("init.weights=zeros,xavier_uniform"),
         QStringLiteral("--labels"), QStringLiteral("Zeros,Xavier"), QStringLiteral("--seeds"),
         QStringLiteral("2"), QStringLiteral("--target-mse"), QStringLiteral("0.1"),
         QStringLiteral("--size"), QStringLiteral("400x300"), QStringLiteral("--dpi"),
         QStringLiteral("60"), QStringLiteral("--out"), png}));
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    const QStringList lines = result.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4); // header, two values, the figure
    QCOMPARE(lines[0].simplified(),
             QStringLiteral("init.weights median final MSE iterations to 0.1 reached spikes "
                            "divergences"));
    // Zeros: the hidden units output 0, so the fit is the mean and the MSE stays at the
    // variance of sin(x) over [-pi, pi] for 200 points, 0.4975.
    QCOMPARE(lines[1].simplified(), QStringLiteral("Zeros 0.4975 not reached 0/2 0 0/2"));
    const QStringList xavier = lines[2].simplified().split(QLatin1Char(' '));
    QCOMPARE(xavier.size(), 6);
    QCOMPARE(xavier[0], QStringLiteral("Xavier"));
    QVERIFY2(xavier[1].toDouble() < 0.1, qPrintable(lines[2]));
    QVERIFY2(xavier[2].toInt() > 0 && xavier[2].toInt() <= 200, qPrintable(lines[2]));
    QCOMPARE(xavier[3], QStringLiteral("2/2"));
    // The columns line up: every row is as wide as the header.
    QCOMPARE(lines[1].size(), lines[0].size());
    QCOMPARE(lines[2].size(), lines[0].size());
    QCOMPARE(lines[3], QStringLiteral("figure: %1").arg(png));

    // Without a target there are no target columns.
    result = runCli(figureArguments({QStringLiteral("--out"), png}));
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.startsWith(QStringLiteral("run")), qPrintable(result.out));
    QVERIFY(!result.out.contains(QStringLiteral("reached")));
    QVERIFY(result.out.contains(QStringLiteral("\ndefault ")));

    result = runCli(figureArguments({QStringLiteral("--quiet"), QStringLiteral("--out"), png}));
    QCOMPARE(result.exitCode, 0);
    QVERIFY(result.out.isEmpty());
}

void tst_Cli::figureFileRegeneratesFigure()
{
    const QString file = m_dir.filePath(QStringLiteral("regenerate.json"));
    const QString firstPng = m_dir.filePath(QStringLiteral("regenerate-1.png"));
    const QString firstCsv = m_dir.filePath(QStringLiteral("regenerate-1.csv"));
    const QString secondPng = m_dir.filePath(QStringLiteral("regenerate-2.png"));
    const QString secondCsv = m_dir.filePath(QStringLiteral("regenerate-2.csv"));
    Result result = runCli(figureArguments(
        {QStringLiteral("--compare"), QStringLiteral("init.weights=xavier_uniform,he_normal"),
         QStringLiteral("--labels"), QStringLiteral("Glorot,He"), QStringLiteral("--seeds"),
         QStringLiteral("2"), QStringLiteral("--target-mse"), QStringLiteral("0.05"),
         QStringLiteral("--title"), QStringLiteral("Saved figure"), QStringLiteral("--x-label"),
         QStringLiteral("Step"), QStringLiteral("--y-label"), QStringLiteral("Loss"),
         QStringLiteral("--log-y"), QStringLiteral("--legend"), QStringLiteral("right"),
         QStringLiteral("--font-size"), QStringLiteral("9"), QStringLiteral("--theme"),
         QStringLiteral("light"), QStringLiteral("--cause-labels"), QStringLiteral("--center"),
         QStringLiteral("median"), QStringLiteral("--band"), QStringLiteral("std"),
         QStringLiteral("--size"), QStringLiteral("600x400"), QStringLiteral("--dpi"),
         QStringLiteral("100"), QStringLiteral("--out"), firstPng, QStringLiteral("--csv"),
         firstCsv, QStringLiteral("--save-config"), file}));
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    QVERIFY(result.out.contains(QStringLiteral("figure file: ") + file));

    const QJsonObject saved = readJson(file);
    const QJsonObject compare = saved.value(QStringLiteral("compare")).toObject();
    QCOMPARE(compare.value(QStringLiteral("labels")).toArray(),
             QJsonArray({QStringLiteral("Glorot"), QStringLiteral("He")}));
    QCOMPARE(saved.value(QStringLiteral("seeds")).toInt(), 2);
    QCOMPARE(saved.value(QStringLiteral("targetMse")).toDouble(), 0.05);
    const QJsonObject figure = saved.value(QStringLiteral("figure")).toObject();
    QCOMPARE(figure.value(QStringLiteral("title")).toString(), QStringLiteral("Saved figure"));
    QCOMPARE(figure.value(QStringLiteral("xLabel")).toString(), QStringLiteral("Step"));
    QCOMPARE(figure.value(QStringLiteral("yLabel")).toString(), QStringLiteral("Loss"));
    QCOMPARE(figure.value(QStringLiteral("logY")).toBool(), true);
    QCOMPARE(figure.value(QStringLiteral("legend")).toString(), QStringLiteral("right"));
    QCOMPARE(figure.value(QStringLiteral("fontPoints")).toDouble(), 9.0);
    QCOMPARE(figure.value(QStringLiteral("printTheme")).toBool(), false);
    QCOMPARE(figure.value(QStringLiteral("spikes")).toBool(), true);
    QCOMPARE(figure.value(QStringLiteral("causeLabels")).toBool(), true);
    QCOMPARE(figure.value(QStringLiteral("center")).toString(), QStringLiteral("median"));
    QCOMPARE(figure.value(QStringLiteral("band")).toString(), QStringLiteral("std"));
    QCOMPARE(figure.value(QStringLiteral("size")).toString(), QStringLiteral("600x400"));
    QCOMPARE(figure.value(QStringLiteral("dpi")).toInt(), 100);

    // From another folder, so that nothing depends on the working directory.
    QTemporaryDir elsewhere;
    QVERIFY(elsewhere.isValid());
    const Result again = runCli({QStringLiteral("figure"), QStringLiteral("--config"), file,
                                 QStringLiteral("--out"), secondPng, QStringLiteral("--csv"),
                                 secondCsv},
                                elsewhere.path());
    QCOMPARE(again.exitCode, 0);
    QVERIFY2(again.err.isEmpty(), qPrintable(again.err));
    const QByteArray csv = readBytes(firstCsv);
    QCOMPARE(csv.count('\n'), 202);
    QCOMPARE(readBytes(secondCsv), csv);
    QCOMPARE(QImage(secondPng).size(), QSize(600, 400));
    QVERIFY(samePixels(firstPng, secondPng));
    // The same summary, before the lines of the files written.
    QCOMPARE(again.out.section(QStringLiteral("figure: "), 0, 0),
             result.out.section(QStringLiteral("figure: "), 0, 0));

    // A single run of one seed keeps its label, which came from the preset name.
    const QString single = m_dir.filePath(QStringLiteral("single-run.json"));
    const QString singlePng = m_dir.filePath(QStringLiteral("single-run-1.png"));
    const QString singleAgain = m_dir.filePath(QStringLiteral("single-run-2.png"));
    QCOMPARE(runCli(figureArguments({QStringLiteral("-q"), QStringLiteral("--size"),
                                     QStringLiteral("500x300"), QStringLiteral("--out"), singlePng,
                                     QStringLiteral("--save-config"), single}))
                 .exitCode,
             0);
    const QJsonObject singleSaved = readJson(single);
    QVERIFY(!singleSaved.contains(QStringLiteral("compare")));
    QCOMPARE(singleSaved.value(QStringLiteral("figure")).toObject()
                 .value(QStringLiteral("singleLabel")).toString(),
             QStringLiteral("default"));
    QCOMPARE(runCli({QStringLiteral("figure"), QStringLiteral("-q"), QStringLiteral("--config"),
                     single, QStringLiteral("--out"), singleAgain})
                 .exitCode,
             0);
    QVERIFY(samePixels(singlePng, singleAgain));
}

void tst_Cli::figureFileOptionsOverride()
{
    const QString file = m_dir.filePath(QStringLiteral("override.json"));
    QVERIFY(writeFile(file, R"({
        "base": {"training": {"iterations": 100}},
        "compare": {"key": "init.weights", "values": ["xavier_uniform", "he_normal"],
                    "labels": ["Glorot", "He"]},
        "seeds": 1,
        "figure": {"title": "From the file", "legend": "none", "xLabel": "Step"}
    })"));
    const QString svg = m_dir.filePath(QStringLiteral("override.svg"));
    const QString csv = m_dir.filePath(QStringLiteral("override.csv"));
    // The options win over the file's figure settings, --set over its base.
    Result result = runCli({QStringLiteral("figure"), QStringLiteral("-q"), QStringLiteral("--config"),
                            file, QStringLiteral("--legend"), QStringLiteral("bottom"),
                            QStringLiteral("--set"), QStringLiteral("training.iterations=50"),
                            QStringLiteral("--out"), svg, QStringLiteral("--csv"), csv});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    QStringList texts = svgTexts(readBytes(svg));
    QVERIFY2(texts.contains(QStringLiteral("From the file")), qPrintable(texts.join('|')));
    QVERIFY(texts.contains(QStringLiteral("Step")));
    QVERIFY(texts.contains(QStringLiteral("Glorot")));
    QVERIFY(texts.contains(QStringLiteral("He")));
    QCOMPARE(readLines(csv).size(), 52);

    // --compare replaces the file's values and with them its labels.
    result = runCli({QStringLiteral("figure"), QStringLiteral("-q"), QStringLiteral("--config"),
                     file, QStringLiteral("--compare"), QStringLiteral("init.weights=zeros,he_uniform"),
                     QStringLiteral("--legend"), QStringLiteral("top"), QStringLiteral("--out"), svg});
    QCOMPARE(result.exitCode, 0);
    texts = svgTexts(readBytes(svg));
    QVERIFY(texts.contains(QStringLiteral("zeros")));
    QVERIFY(texts.contains(QStringLiteral("he_uniform")));
    QVERIFY(!texts.contains(QStringLiteral("Glorot")));
}

void tst_Cli::figurePlainConfigAccepted()
{
    const QString config = m_dir.filePath(QStringLiteral("plain-run.json"));
    QVERIFY(writeFile(config, R"({"training": {"iterations": 80}, "network": {"hidden": [3]}})"));
    const QString svg = m_dir.filePath(QStringLiteral("plain-run.svg"));
    const QString saved = m_dir.filePath(QStringLiteral("plain-run-figure.json"));
    const Result result = runCli({QStringLiteral("figure"), QStringLiteral("--config"), config,
                                  QStringLiteral("--out"), svg, QStringLiteral("--save-config"),
                                  saved});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    // The curve is labelled with the file's base name.
    QVERIFY(svgTexts(readBytes(svg)).contains(QStringLiteral("plain-run")));
    QVERIFY2(result.out.contains(QStringLiteral("\nplain-run ")), qPrintable(result.out));
    const QJsonObject base = readJson(saved).value(QStringLiteral("base")).toObject();
    QCOMPARE(base.value(QStringLiteral("network")).toObject().value(QStringLiteral("hidden"))
                 .toArray(),
             QJsonArray({3}));
}

void tst_Cli::figureInvalidFile_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("messageParts");

    QTest::newRow("unknown legend")
        << QByteArray(R"({"base": {}, "figure": {"legend": "middle"}})")
        << QStringList {"figure.legend", "\"middle\"", "top, bottom, left, right or none"};
    QTest::newRow("misspelt figure key")
        << QByteArray(R"({"base": {}, "figure": {"fontSize": 12}})")
        << QStringList {"figure.fontSize", "unknown key"};
    QTest::newRow("misspelt top-level key")
        << QByteArray(R"({"base": {}, "figures": {}})") << QStringList {"figures", "did you mean figure?"};
    QTest::newRow("labels count")
        << QByteArray(R"({"base": {}, "compare": {"key": "init.weights",
                      "values": ["zeros", "he_normal"], "labels": ["Zeros"]}})")
        << QStringList {"compare.labels", "1 labels for 2 values"};
    QTest::newRow("invalid base key")
        << QByteArray(R"({"base": {"training": {"iterations": 0}}})")
        << QStringList {"in \"base\"", "training.iterations"};
    QTest::newRow("invalid compared value")
        << QByteArray(R"({"base": {}, "compare": {"key": "init.weights", "values": ["bogus"]}})")
        << QStringList {"compare", "bogus"};
    QTest::newRow("syntax error")
        << QByteArray("{\"base\": {},\n \"seeds\": }") << QStringList {"line 2"};
}

void tst_Cli::figureInvalidFile()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, messageParts);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString file = dir.filePath(QStringLiteral("figure.json"));
    QVERIFY(writeFile(file, content));
    const QString out = dir.filePath(QStringLiteral("out.png"));
    const Result result = runCli({QStringLiteral("figure"), QStringLiteral("--config"), file,
                                  QStringLiteral("--out"), out});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
    QVERIFY2(result.err.contains(file), qPrintable(result.err));
    for (const QString &part : std::as_const(messageParts))
        QVERIFY2(result.err.contains(part), qPrintable(result.err));
    QVERIFY(!QFile::exists(out));
}

void tst_Cli::trainRejectsFigureFile()
{
    const QString file = m_dir.filePath(QStringLiteral("train-figure.json"));
    QVERIFY(writeFile(file, R"({"base": {}, "seeds": 2})"));
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--config"), file});
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("is a figure file")), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("initlab-cli figure --config")),
             qPrintable(result.err));
}

void tst_Cli::inputFaultsChangeNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("input");      // what INPUT is: "bytes", "large", "folder", "under file"
    QTest::addColumn<QByteArray>("content"); // content of INPUT for "bytes" and its row for "large"
    // INPUT is replaced by the input's path and MEBIBYTES by its size.
    QTest::addColumn<QStringList>("messageParts");

    const QString train = QStringLiteral("train");
    const QString set = QStringLiteral("--set");
    const QStringList fromCsv{set, QStringLiteral("dataset.kind=csv"), set,
                              QStringLiteral("dataset.path=INPUT")};
    const QStringList trainCsv = QStringList{train} + fromCsv
        + QStringList{QStringLiteral("--csv"), QStringLiteral("OUT")};
    const QStringList trainConfig{train, QStringLiteral("--config"), QStringLiteral("INPUT"),
                                  QStringLiteral("--csv"), QStringLiteral("OUT")};
    const QStringList spikes{QStringLiteral("spikes"), QStringLiteral("INPUT"),
                             QStringLiteral("--json"), QStringLiteral("OUT")};
    static constexpr char pngHeader[] =
        "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    const QByteArray png(pngHeader, sizeof pngHeader - 1);
    QByteArray utf16("\xFF\xFE", 2);
    for (const char c : QByteArray("step,loss\n1,0.5\n"))
        utf16 += QByteArray(1, c) + QByteArray(1, '\0');

    QTest::newRow("PNG as config") << trainConfig << "bytes" << png
        << QStringList{QStringLiteral("INPUT: line 3 contains a NUL byte"),
                       QStringLiteral("save this one as UTF-8")};
    QTest::newRow("PNG as dataset") << trainCsv << "bytes" << png
        << QStringList{QStringLiteral("INPUT:1: invalid UTF-8 byte 0x89"),
                       QStringLiteral("Save it as UTF-8")};
    QTest::newRow("NUL bytes as loss log") << spikes << "bytes" << QByteArray("step,loss\n1,\0\n", 14)
        << QStringList{QStringLiteral("INPUT:2: the file contains a NUL character")};
    QTest::newRow("UTF-16 as loss log") << spikes << "bytes" << utf16
        << QStringList{QStringLiteral("INPUT:1: the file is UTF-16 encoded")};
    QTest::newRow("200 MB dataset") << trainCsv << "large" << QByteArray("0.125,2.5,1\n")
        << QStringList{QStringLiteral("INPUT: the file is MEBIBYTES MiB, larger than the 64 MiB limit"),
                       QStringLiteral("Train on a sample of the rows")};
    QTest::newRow("200 MB loss log") << spikes << "large" << QByteArray("100000,0.125,2.5\n")
        << QStringList{QStringLiteral("INPUT: the file is MEBIBYTES MiB, larger than the 64 MiB limit"),
                       QStringLiteral("Keep every n-th row")};
    QTest::newRow("folder as config") << trainConfig << "folder" << QByteArray()
        << QStringList{QStringLiteral("INPUT: this is a directory")};
    QTest::newRow("folder as dataset") << trainCsv << "folder" << QByteArray()
        << QStringList{QStringLiteral("INPUT: this is a directory")};
    QTest::newRow("config under a regular file") << trainConfig << "under file" << QByteArray()
        << QStringList{QStringLiteral("INPUT: file not found")};
    QTest::newRow("loss log under a regular file") << spikes << "under file" << QByteArray()
        << QStringList{QStringLiteral("INPUT: file not found")};
    QTest::newRow("learning rate zero")
        << QStringList{train, set, QStringLiteral("training.learningRate=0"), QStringLiteral("--csv"),
                       QStringLiteral("OUT")}
        << "none" << QByteArray()
        << QStringList{QStringLiteral("training.learningRate: 0 is out of range"),
                       QStringLiteral("greater than 0")};
    QTest::newRow("one generated sample")
        << QStringList{train, set, QStringLiteral("dataset.samples=1"), QStringLiteral("--csv"),
                       QStringLiteral("OUT")}
        << "none" << QByteArray()
        << QStringList{QStringLiteral("dataset.samples: 1 is out of range")};
    QTest::newRow("output under a regular file")
        << QStringList{train, QStringLiteral("--weights"), QStringLiteral("OUT"),
                       QStringLiteral("--csv"), QStringLiteral("INPUT/history.csv")}
        << "under file" << QByteArray()
        << QStringList{QStringLiteral("cannot write --csv file \"INPUT/history.csv\"")};
}

// Every rejected input ends with exit status 2 and one error line, before any output is written:
// an output file that existed keeps its content and no new file appears.
void tst_Cli::inputFaultsChangeNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, input);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, messageParts);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString inputPath = dir.filePath(QStringLiteral("input.csv"));
    if (input == u"bytes") {
        QVERIFY(writeFile(inputPath, content));
    } else if (input == u"large") {
        QVERIFY(writeLargeFile(inputPath, "step,loss,x\n", content, 200'000'000));
    } else if (input == u"folder") {
        inputPath = dir.filePath(QStringLiteral("folder"));
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("folder")));
    } else if (input == u"under file") {
        const QString plain = dir.filePath(QStringLiteral("plain"));
        QVERIFY(writeFile(plain, "x,y\n1,2\n"));
        inputPath = plain + QStringLiteral("/input.csv");
    }
    const QString output = dir.filePath(QStringLiteral("out.txt"));
    const QByteArray earlier = "earlier output\n";
    QVERIFY(writeFile(output, earlier));
    const QStringList entries = folderEntries(dir.path());

    // "INPUT/history.csv" becomes a path under the regular file.
    const QString under = input == u"under file" ? dir.filePath(QStringLiteral("plain")) : inputPath;
    arguments.replaceInStrings(QStringLiteral("INPUT/"), under + QLatin1Char('/'));
    arguments.replaceInStrings(QStringLiteral("dataset.path=INPUT"),
                               QStringLiteral("dataset.path=") + inputPath);
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^INPUT$")), inputPath);
    arguments.replaceInStrings(QRegularExpression(QStringLiteral("^OUT$")), output);
    const Result result = runCli(arguments);

    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
    // The message rounds the size up to a tenth of a MiB.
    const double tenths = std::ceil(double(QFileInfo(inputPath).size()) / (1024 * 1024) * 10);
    for (QString part : std::as_const(messageParts)) {
        part.replace(QStringLiteral("MEBIBYTES"), QString::number(tenths / 10, 'f', 1));
        part.replace(QStringLiteral("INPUT/"), under + QLatin1Char('/'));
        part.replace(QStringLiteral("INPUT"), inputPath);
        QVERIFY2(result.err.contains(part), qPrintable(result.err + " lacks: " + part));
    }
    QCOMPARE(readBytes(output), earlier);
    QCOMPARE(folderEntries(dir.path()), entries);
}

// A folder the process cannot write to. Root writes anyway, so the test checks what this process
// can really do.
void tst_Cli::unwritableFolderChangesNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(QStringLiteral("read-only"));
    QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("read-only")));
    const QString target = folder + QStringLiteral("/history.csv");
    const QByteArray earlier = "iteration,mse\n0,1\n";
    QVERIFY(writeFile(target, earlier));
    QVERIFY(QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
    QFile probe(folder + QStringLiteral("/probe"));
    if (probe.open(QIODevice::WriteOnly)) {
        probe.remove();
        QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                          | QFileDevice::ExeOwner);
        QSKIP("this process writes into read-only folders (it runs as root)");
    }

    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--csv"), target});
    QFile::setPermissions(folder, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                      | QFileDevice::ExeOwner);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(isOneErrorLine(result.err), qPrintable(result.err));
    QVERIFY2(result.err.contains(QStringLiteral("cannot write --csv file \"%1\"").arg(target)),
             qPrintable(result.err));
    QCOMPARE(readBytes(target), earlier);
    QCOMPARE(folderEntries(folder), QStringList{QStringLiteral("history.csv")});
}

void tst_Cli::failedWriteKeepsTarget_data()
{
    QTest::addColumn<QStringList>("arguments"); // TARGET is replaced by the target's path
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<QString>("message");

    QTest::newRow("history in one short write")
        << QStringList{QStringLiteral("train"), QStringLiteral("--quiet"), QStringLiteral("--set"),
                       QStringLiteral("training.iterations=5000"), QStringLiteral("--csv"),
                       QStringLiteral("TARGET")}
        << "history.csv" << "writing the output files failed";
    // About 10 KB, less than QFileDevice's buffer, so the write fails when the buffer is flushed.
    QTest::newRow("weights failing at the final flush")
        << QStringList{QStringLiteral("train"), QStringLiteral("--quiet"), QStringLiteral("--set"),
                       QStringLiteral("network.hidden=8,8"), QStringLiteral("--set"),
                       QStringLiteral("training.iterations=10"), QStringLiteral("--weights"),
                       QStringLiteral("TARGET")}
        << "weights.json" << "writing the output files failed";
    QTest::newRow("SVG figure")
        << QStringList{QStringLiteral("figure"), QStringLiteral("--set"),
                       QStringLiteral("training.iterations=3000"), QStringLiteral("--out"),
                       QStringLiteral("TARGET")}
        << "figure.svg" << "cannot write the figure";
}

// A write that fails halfway, here at a file size limit of 4 KiB set for the process, which
// fails even for root: exit status 1, the target keeps its earlier content and no temporary file
// is left.
void tst_Cli::failedWriteKeepsTarget()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, fileName);
    QFETCH(QString, message);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = dir.filePath(fileName);
    const QByteArray earlier = "earlier content\n";
    QVERIFY(writeFile(target, earlier));
    arguments.replaceInStrings(QStringLiteral("TARGET"), target);

    QProcess process;
    process.setChildProcessModifier([] {
        // Without SIGXFSZ ignored, the kernel would kill the process at the limit. Ignored, the
        // write fails with EFBIG as on a full disk.
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{4096, 4096};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    process.start(QStringLiteral(INITLAB_CLI_PATH), arguments);
    QVERIFY(process.waitForFinished(120000));
    const QString err = QString::fromUtf8(process.readAllStandardError());

    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    QVERIFY2(err.contains(message), qPrintable(err));
    QCOMPARE(readBytes(target), earlier);
    QCOMPARE(folderEntries(dir.path()), QStringList{fileName});
}

void tst_Cli::killedWriteKeepsTarget_data()
{
    QTest::addColumn<bool>("earlierFile");
    QTest::newRow("no earlier file") << false;
    QTest::newRow("earlier file") << true;
}

// initlab-cli killed with SIGKILL while it writes a history of 2 million rows: the target is
// either absent or the earlier complete file, never a truncated one.
void tst_Cli::killedWriteKeepsTarget()
{
    QFETCH(bool, earlierFile);
    if (!QFile::exists(QStringLiteral("/proc/self/fdinfo")))
        QSKIP("watching the write needs /proc/PID/fdinfo (Linux)");

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString target = dir.filePath(QStringLiteral("history.csv"));
    const QByteArray earlier = "iteration,mse\n0,1\n";
    if (earlierFile)
        QVERIFY(writeFile(target, earlier));

    QProcess process;
    process.start(QStringLiteral(INITLAB_CLI_PATH),
                  {QStringLiteral("train"), QStringLiteral("--quiet"), QStringLiteral("--set"),
                   QStringLiteral("dataset.samples=8"), QStringLiteral("--set"),
                   QStringLiteral("network.hidden=2"), QStringLiteral("--set"),
                   QStringLiteral("training.iterations=2000000"), QStringLiteral("--csv"), target});
    QVERIFY(process.waitForStarted());
    const qint64 pid = process.processId();

    // Training comes first; the history is written after the last update.
    QTRY_VERIFY_WITH_TIMEOUT(writtenToFileIn(pid, dir.path()) > 1024 * 1024
                                 || process.state() == QProcess::NotRunning,
                             120000);
    QVERIFY2(process.state() == QProcess::Running, "initlab-cli ended before it was killed");
    process.kill();
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);

    if (earlierFile) {
        QCOMPARE(readBytes(target), earlier);
        QCOMPARE(folderEntries(dir.path()), QStringList{QStringLiteral("history.csv")});
    } else {
        QVERIFY(!QFile::exists(target));
        QCOMPARE(folderEntries(dir.path()), QStringList());
    }
}

void tst_Cli::trainingFaults_data()
{
    QTest::addColumn<QStringList>("settings");
    QTest::addColumn<bool>("diverges");
    QTest::addColumn<int>("iterations"); // rows expected in the history, -1 when diverged

    QTest::newRow("float32 divergence")
        << QStringList{QStringLiteral("training.precision=float32"),
                       QStringLiteral("network.activation=relu"),
                       QStringLiteral("training.learningRate=1000")}
        << true << -1;
    QTest::newRow("largest learning rate")
        << QStringList{QStringLiteral("training.learningRate=1000")} << true << -1;
    QTest::newRow("overflowing relu")
        << QStringList{QStringLiteral("network.activation=relu"),
                       QStringLiteral("init.weights=xavier_normal"),
                       QStringLiteral("init.gain=1e150")}
        << true << -1;
    QTest::newRow("widest network")
        << QStringList{QStringLiteral("network.hidden=1024,1024"),
                       QStringLiteral("training.learningRate=0.01"),
                       QStringLiteral("training.iterations=3")}
        << false << 3;
}

// Training faults end as results: exit status 0, the outcome in the summary and a history whose
// last row shows whether the run diverged.
void tst_Cli::trainingFaults()
{
    QFETCH(QStringList, settings);
    QFETCH(bool, diverges);
    QFETCH(int, iterations);

    const QString csv = m_dir.filePath(QStringLiteral("fault.csv"));
    const QString spikes = m_dir.filePath(QStringLiteral("fault.json"));
    QStringList arguments{QStringLiteral("train"), QStringLiteral("--csv"), csv,
                          QStringLiteral("--spikes"), spikes};
    for (const QString &setting : std::as_const(settings))
        arguments += {QStringLiteral("--set"), setting};
    const Result result = runCli(arguments);

    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.err.isEmpty(), qPrintable(result.err));
    const QList<QByteArray> lines = readLines(csv);
    QVERIFY(lines.size() >= 2);
    const QList<QByteArray> last = lines.constLast().split(',');
    const QJsonArray events = QJsonDocument::fromJson(readBytes(spikes)).array();
    if (!diverges) {
        QVERIFY2(result.out.contains(QStringLiteral("did not diverge")), qPrintable(result.out));
        QCOMPARE(lines.size(), iterations + 2);
        QCOMPARE(last[6], QByteArray("0"));
        return;
    }

    const qsizetype divergedAt = lines.size() - 2;
    QVERIFY2(result.out.contains(QStringLiteral("diverged at iteration %1,").arg(divergedAt)),
             qPrintable(result.out));
    QVERIFY2(last[1] == "nan" || last[1] == "inf", last[1].constData());
    QCOMPARE(last[6], QByteArray("1")); // non_finite
    QVERIFY(!events.isEmpty());
    const QJsonObject event = events.last().toObject();
    QVERIFY(event.value(QStringLiteral("divergence")).toBool());
    QCOMPARE(event.value(QStringLiteral("start")).toInt(), int(divergedAt));
    QCOMPARE(event.value(QStringLiteral("cause")).toString(), QStringLiteral("numerical_instability"));
    QVERIFY(!event.value(QStringLiteral("explanation")).toString().isEmpty());
}

// A CSV dataset of one row trains; with a test split, the row stays in the training set. Not
// standardized, since standardizing makes the only sample zero, which the network fits at once.
void tst_Cli::oneSampleCsvTrains()
{
    const QString data = m_dir.filePath(QStringLiteral("one-row.csv"));
    QVERIFY(writeFile(data, "x,y\n0.5,2\n"));
    const QString csv = m_dir.filePath(QStringLiteral("one-row-history.csv"));
    const Result result = runCli({QStringLiteral("train"), QStringLiteral("--set"),
                                  QStringLiteral("dataset.kind=csv"), QStringLiteral("--set"),
                                  QStringLiteral("dataset.path=") + data, QStringLiteral("--set"),
                                  QStringLiteral("dataset.testFraction=0.5"), QStringLiteral("--set"),
                                  QStringLiteral("dataset.standardize=false"), QStringLiteral("--set"),
                                  QStringLiteral("training.iterations=100"), QStringLiteral("--csv"),
                                  csv});
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(QStringLiteral("did not diverge")), qPrintable(result.out));
    const QList<QByteArray> lines = readLines(csv);
    QCOMPARE(lines.size(), 102);
    QVERIFY(!lines[0].contains("test_mse"));
    QVERIFY(lines[101].split(',')[1].toDouble() < lines[1].split(',')[1].toDouble());
}

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
