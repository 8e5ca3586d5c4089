// The desktop program's command line, run as a user runs it: help without a display, pictures
// made offscreen, and the guards on its options.

#include <QDir>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <sys/resource.h>

namespace {

constexpr int processMilliseconds = 300000;

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs initlab with arguments in environment, with its settings in configHome.
Result runDesktop(const QStringList &arguments, const QString &configHome, bool display = true)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome);
    environment.remove(QStringLiteral("DISPLAY"));
    environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    if (display)
        environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    else
        environment.remove(QStringLiteral("QT_QPA_PLATFORM"));

    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(INITLAB_DESKTOP_PATH), arguments);
    Result result;
    // Generous: under the sanitizers on a busy machine a screenshot run takes minutes.
    if (!process.waitForFinished(processMilliseconds)) {
        process.kill();
        process.waitForFinished();
        result.err = QStringLiteral("(timed out)");
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace

class tst_Desktop : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void helpNeedsNoDisplay();
    void screenshotOfUntrainedRun();
    void screenshotAfterSteps();
    void screenshotLeavesSettingsAlone();
    void screenshotOfMissingPreset();
    void failedScreenshotKeepsFile();
    void usageErrors_data();
    void usageErrors();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
};

void tst_Desktop::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void tst_Desktop::helpNeedsNoDisplay()
{
    const Result help = runDesktop({QStringLiteral("--help")}, m_dir->path(), false);
    QCOMPARE(help.exitCode, 0);
    QVERIFY2(help.out.contains(QStringLiteral("--screenshot <file>")), qPrintable(help.out));
    QVERIFY2(help.out.contains(QStringLiteral("four-neuron-spikes")), qPrintable(help.out));

    const Result version = runDesktop({QStringLiteral("--version")}, m_dir->path(), false);
    QCOMPARE(version.exitCode, 0);
    QVERIFY2(version.out.startsWith(QStringLiteral("initlab ")), qPrintable(version.out));
}

void tst_Desktop::screenshotOfUntrainedRun()
{
    const QString picture = m_dir->filePath(QStringLiteral("untrained.png"));
    const Result result =
        runDesktop({QStringLiteral("--steps"), QStringLiteral("0"), QStringLiteral("--size"),
                       QStringLiteral("900x700"), QStringLiteral("--screenshot"), picture},
            m_dir->path());
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    const QImage image(picture);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(900, 700));
}

void tst_Desktop::screenshotAfterSteps()
{
    // A name without .png still gets a PNG file.
    const QString picture = m_dir->filePath(QStringLiteral("picture"));
    const Result result = runDesktop(
        {QStringLiteral("--preset"), QStringLiteral("lr-too-high"), QStringLiteral("--steps"),
            QStringLiteral("300"), QStringLiteral("--screenshot"), picture},
        m_dir->path());
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QImageReader reader(picture);
    QCOMPARE(reader.format(), QByteArray("png"));
    QVERIFY(!reader.read().isNull());
}

void tst_Desktop::screenshotLeavesSettingsAlone()
{
    QDir home(m_dir->path());
    QVERIFY(home.mkpath(QStringLiteral("InitLab")));
    const QString settingsPath = home.filePath(QStringLiteral("InitLab/InitLab.conf"));
    const QByteArray settings = "[run]\nspeed=10\n";
    {
        QFile file(settingsPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(settings);
    }
    QFile config(m_dir->filePath(QStringLiteral("run.json")));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write(R"({"training": {"iterations": 50}})");
    config.close();

    const Result result = runDesktop({config.fileName(), QStringLiteral("--screenshot"),
                                         m_dir->filePath(QStringLiteral("run.png"))},
        m_dir->path());
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    QFile after(settingsPath);
    QVERIFY(after.open(QIODevice::ReadOnly));
    QCOMPARE(after.readAll(), settings);
}

void tst_Desktop::screenshotOfMissingPreset()
{
    const QString picture = m_dir->filePath(QStringLiteral("wrong.png"));
    const Result result = runDesktop({QStringLiteral("--preset"), QStringLiteral("no-such-preset"),
                                         QStringLiteral("--screenshot"), picture},
        m_dir->path());
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(QStringLiteral("no-such-preset")), qPrintable(result.err));
    QVERIFY(!QFile::exists(picture));
}

// A screenshot whose write fails at a file size limit of 4 KiB, set for the process so that it
// fails even for root, leaves the earlier file as it was and no temporary file.
void tst_Desktop::failedScreenshotKeepsFile()
{
    QTemporaryDir folder;
    QVERIFY(folder.isValid());
    const QString picture = folder.filePath(QStringLiteral("window.png"));
    const QByteArray earlier = "earlier picture\n";
    QFile file(picture);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(earlier), earlier.size());
    file.close();

    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir->path());
    environment.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QProcess process;
    process.setProcessEnvironment(environment);
    process.setChildProcessModifier([] {
        // Ignored, SIGXFSZ no longer kills the process and the write fails with EFBIG instead.
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{4096, 4096};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    process.start(QStringLiteral(INITLAB_DESKTOP_PATH),
                  {QStringLiteral("--size"), QStringLiteral("900x700"),
                   QStringLiteral("--screenshot"), picture});
    QVERIFY(process.waitForFinished(processMilliseconds));
    const QString err = QString::fromUtf8(process.readAllStandardError());

    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QVERIFY(process.exitCode() != 0);
    QVERIFY2(err.contains(QStringLiteral("cannot write ") + picture), qPrintable(err));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), earlier);
    QCOMPARE(QDir(folder.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("window.png")});
}

void tst_Desktop::usageErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");

    QTest::newRow("two configs") << QStringList {QStringLiteral("a.json"), QStringLiteral("b.json")}
                                 << QStringLiteral("at most one configuration file");
    QTest::newRow("preset and config") << QStringList {QStringLiteral("--preset"),
        QStringLiteral("default"), QStringLiteral("a.json")}
                                       << QStringLiteral("either --preset or a configuration file");
    QTest::newRow("negative steps") << QStringList {QStringLiteral("--steps"), QStringLiteral("-3"),
        QStringLiteral("--screenshot"), QStringLiteral("x.png")}
                                    << QStringLiteral("got \"-3\"");
    QTest::newRow("steps without screenshot") << QStringList {QStringLiteral("--steps"),
        QStringLiteral("5")} << QStringLiteral("--steps works only with --screenshot");
    QTest::newRow("tiny size") << QStringList {QStringLiteral("--size"), QStringLiteral("5x5")}
                               << QStringLiteral("got \"5x5\"");
    QTest::newRow("size without x") << QStringList {QStringLiteral("--size"), QStringLiteral("big")}
                                    << QStringLiteral("such as 1400x900");
    QTest::newRow("missing value") << QStringList {QStringLiteral("--preset")}
                                   << QStringLiteral("Missing value after '--preset'");
    QTest::newRow("unknown option")
        << QStringList {QStringLiteral("--colour")} << QStringLiteral("Unknown option 'colour'");
    QTest::newRow("picture named .jpg")
        << QStringList {QStringLiteral("--screenshot"), QStringLiteral("window.JPG")}
        << QStringLiteral("names a .jpg file, but screenshots are PNG");
    QTest::newRow("missing folder")
        << QStringList {QStringLiteral("--screenshot"), QStringLiteral("/no/such/folder/x.png")}
        << QStringLiteral("does not exist");
}

void tst_Desktop::usageErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    // Usage errors are found before the window opens, so they need no display either.
    const Result result = runDesktop(arguments, m_dir->path(), false);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.startsWith(QStringLiteral("initlab: error: ")), qPrintable(result.err));
    QVERIFY2(result.err.contains(message), qPrintable(result.err));
}

QTEST_GUILESS_MAIN(tst_Desktop)
#include "tst_desktop.moc"
