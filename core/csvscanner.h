#pragma once

// Splitting CSV text into records of cells, the layer below csvimport.h.

#include <QString>
#include <QStringList>
#include <QStringView>

namespace initlab {

// One row of cells as it appears in the file.
struct CsvRecord
{
    QStringList cells; // values without quotes, unquoted values trimmed and quoted ones kept whole
    int line = 0;      // 1-based line on which the record starts
};

// Reads records one at a time from decoded CSV text with a known delimiter.
//
// A field is quoted when its first character other than spaces is '"'. Inside quotes, "" stands
// for one quote, and delimiters and line breaks are part of the value. A line break inside quotes
// is stored as '\n' whatever its form in the file. Line breaks are CRLF, LF or a lone CR.
// Lines that are blank, contain only spaces, or contain only delimiters and spaces are skipped.
class CsvScanner
{
public:
    enum class Status {
        Record, // a record was read
        End,    // no more records
        // errorLine() and errorField() give where the quote opened.
        UnterminatedQuote,
        // errorLine() and errorField() give the line and field of the closing quote.
        TextAfterQuote,
    };

    CsvScanner(QStringView text, QChar delimiter);

    // Reads the next non-blank record into record. After an error status, the scanner is spent.
    Status next(CsvRecord &record);

    int errorLine() const { return m_errorLine; }
    int errorField() const { return m_errorField; }

private:
    Status readField(CsvRecord &record, bool &hasContent);
    Status readQuotedField(CsvRecord &record);
    void readUnquotedField(CsvRecord &record, bool &hasContent);
    void skipSpaces();
    bool atLineEnd() const;
    void consumeLineEnd();

    QStringView m_text;
    QChar m_delimiter;
    qsizetype m_pos = 0;
    int m_line = 1;
    int m_errorLine = 0;
    int m_errorField = 0;
};

} // namespace initlab
