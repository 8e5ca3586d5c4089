#include "csvscanner.h"

namespace initlab {

CsvScanner::CsvScanner(QStringView text, QChar delimiter)
    : m_text(text)
    , m_delimiter(delimiter)
{}

CsvScanner::Status CsvScanner::next(CsvRecord &record)
{
    while (m_pos < m_text.size()) {
        record.cells.clear();
        record.line = m_line;

        // A record whose cells are all unquoted and empty is a blank line or a spreadsheet's
        // empty row (";;;"). It contains no value, so it is skipped like a blank line.
        bool hasContent = false;
        for (;;) {
            const Status status = readField(record, hasContent);
            if (status != Status::Record)
                return status;
            if (m_pos < m_text.size() && m_text[m_pos] == m_delimiter) {
                ++m_pos;
                continue;
            }
            consumeLineEnd();
            break;
        }

        if (hasContent)
            return Status::Record;
    }
    return Status::End;
}

CsvScanner::Status CsvScanner::readField(CsvRecord &record, bool &hasContent)
{
    skipSpaces();
    if (m_pos < m_text.size() && m_text[m_pos] == u'"') {
        hasContent = true;
        return readQuotedField(record);
    }
    readUnquotedField(record, hasContent);
    return Status::Record;
}

CsvScanner::Status CsvScanner::readQuotedField(CsvRecord &record)
{
    const int openLine = m_line;
    const int field = int(record.cells.size()) + 1;
    QString cell;
    ++m_pos;

    for (;;) {
        if (m_pos >= m_text.size()) {
            m_errorLine = openLine;
            m_errorField = field;
            return Status::UnterminatedQuote;
        }
        const QChar c = m_text[m_pos];
        if (c == u'"') {
            if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == u'"') {
                cell += u'"';
                m_pos += 2;
                continue;
            }
            ++m_pos;
            break;
        }
        if (c == u'\r' || c == u'\n') {
            consumeLineEnd();
            cell += u'\n';
            continue;
        }
        cell += c;
        ++m_pos;
    }

    skipSpaces();
    if (m_pos < m_text.size() && m_text[m_pos] != m_delimiter && !atLineEnd()) {
        m_errorLine = m_line;
        m_errorField = field;
        return Status::TextAfterQuote;
    }
    record.cells.append(cell);
    return Status::Record;
}

void CsvScanner::readUnquotedField(CsvRecord &record, bool &hasContent)
{
    const qsizetype start = m_pos;
    while (m_pos < m_text.size() && m_text[m_pos] != m_delimiter && !atLineEnd())
        ++m_pos;

    const QString cell = m_text.sliced(start, m_pos - start).trimmed().toString();
    if (!cell.isEmpty())
        hasContent = true;
    record.cells.append(cell);
}

void CsvScanner::skipSpaces()
{
    while (m_pos < m_text.size()) {
        const QChar c = m_text[m_pos];
        if (c != u' ' && !(c == u'\t' && m_delimiter != u'\t'))
            break;
        ++m_pos;
    }
}

bool CsvScanner::atLineEnd() const
{
    const QChar c = m_text[m_pos];
    return c == u'\n' || c == u'\r';
}

void CsvScanner::consumeLineEnd()
{
    if (m_pos >= m_text.size())
        return;
    if (m_text[m_pos] == u'\r' && m_pos + 1 < m_text.size() && m_text[m_pos + 1] == u'\n')
        ++m_pos;
    ++m_pos;
    ++m_line;
}

} // namespace initlab
