// Fuzz target for run configurations: parseRunConfig(), and for a configuration that parses, a
// round trip through toJson() and JSON text that must give the same configuration.

#include "errors.h"
#include "fuzzcheck.h"
#include "runconfig.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstddef>
#include <cstdint>

using namespace initlab;
using initlab::fuzz::check;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray json =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    RunConfig config;
    try {
        config = parseRunConfig(json, QStringLiteral("fuzz.json"));
    } catch (const ConfigError &error) {
        const QString message = QString::fromStdString(error.what());
        check(message.startsWith(QStringLiteral("fuzz.json: ")),
            QStringLiteral("error message does not name the source: %1").arg(message));
        // what() shows a NUL character as the JSON escape \u0000.
        QString key = error.key();
        key.replace(QChar(u'\0'), QStringLiteral("\\u0000"));
        check(message.contains(key),
            QStringLiteral("error message does not name key %1: %2").arg(error.key(), message));
        return 0;
    }

    // toJson() writes every key, so equal objects mean equal configurations.
    const QJsonObject written = toJson(config);
    const QByteArray text = QJsonDocument(written).toJson(QJsonDocument::Compact);
    QJsonObject reread;
    try {
        reread = toJson(parseRunConfig(text, QStringLiteral("round trip")));
    } catch (const ConfigError &error) {
        check(false,
            QStringLiteral("the written configuration does not parse: %1\n%2")
                .arg(QString::fromStdString(error.what()), QString::fromUtf8(text)));
    }
    check(reread == written,
        QStringLiteral("the round trip changed the configuration:\n%1\n%2")
            .arg(QString::fromUtf8(text),
                QString::fromUtf8(QJsonDocument(reread).toJson(QJsonDocument::Compact))));
    return 0;
}
