#pragma once

#include <QStringList>

// Runs initlab-cli with its arguments (without the program name) and returns the exit status:
// 0 on success (a diverged run included), 1 when an output file could not be written after
// training, 2 on invalid usage, configuration or data.
int runCli(const QStringList &arguments);
