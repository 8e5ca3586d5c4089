// The comparison run off the calling thread: the same result as a direct runComparison(),
// throttled progress ending at the totals, cancelling, rejected values, unreadable data and
// destruction while running.

#include "comparisontask.h"
#include "errors.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <memory>

using namespace initlab;

namespace {

using ResultPointer = std::shared_ptr<const ComparisonResult>;

ComparisonSpec smallSpec()
{
    ComparisonSpec spec;
    spec.base.seed = 3;
    spec.base.dataset.samples = 60;
    spec.base.training.iterations = 1500;
    spec.key = QStringLiteral("init.weights");
    spec.values = {QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")};
    spec.seeds = 2;
    spec.targetMse = 0.05;
    return spec;
}

// Long enough that a cancel or a destruction always finds it running.
ComparisonSpec longSpec()
{
    ComparisonSpec spec = smallSpec();
    spec.base.training.iterations = 400000;
    return spec;
}

bool sameBits(const std::vector<double> &a, const std::vector<double> &b)
{
    return a.size() == b.size()
        && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof(double)) == 0;
}

ResultPointer resultOf(const QSignalSpy &spy)
{
    return spy.last().at(0).value<ResultPointer>();
}

} // namespace

class TestComparisonTask : public QObject
{
    Q_OBJECT

private slots:
    void resultEqualsDirectRun();
    void progressEndsAtTotal();
    void cancelReturnsCancelledResult();
    void startWhileRunningRejected();
    void invalidValueThrows_data();
    void invalidValueThrows();
    void unreadableDataFails();
    void destroyWhileRunningReturns();
    void restartAfterFinished();
};

void TestComparisonTask::resultEqualsDirectRun()
{
    const ComparisonSpec spec = smallSpec();
    const ComparisonResult expected = runComparison(spec);

    ComparisonTask task;
    QSignalSpy finished(&task, &ComparisonTask::finished);
    QSignalSpy failed(&task, &ComparisonTask::failed);
    QVERIFY(task.start(spec));
    QVERIFY(task.isRunning());
    QVERIFY(finished.wait(30000));
    QVERIFY(!task.isRunning());
    QCOMPARE(failed.count(), 0);

    const ResultPointer result = resultOf(finished);
    QVERIFY(result);
    QVERIFY(!result->cancelled);
    QCOMPARE(result->key, expected.key);
    QCOMPARE(result->values.size(), expected.values.size());
    for (std::size_t v = 0; v < expected.values.size(); ++v) {
        const ComparisonValueResult &got = result->values[v];
        const ComparisonValueResult &want = expected.values[v];
        QCOMPARE(got.value, want.value);
        QCOMPARE(got.runs.size(), std::size_t(2));
        for (std::size_t s = 0; s < want.runs.size(); ++s) {
            QCOMPARE(got.runs[s].seed, want.runs[s].seed);
            QVERIFY(sameBits(got.runs[s].mse, want.runs[s].mse));
            QCOMPARE(got.runs[s].spikes.size(), want.runs[s].spikes.size());
            QCOMPARE(got.runs[s].iterationsToTarget, want.runs[s].iterationsToTarget);
        }
        QVERIFY(sameBits(got.aggregate.mean, want.aggregate.mean));
        QVERIFY(sameBits(got.aggregate.stddev, want.aggregate.stddev));
        QVERIFY(sameBits(got.summary.medianFinalMse, want.summary.medianFinalMse));
        QCOMPARE(got.summary.reachedTargetCount, want.summary.reachedTargetCount);
    }
}

void TestComparisonTask::progressEndsAtTotal()
{
    ComparisonTask task;
    QSignalSpy progress(&task, &ComparisonTask::progress);
    QSignalSpy finished(&task, &ComparisonTask::finished);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(task.start(smallSpec()));
    QVERIFY(finished.wait(30000));
    const double seconds = double(clock.elapsed()) / 1000.0;

    QVERIFY(progress.count() >= 1);
    // Every progress signal is delivered before finished().
    const auto last = progress.last().at(0).value<ComparisonProgress>();
    QCOMPARE(last.totalRuns, 4);
    QCOMPARE(last.finishedRuns, 4);
    QCOMPARE(last.totalUpdates, qint64(4 * 1500));
    QCOMPARE(last.updatesDone, qint64(4 * 1500));
    // The throttle allows one signal per interval, plus the first and the last.
    const double allowed = seconds * ComparisonTask::progressReportsPerSecond + 2;
    QVERIFY2(progress.count() <= allowed,
        qPrintable(QStringLiteral("%1 progress signals in %2 s").arg(progress.count()).arg(seconds)));
}

void TestComparisonTask::cancelReturnsCancelledResult()
{
    ComparisonTask task;
    QSignalSpy progress(&task, &ComparisonTask::progress);
    QSignalSpy finished(&task, &ComparisonTask::finished);
    QVERIFY(task.start(longSpec()));
    QVERIFY(progress.wait(30000));

    QElapsedTimer clock;
    clock.start();
    task.cancel();
    QVERIFY(finished.wait(10000));
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    QVERIFY(!task.isRunning());

    const ResultPointer result = resultOf(finished);
    QVERIFY(result->cancelled);
    QVERIFY(!result->values[0].runs[0].completed);
    QVERIFY(result->values[0].runs[0].mse.size() < std::size_t(400001));
}

void TestComparisonTask::startWhileRunningRejected()
{
    ComparisonTask task;
    QSignalSpy finished(&task, &ComparisonTask::finished);
    QVERIFY(task.start(longSpec()));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("already running")));
    QVERIFY(!task.start(smallSpec()));
    QVERIFY(task.isRunning());

    task.cancel();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 1);
    // The result is that of the first comparison, which was cancelled.
    QVERIFY(resultOf(finished)->cancelled);
}

void TestComparisonTask::invalidValueThrows_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QString>("named");

    QTest::newRow("unknown initializer")
        << QStringLiteral("init.weights")
        << QStringList {QStringLiteral("xavier_uniform"), QStringLiteral("he_gaussian")}
        << QStringLiteral("he_gaussian");
    QTest::newRow("negative learning rate")
        << QStringLiteral("training.learningRate")
        << QStringList {QStringLiteral("0.1"), QStringLiteral("-0.5")} << QStringLiteral("-0.5");
    QTest::newRow("learning rate not a number")
        << QStringLiteral("training.learningRate") << QStringList {QStringLiteral("fast")}
        << QStringLiteral("fast");
    QTest::newRow("same value twice")
        << QStringLiteral("network.activation")
        << QStringList {QStringLiteral("relu"), QStringLiteral(" relu")} << QStringLiteral("relu");
}

void TestComparisonTask::invalidValueThrows()
{
    QFETCH(QString, key);
    QFETCH(QStringList, values);
    QFETCH(QString, named);

    ComparisonSpec spec = smallSpec();
    spec.key = key;
    spec.values = values;
    ComparisonTask task;
    QSignalSpy finished(&task, &ComparisonTask::finished);
    QSignalSpy failed(&task, &ComparisonTask::failed);

    QString message;
    try {
        task.start(spec);
    } catch (const ConfigError &error) {
        message = QString::fromUtf8(error.what());
    }
    QVERIFY2(message.contains(key), qPrintable(message));
    QVERIFY2(message.contains(QLatin1Char('"') + named + QLatin1Char('"')), qPrintable(message));
    QVERIFY(!task.isRunning());
    QCoreApplication::processEvents();
    QCOMPARE(finished.count(), 0);
    QCOMPARE(failed.count(), 0);
}

void TestComparisonTask::unreadableDataFails()
{
    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    ComparisonSpec spec = smallSpec();
    spec.base.dataset.kind = DatasetKind::Csv;
    spec.base.dataset.path = QStringLiteral("missing.csv");
    spec.baseDir = directory.path();

    ComparisonTask task;
    QSignalSpy finished(&task, &ComparisonTask::finished);
    QSignalSpy failed(&task, &ComparisonTask::failed);
    QVERIFY(task.start(spec));
    QVERIFY(failed.wait(10000));
    QVERIFY(!task.isRunning());
    QCOMPARE(finished.count(), 0);
    const QString message = failed.first().at(0).toString();
    QVERIFY2(message.contains(QStringLiteral("missing.csv")), qPrintable(message));
}

void TestComparisonTask::destroyWhileRunningReturns()
{
    auto task = std::make_unique<ComparisonTask>();
    QSignalSpy progress(task.get(), &ComparisonTask::progress);
    QVERIFY(task->start(longSpec()));
    QVERIFY(progress.wait(30000));

    QElapsedTimer clock;
    clock.start();
    task.reset();
    QVERIFY2(clock.elapsed() < 3000, qPrintable(QString::number(clock.elapsed())));
    // Signals the thread posted before it stopped are dropped with the object.
    QCoreApplication::processEvents();
}

void TestComparisonTask::restartAfterFinished()
{
    ComparisonTask task;
    QSignalSpy finished(&task, &ComparisonTask::finished);
    QVERIFY(task.start(smallSpec()));
    QVERIFY(finished.wait(30000));

    ComparisonSpec spec = smallSpec();
    spec.values = {QStringLiteral("orthogonal")};
    QVERIFY(task.start(spec));
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.count(), 2);
    QCOMPARE(resultOf(finished)->values.size(), std::size_t(1));
    QCOMPARE(resultOf(finished)->values[0].value, QStringLiteral("orthogonal"));
}

QTEST_GUILESS_MAIN(TestComparisonTask)
#include "tst_comparisontask.moc"
