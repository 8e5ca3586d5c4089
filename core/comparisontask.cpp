#include "comparisontask.h"

#include "errors.h"
#include "logging.h"

#include <chrono>
#include <new>
#include <system_error>

namespace initlab {

ComparisonTask::ComparisonTask(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ComparisonProgress>();
    qRegisterMetaType<std::shared_ptr<const ComparisonResult>>();
}

ComparisonTask::~ComparisonTask()
{
    // Signals the thread posts from here on are discarded with the object's posted events.
    m_cancel.store(true);
    joinThread();
}

bool ComparisonTask::start(const ComparisonSpec &spec)
{
    if (m_running) {
        qCWarning(lcComparison) << "ComparisonTask::start: a comparison is already running; "
                                   "cancel it or wait for finished()";
        return false;
    }
    comparisonConfigs(spec);

    // The previous thread has posted its last signal and is ending, if it has not ended.
    joinThread();
    m_cancel.store(false);
    try {
        m_thread = std::thread([this, spec] { run(spec); });
    } catch (const std::system_error &error) {
        throw std::runtime_error(
            QStringLiteral("Cannot start the comparison: no thread could be created (%1). "
                           "Close other programs and try again.")
                .arg(QString::fromLocal8Bit(error.what()))
                .toStdString());
    }
    m_running = true;
    qCInfo(lcComparison).noquote()
        << QStringLiteral("started a comparison of %1: %2 values x %3 seeds")
               .arg(spec.key)
               .arg(spec.values.size())
               .arg(spec.seeds);
    return true;
}

void ComparisonTask::cancel()
{
    if (m_running)
        m_cancel.store(true);
}

void ComparisonTask::joinThread()
{
    if (m_thread.joinable())
        m_thread.join();
}

// Runs on m_thread. Everything it reports is posted to the object's thread as a queued call.
void ComparisonTask::run(ComparisonSpec spec)
{
    using Clock = std::chrono::steady_clock;
    const auto interval = std::chrono::milliseconds(1000 / progressReportsPerSecond);
    Clock::time_point lastReport;
    ComparisonProgress latest;
    bool latestPosted = true;

    const auto postProgress = [this](const ComparisonProgress &progress) {
        QMetaObject::invokeMethod(
            this, [this, progress] { emit this->progress(progress); }, Qt::QueuedConnection);
    };

    ComparisonOptions options;
    options.cancel = &m_cancel;
    // runComparison() serializes these calls, so the captured state needs no lock.
    options.progress = [&](const ComparisonProgress &progress) {
        latest = progress;
        const Clock::time_point now = Clock::now();
        latestPosted = now - lastReport >= interval;
        if (latestPosted) {
            lastReport = now;
            postProgress(progress);
        }
    };

    std::shared_ptr<const ComparisonResult> result;
    QString error;
    try {
        result = std::make_shared<const ComparisonResult>(runComparison(spec, options));
    } catch (const ConfigError &exception) {
        error = QString::fromUtf8(exception.what());
    } catch (const DataError &exception) {
        error = QString::fromUtf8(exception.what());
    } catch (const std::bad_alloc &) {
        error = QStringLiteral("The comparison of %1 ran out of memory; use fewer values, "
                               "seeds or iterations.")
                    .arg(spec.key);
    } catch (const std::exception &exception) {
        error = QStringLiteral("The comparison of %1 failed: %2")
                    .arg(spec.key, QString::fromUtf8(exception.what()));
    }

    if (!latestPosted)
        postProgress(latest);
    QMetaObject::invokeMethod(
        this,
        [this, result, error] {
            joinThread();
            m_running = false;
            if (!result) {
                qCWarning(lcComparison).noquote() << "comparison failed:" << error;
                emit failed(error);
                return;
            }
            qCInfo(lcComparison) << (result->cancelled ? "comparison cancelled"
                                                       : "comparison finished");
            emit finished(result);
        },
        Qt::QueuedConnection);
}

} // namespace initlab
