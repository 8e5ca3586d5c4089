// Files that are not what the reader expects: binary data given as a dataset, a loss log or a
// configuration, files far beyond the size limits, and paths that cannot be read. Every reader
// must reject them with a message naming the file, the line where there is one, and what to do.

#include "../../largefile.h"
#include "configfile.h"
#include "csvimport.h"
#include "csvtext.h"
#include "errors.h"
#include "losslog.h"
#include "runconfig.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <random>

using namespace initlab;

namespace {

enum class Reader { Dataset, LossLog, Config };

// Reads path as the reader does and returns the message and position of the error it throws.
// Returns a message starting with "no error" when the reader accepts the file.
struct ReadError
{
    QString message;
    QString file;
    int line = -1;
    QString key;
};

ReadError readAs(Reader reader, const QString &path)
{
    ReadError result;
    try {
        switch (reader) {
        case Reader::Dataset:
            readCsvFile(path);
            break;
        case Reader::LossLog:
            readLossLog(path);
            break;
        case Reader::Config:
            parseRunConfig(readConfigFile(path), path);
            break;
        }
        result.message = QStringLiteral("no error for ") + path;
    } catch (const DataError &error) {
        result.message = QString::fromUtf8(error.what());
        result.file = error.file();
        result.line = error.line();
    } catch (const ConfigError &error) {
        result.message = QString::fromUtf8(error.what());
        result.key = error.key();
    }
    return result;
}

QByteArray randomBytes(qsizetype size)
{
    std::mt19937 engine(20240601);
    std::uniform_int_distribution<int> byte(0, 255);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(byte(engine));
    return bytes;
}

QByteArray pngHeader()
{
    // Signature and the start of the IHDR chunk of a 16 x 16 RGBA image.
    static constexpr char header[] = "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    return QByteArray(header, sizeof header - 1);
}

QByteArray utf16(const QString &text, bool byteOrderMark)
{
    QByteArray bytes = byteOrderMark ? QByteArray("\xFF\xFE") : QByteArray();
    for (const QChar c : text) {
        bytes.append(char(c.unicode() & 0xFF));
        bytes.append(char(c.unicode() >> 8));
    }
    return bytes;
}

bool writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(content) == content.size();
}

QString readerName(Reader reader)
{
    switch (reader) {
    case Reader::Dataset:
        return QStringLiteral("dataset");
    case Reader::LossLog:
        return QStringLiteral("loss log");
    case Reader::Config:
        return QStringLiteral("config");
    }
    return QString();
}

} // namespace

class tst_InputFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void malformedMessages_data();
    void malformedMessages();
    void binaryFiles_data();
    void binaryFiles();
    void largeFiles_data();
    void largeFiles();
    void unreadablePaths_data();
    void unreadablePaths();
    void unreadablePermissions_data();
    void unreadablePermissions();
    void configFileGood();

private:
    QTemporaryDir m_dir;
};

void tst_InputFaults::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
}

void tst_InputFaults::malformedMessages_data()
{
    QTest::addColumn<bool>("lossLog");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("columns"); // targets of a dataset; loss and step column of a log
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("value");  // the offending value or columns, as the message names them
    QTest::addColumn<QString>("advice"); // the sentence on what to do

    const auto dataset = [](const char *name, const QByteArray &content, const QStringList &targets,
                            int line, int column, const char *value, const char *advice) {
        QTest::newRow(name) << false << content << targets << line << column
                            << QString::fromUtf8(value) << QString::fromUtf8(advice);
    };
    dataset("dataset empty", "", {}, 0, 0, "the file is empty",
            "Choose a file with a row of numbers per sample.");
    dataset("dataset header only", "x,y\n", {}, 1, 0, "header row but no data rows",
            "Add at least one row of numbers below the header.");
    dataset("dataset ragged row", "x,y\n1,2,3\n", {}, 2, 3, "row has 3 cells",
            "Look for a missing or extra comma on this line");
    dataset("dataset unterminated quote", "x,y\n\"1,2\n", {}, 2, 1, "unterminated quoted field",
            "Add the closing quote");
    dataset("dataset text after quote", "x,y\n\"1\"a,2\n", {}, 2, 1, "after the closing quote",
            "Only spaces may follow the closing quote");
    dataset("dataset missing value", "x,y\n1,\n", {}, 2, 2, "missing value in column 2 (\"y\")",
            "Fill in the value or remove the row.");
    dataset("dataset non-numeric value", "x,y\n1,abc\n", {}, 2, 2, "\"abc\"",
            "Fix or remove that row.");
    dataset("dataset value out of range", "x,y\n1e999,1\n", {}, 2, 1, "\"1e999\"",
            "Rescale that column.");
    dataset("dataset not UTF-8", "x,y\n1,\xE4\n", {}, 2, 0, "invalid UTF-8 byte 0xe4",
            "Save it as UTF-8");
    dataset("dataset unknown target", "x,y\n1,2\n", {"prize"}, 0, 0, "\"prize\"",
            "Give one of these names or a column number from 1 to 2.");
    dataset("dataset target number out of range", "x,y\n1,2\n", {"9"}, 0, 0, "9",
            "numbered 1 to 2.");
    dataset("dataset ambiguous target", "Price,PRICE,x\n1,2,3\n", {"price"}, 0, 0, "\"price\"",
            "Give the exact name of one column or its column number.");
    dataset("dataset empty target name", "x,y\n1,2\n", {" "}, 0, 0, "empty target column name",
            "Give a column name or a 1-based column number.");
    dataset("dataset target twice", "x,y\n1,2\n", {"y", "2"}, 0, 0, "\"y\"",
            "List each target column once.");
    dataset("dataset only targets", "x,y\n1,2\n", {"x", "y"}, 0, 0, "all 2 columns",
            "Choose fewer target columns.");
    dataset("dataset one column", "y\n1\n2\n", {}, 0, 0, "\"y\"",
            "Check that the values are separated by commas");

    const auto lossLog = [](const char *name, const QByteArray &content, const QStringList &columns,
                            int line, int column, const char *value, const char *advice) {
        QTest::newRow(name) << true << content << columns << line << column
                            << QString::fromUtf8(value) << QString::fromUtf8(advice);
    };
    lossLog("loss log empty", "", {}, 0, 0, "the file is empty",
            "Check that the training run wrote its loss log to this file.");
    lossLog("loss log header only", "step,loss\n", {}, 1, 0, "header row but no data rows",
            "Check that the training run logged at least one value.");
    lossLog("loss log ragged row", "step,loss\n1\n", {}, 2, 2, "row has 1 cell",
            "Look for a missing or extra comma on this line");
    lossLog("loss log no loss column", "step,acc,lr\n1,0.5,0.1\n", {}, 1, 0,
            "\"step\", \"acc\", \"lr\"",
            "Choose the loss column with --column NAME.");
    lossLog("loss log unnamed loss columns", "step,copper_loss,air_loss\n1,2,3\n", {}, 1, 0,
            "\"copper_loss\", \"air_loss\"", "Choose the loss column with --column NAME.");
    lossLog("loss log no header, three columns", "1,2,3\n4,5,6\n", {}, 0, 0, "3 columns",
            "Choose it by number with --column");
    lossLog("loss log unknown column", "step,loss\n1,0.5\n", {"prize"}, 1, 0, "\"prize\"",
            "Give one of these names or a column number from 1 to 2 with --column.");
    lossLog("loss log ambiguous column", "step,Loss,LOSS\n1,2,3\n", {"loss"}, 1, 0, "\"loss\"",
            "Give the exact name of one column with --column.");
    lossLog("loss log same column twice", "step,loss\n1,0.5\n", {"loss", "loss"}, 1, 0,
            "column 2 (\"loss\")", "Choose two different columns.");
    lossLog("loss log column without values", "step,loss,acc\n1,,0.5\n", {}, 0, 2,
            "column 2 (\"loss\")", "Choose another column with --column.");
    lossLog("loss log non-numeric value", "step,loss\n1,abc\n", {}, 2, 2, "\"abc\"",
            "Fix or remove that row, or choose another column with --column.");
    lossLog("loss log value out of range", "step,loss\n1,1e999\n", {}, 2, 2, "\"1e999\"",
            "Fix that row.");
    lossLog("loss log fractional step", "step,loss\n1.5,0.3\n", {}, 2, 1, "\"1.5\"",
            "Fix that row, or choose another step column with --step-column.");
    lossLog("loss log missing step", "step,loss\n,0.3\n", {}, 2, 1, "column 1 (\"step\")",
            "Fill in the step or remove the row.");
    lossLog("loss log UTF-16", "\xFF\xFEs\0", {}, 1, 0, "UTF-16 encoded",
            "Save it as UTF-8");
}

// Every malformed case the readers handle ends in a message with the position, the value and
// what to do.
void tst_InputFaults::malformedMessages()
{
    QFETCH(bool, lossLog);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, columns);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, value);
    QFETCH(QString, advice);

    const QString fileName = QStringLiteral("input.csv");
    QString message = QStringLiteral("no error");
    int errorLine = -1;
    int errorColumn = -1;
    try {
        if (lossLog)
            parseLossLog(content, fileName, columns.value(0), columns.value(1));
        else
            datasetFromTable(parseCsv(content, fileName), columns);
    } catch (const DataError &error) {
        message = QString::fromUtf8(error.what());
        errorLine = error.line();
        errorColumn = error.column();
        QCOMPARE(error.file(), fileName);
    }

    QCOMPARE(errorLine, line);
    QCOMPARE(errorColumn, column);
    QVERIFY2(message.startsWith(csv::location(fileName, line, column)), qPrintable(message));
    QVERIFY2(message.contains(value), qPrintable(message + " lacks: " + value));
    QVERIFY2(message.contains(advice), qPrintable(message + " lacks: " + advice));
}

void tst_InputFaults::binaryFiles_data()
{
    QTest::addColumn<Reader>("reader");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line"); // expected line of the error; -1: any line from 1 on
    QTest::addColumn<QStringList>("fragments");

    const QByteArray random = randomBytes(4096);
    const QByteArray png = pngHeader();
    const QByteArray nulCsv("x,y\n1,2\n3,\0\0\0\0\n", 16);
    const QByteArray nulJson("{\"seed\": 1}\n\0\0\0\0", 16);
    const QByteArray utf16Csv = utf16(QStringLiteral("step,loss\n1,0.5\n"), true);
    const QByteArray utf16Json = utf16(QStringLiteral("{\"seed\": 1}\n"), true);
    const QByteArray utf16CsvNoMark = utf16(QStringLiteral("step,loss\n1,0.5\n"), false);
    const QByteArray utf16JsonNoMark = utf16(QStringLiteral("{\"seed\": 1}\n"), false);

    const QString invalidUtf8 = QStringLiteral("invalid UTF-8 byte");
    const QString saveAsUtf8 = QStringLiteral("Save it as UTF-8");
    const QString nulCharacter = QStringLiteral("contains a NUL character");
    const QString exportUtf8 = QStringLiteral("Export the data as CSV in UTF-8");
    const QString utf16Mark = QStringLiteral("UTF-16 encoded");
    const QString configAdvice = QStringLiteral("save this one as UTF-8");

    for (const Reader reader : {Reader::Dataset, Reader::LossLog}) {
        const QString as = QStringLiteral(" as ") + readerName(reader);
        QTest::newRow(qPrintable(QStringLiteral("random bytes") + as))
            << reader << random << -1 << QStringList{invalidUtf8, saveAsUtf8};
        QTest::newRow(qPrintable(QStringLiteral("PNG header") + as))
            << reader << png << 1 << QStringList{invalidUtf8 + QStringLiteral(" 0x89"), saveAsUtf8};
        QTest::newRow(qPrintable(QStringLiteral("NUL bytes") + as))
            << reader << nulCsv << 3 << QStringList{nulCharacter, exportUtf8};
        QTest::newRow(qPrintable(QStringLiteral("UTF-16 with byte-order mark") + as))
            << reader << utf16Csv << 1 << QStringList{utf16Mark, saveAsUtf8};
        QTest::newRow(qPrintable(QStringLiteral("UTF-16 without byte-order mark") + as))
            << reader << utf16CsvNoMark << 1 << QStringList{nulCharacter, exportUtf8};
    }

    // The configuration names the line in its text, since ConfigError has no line.
    const QString nulByte = QStringLiteral("contains a NUL byte");
    QTest::newRow("random bytes as config")
        << Reader::Config << random << -1 << QStringList{nulByte, configAdvice};
    QTest::newRow("PNG header as config")
        << Reader::Config << png << 3 << QStringList{QStringLiteral("line 3 ") + nulByte, configAdvice};
    QTest::newRow("NUL bytes as config")
        << Reader::Config << nulJson << 2 << QStringList{QStringLiteral("line 2 ") + nulByte, configAdvice};
    QTest::newRow("UTF-16 with byte-order mark as config")
        << Reader::Config << utf16Json << 1 << QStringList{utf16Mark, configAdvice};
    QTest::newRow("UTF-16 without byte-order mark as config")
        << Reader::Config << utf16JsonNoMark << 1 << QStringList{QStringLiteral("line 1 ") + nulByte, configAdvice};
    QTest::newRow("Latin-1 text as config")
        << Reader::Config << QByteArray("{\n\"name\": \"Gr\xF6\xDF" "e\"}\n") << 2
        << QStringList{QStringLiteral("line 2 is not valid UTF-8"), configAdvice};
}

void tst_InputFaults::binaryFiles()
{
    QFETCH(Reader, reader);
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(QStringList, fragments);

    const QString path = m_dir.filePath(QStringLiteral("binary.bin"));
    QVERIFY(writeFile(path, content));
    const ReadError error = readAs(reader, path);

    if (reader == Reader::Config) {
        QCOMPARE(error.key, QString());
        QVERIFY2(error.message.startsWith(path + QStringLiteral(": ")), qPrintable(error.message));
    } else {
        QCOMPARE(error.file, path);
        if (line > 0)
            QCOMPARE(error.line, line);
        else
            QVERIFY2(error.line >= 1, qPrintable(error.message));
        const QString position = QStringLiteral("%1:%2: ").arg(path).arg(error.line);
        QVERIFY2(error.message.startsWith(position), qPrintable(error.message));
    }
    for (const QString &fragment : std::as_const(fragments))
        QVERIFY2(error.message.contains(fragment), qPrintable(error.message + " lacks: " + fragment));
    // One line, however binary the content, so that a terminal or dialog shows it whole.
    QVERIFY2(!error.message.contains(u'\n') && !error.message.contains(QChar(u'\0')),
             qPrintable(error.message));
}

void tst_InputFaults::largeFiles_data()
{
    QTest::addColumn<Reader>("reader");
    QTest::addColumn<qint64>("size");
    QTest::addColumn<bool>("sparse");
    // MEBIBYTES and BYTES stand for the size of the file written, which ends at a row boundary.
    QTest::addColumn<QStringList>("fragments");

    const qint64 megabytes200 = 200'000'000;
    const QString datasetAdvice = QStringLiteral("Train on a sample of the rows");
    const QString lossLogAdvice = QStringLiteral("Keep every n-th row");
    const QString configAdvice = QStringLiteral("choose a configuration saved by InitLab");

    QTest::newRow("200 MB dataset")
        << Reader::Dataset << megabytes200 << false
        << QStringList{QStringLiteral("the file is MEBIBYTES MiB, larger than the 64 MiB limit"), datasetAdvice};
    QTest::newRow("dataset one byte over the limit")
        << Reader::Dataset << csv::maxDatasetFileSize + 1 << true
        << QStringList{QStringLiteral("the file is 64.1 MiB, larger than the 64 MiB limit"), datasetAdvice};
    QTest::newRow("200 MB loss log")
        << Reader::LossLog << megabytes200 << false
        << QStringList{QStringLiteral("the file is MEBIBYTES MiB, larger than the 64 MiB limit"), lossLogAdvice};
    QTest::newRow("loss log one byte over the limit")
        << Reader::LossLog << csv::maxLossLogFileSize + 1 << true
        << QStringList{QStringLiteral("the file is 64.1 MiB, larger than the 64 MiB limit"), lossLogAdvice};
    QTest::newRow("200 MB config")
        << Reader::Config << megabytes200 << false
        << QStringList{QStringLiteral("the file is BYTES bytes, larger than the 4 MiB limit"), configAdvice};
    QTest::newRow("config one byte over the limit")
        << Reader::Config << maxConfigFileSize + 1 << true
        << QStringList{QStringLiteral("larger than the 4 MiB limit"), configAdvice};
}

// Files beyond the limit are rejected from their size, before any byte is read, so a 200 MB file
// costs no memory. Real content is written for the 200 MB rows, as a user's file would be.
void tst_InputFaults::largeFiles()
{
    QFETCH(Reader, reader);
    QFETCH(qint64, size);
    QFETCH(bool, sparse);
    QFETCH(QStringList, fragments);

    const QString path = m_dir.filePath(QStringLiteral("large.csv"));
    if (sparse) {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
        QVERIFY2(file.resize(size), qPrintable(file.errorString()));
    } else if (reader == Reader::Config) {
        QVERIFY(writeLargeFile(path, "{\"description\": \"", "long text long text long text\n", size));
    } else {
        QVERIFY(writeLargeFile(path, "step,loss,x\n", "100000,0.125,2.5\n", size));
    }
    const qint64 written = QFileInfo(path).size();
    QVERIFY2(written >= size, qPrintable(QString::number(written)));

    const ReadError error = readAs(reader, path);
    QFile::remove(path);

    if (reader == Reader::Config) {
        QVERIFY2(error.message.startsWith(path + QStringLiteral(": ")), qPrintable(error.message));
    } else {
        QCOMPARE(error.file, path);
        QCOMPARE(error.line, 0);
        QVERIFY2(error.message.startsWith(path + QStringLiteral(": ")), qPrintable(error.message));
    }
    // The message rounds the size up to a tenth of a MiB.
    const double tenths = std::ceil(double(written) / (1024 * 1024) * 10);
    const QString mebibytes = QString::number(tenths / 10, 'f', 1);
    for (QString fragment : std::as_const(fragments)) {
        fragment.replace(QStringLiteral("MEBIBYTES"), mebibytes);
        fragment.replace(QStringLiteral("BYTES"), QString::number(written));
        QVERIFY2(error.message.contains(fragment), qPrintable(error.message + " lacks: " + fragment));
    }
}

void tst_InputFaults::unreadablePaths_data()
{
    QTest::addColumn<Reader>("reader");
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fragment");

    for (const Reader reader : {Reader::Dataset, Reader::LossLog, Reader::Config}) {
        const QString as = QStringLiteral(" as ") + readerName(reader);
        QTest::newRow(qPrintable(QStringLiteral("path under a regular file") + as))
            << reader << QStringLiteral("under file") << QStringLiteral("file not found");
    }
    QTest::newRow("missing config") << Reader::Config << QStringLiteral("missing")
                                    << QStringLiteral("file not found; check the path");
    QTest::newRow("directory as config") << Reader::Config << QStringLiteral("directory")
                                         << QStringLiteral("this is a directory");
    QTest::newRow("device as config") << Reader::Config << QStringLiteral("device")
                                      << QStringLiteral("not a regular file");
    QTest::newRow("empty config") << Reader::Config << QStringLiteral("empty")
                                  << QStringLiteral("the file is empty; write a JSON object");
    QTest::newRow("blank config") << Reader::Config << QStringLiteral("blank")
                                  << QStringLiteral("the file is empty; write a JSON object");
}

void tst_InputFaults::unreadablePaths()
{
    QFETCH(Reader, reader);
    QFETCH(QString, kind);
    QFETCH(QString, fragment);

    QString path = m_dir.filePath(QStringLiteral("missing.csv"));
    if (kind == u"under file") {
        const QString file = m_dir.filePath(QStringLiteral("plain-file"));
        QVERIFY(writeFile(file, "x,y\n1,2\n"));
        path = file + QStringLiteral("/data.csv");
    } else if (kind == u"directory") {
        path = m_dir.path();
    } else if (kind == u"device") {
        path = QStringLiteral("/dev/null");
        if (!QFile::exists(path))
            QSKIP("/dev/null does not exist on this system");
    } else if (kind == u"empty" || kind == u"blank") {
        path = m_dir.filePath(QStringLiteral("empty.json"));
        QVERIFY(writeFile(path, kind == u"empty" ? QByteArray() : QByteArray(" \n\t\n")));
    }

    const ReadError error = readAs(reader, path);
    QVERIFY2(error.message.startsWith(path + QStringLiteral(": ")), qPrintable(error.message));
    QVERIFY2(error.message.contains(fragment), qPrintable(error.message + " lacks: " + fragment));
    if (reader != Reader::Config) {
        QCOMPARE(error.file, path);
        QCOMPARE(error.line, 0);
    }
}

void tst_InputFaults::unreadablePermissions_data()
{
    QTest::addColumn<Reader>("reader");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("dataset") << Reader::Dataset << QStringLiteral("the file cannot be opened");
    QTest::newRow("loss log") << Reader::LossLog << QStringLiteral("the file cannot be opened");
    QTest::newRow("config") << Reader::Config << QStringLiteral("cannot open the file");
}

// A file without read permission. Root reads it anyway, so the test checks what this process
// can really do.
void tst_InputFaults::unreadablePermissions()
{
    QFETCH(Reader, reader);
    QFETCH(QString, fragment);

    const QString path = m_dir.filePath(QStringLiteral("secret.csv"));
    QVERIFY(writeFile(path, "step,loss\n1,0.5\n"));
    QVERIFY(QFile::setPermissions(path, QFileDevice::WriteOwner));
    QFile probe(path);
    if (probe.open(QIODevice::ReadOnly))
        QSKIP("this process reads files without read permission (it runs as root)");

    const ReadError error = readAs(reader, path);
    QVERIFY2(error.message.startsWith(path + QStringLiteral(": ")), qPrintable(error.message));
    QVERIFY2(error.message.contains(fragment), qPrintable(error.message));
    QVERIFY2(error.message.contains(QStringLiteral("permission")), qPrintable(error.message));
}

// The checks of readConfigFile() pass a normal configuration through unchanged.
void tst_InputFaults::configFileGood()
{
    const QByteArray json = "{\"seed\": 5, \"name\": \"Gr\xC3\xB6\xC3\x9F" "e\"}\n";
    const QString path = m_dir.filePath(QStringLiteral("good.json"));
    QVERIFY(writeFile(path, json));
    QCOMPARE(readConfigFile(path), json);
    const RunConfig config = parseRunConfig(readConfigFile(path), path);
    QCOMPARE(config.seed, std::uint64_t(5));
    QCOMPARE(config.name, QStringLiteral("Gr\u00F6\u00DFe"));
}

QTEST_GUILESS_MAIN(tst_InputFaults)
#include "tst_inputfaults.moc"
