#pragma once

// Checks shared by the fuzz targets. A failed invariant aborts, so that libFuzzer and the replay
// driver both report it as a crash with the input that caused it.

#include <QString>

#include <cstdio>
#include <cstdlib>

namespace initlab::fuzz {

// Prints "invariant failed: " and message to stderr and aborts unless condition holds.
inline void check(bool condition, const QString &message)
{
    if (condition)
        return;
    std::fprintf(stderr, "invariant failed: %s\n", qUtf8Printable(message));
    std::abort();
}

} // namespace initlab::fuzz
