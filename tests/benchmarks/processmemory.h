#pragma once

// Resident memory of the benchmark process, read from Linux's /proc/self. Elsewhere the
// functions return false or NaN.

#include <QByteArray>
#include <QFile>

#include <limits>

namespace initlab::bench {

// Returns a field of /proc/self/status given in kB, such as "VmRSS" or "VmHWM", in MiB.
inline double statusMib(const char *field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return std::numeric_limits<double>::quiet_NaN();
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').constFirst().toDouble() / 1024.0;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

// Current resident memory in MiB.
inline double residentMib()
{
    return statusMib("VmRSS");
}

// Peak resident memory (VmHWM) in MiB since the process started or resetPeakResident().
inline double peakResidentMib()
{
    return statusMib("VmHWM");
}

// Resets the peak resident memory to the current one, so that each workload's peak is its own.
inline bool resetPeakResident()
{
    QFile file(QStringLiteral("/proc/self/clear_refs"));
    return file.open(QIODevice::WriteOnly) && file.write("5") == 1;
}

} // namespace initlab::bench
