#pragma once

#include <QString>

#include <stdexcept>
#include <string>

namespace initlab {

namespace detail {

// Returns message as UTF-8 for what(). A C string ends at its first NUL, so a NUL character, which
// a JSON key or value may contain as \u0000, is written as that escape to keep the message whole.
inline std::string whatText(const QString &message)
{
    QString text = message;
    text.replace(QChar(u'\0'), QStringLiteral("\\u0000"));
    return text.toStdString();
}

} // namespace detail

// Errors thrown at the core's API boundary. what() is a complete sentence for the user: it names
// the value, the place (file, line, column or config key) and what to do about it.

// An invalid run configuration: a wrong type, a value out of range, or an unknown key.
class ConfigError : public std::invalid_argument
{
public:
    ConfigError(const QString &key, const QString &message)
        : std::invalid_argument(detail::whatText(message))
        , m_key(key)
    {}

    // Dotted name of the offending key, for example "training.learningRate"; empty when the
    // error concerns the document as a whole.
    const QString &key() const { return m_key; }

private:
    QString m_key;
};

// Invalid input data: a malformed CSV file, a missing value, a file that cannot be read.
class DataError : public std::runtime_error
{
public:
    DataError(const QString &file, int line, int column, const QString &message)
        : std::runtime_error(detail::whatText(message))
        , m_file(file)
        , m_line(line)
        , m_column(column)
    {}

    const QString &file() const { return m_file; }
    // 1-based line and column; 0 when the error is not tied to a position.
    int line() const { return m_line; }
    int column() const { return m_column; }

private:
    QString m_file;
    int m_line = 0;
    int m_column = 0;
};

} // namespace initlab
