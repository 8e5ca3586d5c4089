#include "csvimport.h"
#include "csvtext.h"
#include "errors.h"

#include <QFile>
#include <QLocale>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QtTest>

#include <bit>
#include <cstdint>
#include <limits>
#include <optional>

using namespace initlab;

namespace {

const QString fileName = QStringLiteral("data.csv");

// Bytes of a string literal, including embedded NULs but not the terminating one.
template<std::size_t N>
QByteArray bytes(const char (&text)[N])
{
    return QByteArray(text, qsizetype(N - 1));
}

template<typename Function>
std::optional<DataError> dataErrorFrom(Function function)
{
    try {
        function();
    } catch (const DataError &error) {
        return error;
    }
    return std::nullopt;
}

// Exact comparison, so -0.0 differs from 0.0 and no tolerance hides a rounding error.
bool sameDouble(double a, double b)
{
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

QString describeMatrix(const Eigen::MatrixXd &matrix)
{
    QStringList rows;
    for (Eigen::Index r = 0; r < matrix.rows(); ++r) {
        QStringList cells;
        for (Eigen::Index c = 0; c < matrix.cols(); ++c)
            cells.append(QString::number(matrix(r, c), 'g', 17));
        rows.append(cells.join(u' '));
    }
    return u'[' + rows.join(QStringLiteral("; ")) + u']';
}

// Compares exactly. rows lists the expected matrix row by row.
bool matrixEquals(const Eigen::MatrixXd &matrix, const QList<QList<double>> &rows)
{
    if (matrix.rows() != rows.size())
        return false;
    for (Eigen::Index r = 0; r < matrix.rows(); ++r) {
        if (matrix.cols() != rows[r].size())
            return false;
        for (Eigen::Index c = 0; c < matrix.cols(); ++c) {
            if (!sameDouble(matrix(r, c), rows[r][c]))
                return false;
        }
    }
    return true;
}

QList<QStringList> rowsOf(const CsvTable &table)
{
    return QList<QStringList>(table.rows.begin(), table.rows.end());
}

QList<int> rowLinesOf(const CsvTable &table)
{
    return QList<int>(table.rowLines.begin(), table.rowLines.end());
}

// "data.csv:3:2: ", "data.csv:3: " or "data.csv: ", as the importer prefixes its messages.
QString expectedPrefix(const QString &file, int line, int column)
{
    QString prefix = file;
    if (line > 0)
        prefix += u':' + QString::number(line);
    if (line > 0 && column > 0)
        prefix += u':' + QString::number(column);
    return prefix + QStringLiteral(": ");
}

} // namespace

class TestCsvImport : public QObject
{
    Q_OBJECT

private slots:
    void parseDialects_data();
    void parseDialects();
    void parseErrors_data();
    void parseErrors();
    void unnamedInputInMessages();

    void numbers_data();
    void numbers();
    void valueErrors_data();
    void valueErrors();
    void errorLineInLongFile();

    void targets_data();
    void targets();
    void targetErrors_data();
    void targetErrors();
    void datasetLayout();
    void handBuiltTableErrors();

    void readFileFromDisk();
    void readFileErrors_data();
    void readFileErrors();
    void readFileUnreadable();

    void localeIndependence();
};

void TestCsvImport::parseDialects_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QChar>("delimiter");
    QTest::addColumn<bool>("decimalComma");
    QTest::addColumn<bool>("hasHeader");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QList<QStringList>>("rows");
    QTest::addColumn<QList<int>>("lines");

    const QChar comma = u',';
    const QChar semicolon = u';';
    const QChar tab = u'\t';
    const QChar pipe = u'|';
    const QStringList xy = {"x", "y"};

    // Delimiters.
    QTest::newRow("comma") << bytes("x,y\n1,2\n3,4\n") << comma << false << true << xy
                           << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{2, 3};
    QTest::newRow("semicolon") << bytes("x;y\n1;2\n") << semicolon << false << true << xy
                               << QList<QStringList>{{"1", "2"}} << QList<int>{2};
    QTest::newRow("tab") << bytes("x\ty\n1\t2\n") << tab << false << true << xy
                         << QList<QStringList>{{"1", "2"}} << QList<int>{2};
    QTest::newRow("pipe") << bytes("a|b|c\n1.5|2.5|3\n") << pipe << false << true
                          << QStringList{"a", "b", "c"} << QList<QStringList>{{"1.5", "2.5", "3"}}
                          << QList<int>{2};
    QTest::newRow("spaces around cells") << bytes("x , y\n540.0 ,0.0 \n") << comma << false << true
                                         << xy << QList<QStringList>{{"540.0", "0.0"}}
                                         << QList<int>{2};
    QTest::newRow("tab file with commas in a name")
        << bytes("price, usd\tqty\n1.5\t2\n") << tab << false << true
        << QStringList{"price, usd", "qty"} << QList<QStringList>{{"1.5", "2"}} << QList<int>{2};
    QTest::newRow("comma file with quoted semicolon")
        << bytes("\"a;b\",c\n1,2\n") << comma << false << true << QStringList{"a;b", "c"}
        << QList<QStringList>{{"1", "2"}} << QList<int>{2};
    QTest::newRow("one column") << bytes("y\n1\n2\n") << comma << false << true
                                << QStringList{"y"} << QList<QStringList>{{"1"}, {"2"}}
                                << QList<int>{2, 3};
    QTest::newRow("one column without header")
        << bytes("1.5\n2.5\n") << comma << false << false << QStringList{"column 1"}
        << QList<QStringList>{{"1.5"}, {"2.5"}} << QList<int>{1, 2};

    // Decimal separator.
    QTest::newRow("semicolon with decimal comma")
        << bytes("x;y\n1,5;2\n-0,25;3\n") << semicolon << true << true << xy
        << QList<QStringList>{{"1,5", "2"}, {"-0,25", "3"}} << QList<int>{2, 3};
    QTest::newRow("semicolon with decimal point") << bytes("x;y\n1.5;2\n") << semicolon << false
                                                  << true << xy << QList<QStringList>{{"1.5", "2"}}
                                                  << QList<int>{2};
    QTest::newRow("semicolon with integers") << bytes("1;2\n3;4\n") << semicolon << false << false
                                             << QStringList{"column 1", "column 2"}
                                             << QList<QStringList>{{"1", "2"}, {"3", "4"}}
                                             << QList<int>{1, 2};
    QTest::newRow("decimal commas in the majority")
        << bytes("x;y\n1,5;2,5\n3.5;4,5\n") << semicolon << true << true << xy
        << QList<QStringList>{{"1,5", "2,5"}, {"3.5", "4,5"}} << QList<int>{2, 3};
    QTest::newRow("decimal points in the majority")
        << bytes("x;y\n1.5;2.5\n3,5;4.5\n") << semicolon << false << true << xy
        << QList<QStringList>{{"1.5", "2.5"}, {"3,5", "4.5"}} << QList<int>{2, 3};
    QTest::newRow("comma file never uses decimal comma")
        << bytes("\"1,5\",2\n\"2,5\",3\n") << comma << false << false
        << QStringList{"column 1", "column 2"} << QList<QStringList>{{"1,5", "2"}, {"2,5", "3"}}
        << QList<int>{1, 2};

    // Header.
    QTest::newRow("no header") << bytes("1,2\n3,4\n") << comma << false << false
                               << QStringList{"column 1", "column 2"}
                               << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{1, 2};
    QTest::newRow("header with a number as name")
        << bytes("x1,2020\n1,2\n") << comma << false << true << QStringList{"x1", "2020"}
        << QList<QStringList>{{"1", "2"}} << QList<int>{2};
    QTest::newRow("text in first two rows is no header")
        << bytes("a,b\nc,d\n1,2\n") << comma << false << false
        << QStringList{"column 1", "column 2"}
        << QList<QStringList>{{"a", "b"}, {"c", "d"}, {"1", "2"}} << QList<int>{1, 2, 3};
    QTest::newRow("empty cell in first row is no header")
        << bytes("1,,3\n4,5,6\n") << comma << false << false
        << QStringList{"column 1", "column 2", "column 3"}
        << QList<QStringList>{{"1", "", "3"}, {"4", "5", "6"}} << QList<int>{1, 2};
    QTest::newRow("header with a typo below")
        << bytes("x,y,z\n1,a,3\n") << comma << false << true << QStringList{"x", "y", "z"}
        << QList<QStringList>{{"1", "a", "3"}} << QList<int>{2};
    QTest::newRow("units row below header is no header")
        << bytes("t,v\ns,m\n1,2\n") << comma << false << false
        << QStringList{"column 1", "column 2"}
        << QList<QStringList>{{"t", "v"}, {"s", "m"}, {"1", "2"}} << QList<int>{1, 2, 3};
    QTest::newRow("header with a missing value below")
        << bytes("x,y\n1,\n2,3\n") << comma << false << true << xy
        << QList<QStringList>{{"1", ""}, {"2", "3"}} << QList<int>{2, 3};
    QTest::newRow("empty header name") << bytes("x,,z\n1,2,3\n") << comma << false << true
                                       << QStringList{"x", "column 2", "z"}
                                       << QList<QStringList>{{"1", "2", "3"}} << QList<int>{2};
    QTest::newRow("nan in header row is text")
        << bytes("nan,inf\n1,2\n") << comma << false << true << QStringList{"nan", "inf"}
        << QList<QStringList>{{"1", "2"}} << QList<int>{2};
    QTest::newRow("single row of numbers") << bytes("1,2,3\n") << comma << false << false
                                           << QStringList{"column 1", "column 2", "column 3"}
                                           << QList<QStringList>{{"1", "2", "3"}} << QList<int>{1};
    QTest::newRow("non-ASCII header")
        << QByteArray("Gr\xC3\xB6\xC3\x9F" "e;Temperatur (\xC2\xB0" "C)\n1,5;2\n") << semicolon
        << true << true
        << QStringList{QString::fromUtf8("Größe"), QString::fromUtf8("Temperatur (°C)")}
        << QList<QStringList>{{"1,5", "2"}} << QList<int>{2};

    // Encoding and line ends.
    QTest::newRow("byte-order mark") << bytes("\xEF\xBB\xBFx,y\n1,2\n") << comma << false << true
                                     << xy << QList<QStringList>{{"1", "2"}} << QList<int>{2};
    QTest::newRow("CRLF") << bytes("x,y\r\n1,2\r\n3,4\r\n") << comma << false << true << xy
                          << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{2, 3};
    QTest::newRow("lone CR") << bytes("x,y\r1,2\r3,4") << comma << false << true << xy
                             << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{2, 3};
    QTest::newRow("mixed line ends") << bytes("x,y\r\n1,2\n3,4\r5,6") << comma << false << true
                                     << xy
                                     << QList<QStringList>{{"1", "2"}, {"3", "4"}, {"5", "6"}}
                                     << QList<int>{2, 3, 4};
    QTest::newRow("byte-order mark and CRLF")
        << bytes("\xEF\xBB\xBFx;y\r\n1,5;2\r\n") << semicolon << true << true << xy
        << QList<QStringList>{{"1,5", "2"}} << QList<int>{2};
    QTest::newRow("blank lines keep line numbers")
        << bytes("\n\nx,y\n\n1,2\n   \n3,4\n\n") << comma << false << true << xy
        << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{5, 7};
    QTest::newRow("blank CRLF lines keep line numbers")
        << bytes("x,y\r\n\r\n\r\n1,2\r\n") << comma << false << true << xy
        << QList<QStringList>{{"1", "2"}} << QList<int>{4};
    QTest::newRow("spreadsheet empty rows skipped")
        << bytes("x;y\n1;2\n;\n ; \n3;4\n") << semicolon << false << true << xy
        << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{2, 5};

    // Quoting.
    QTest::newRow("quoted delimiter") << bytes("\"a,b\",c\n1,2\n") << comma << false << true
                                      << QStringList{"a,b", "c"} << QList<QStringList>{{"1", "2"}}
                                      << QList<int>{2};
    QTest::newRow("doubled quote") << bytes("\"say \"\"hi\"\"\",c\n1,2\n") << comma << false
                                   << true << QStringList{"say \"hi\"", "c"}
                                   << QList<QStringList>{{"1", "2"}} << QList<int>{2};
    QTest::newRow("embedded LF") << bytes("\"first\nsecond\",c\n1,2\n3,4\n") << comma << false
                                 << true << QStringList{"first\nsecond", "c"}
                                 << QList<QStringList>{{"1", "2"}, {"3", "4"}} << QList<int>{3, 4};
    QTest::newRow("embedded CRLF stored as LF")
        << bytes("\"a\r\nb\",c\r\n1,2\r\n") << comma << false << true << QStringList{"a\nb", "c"}
        << QList<QStringList>{{"1", "2"}} << QList<int>{3};
    QTest::newRow("embedded line break in data row")
        << bytes("x,y\n\"1\n\",2\n3,4\n") << comma << false << true << xy
        << QList<QStringList>{{"1\n", "2"}, {"3", "4"}} << QList<int>{2, 4};
    QTest::newRow("quoted empty cell kept") << bytes("x,y\n1,\"\"\n") << comma << false << true
                                            << xy << QList<QStringList>{{"1", ""}}
                                            << QList<int>{2};
    QTest::newRow("spaces around quoted field")
        << bytes("x, \"y z\" ,w\n1,2,3\n") << comma << false << true
        << QStringList{"x", "y z", "w"} << QList<QStringList>{{"1", "2", "3"}} << QList<int>{2};
    QTest::newRow("quoted cell keeps inner spaces")
        << bytes("x,y\n\" 1 \",2\n") << comma << false << true << xy
        << QList<QStringList>{{" 1 ", "2"}} << QList<int>{2};
    QTest::newRow("quoted delimiter in semicolon file")
        << bytes("\"a;b\";c\n1;2\n") << semicolon << false << true << QStringList{"a;b", "c"}
        << QList<QStringList>{{"1", "2"}} << QList<int>{2};
}

void TestCsvImport::parseDialects()
{
    QFETCH(QByteArray, content);
    QFETCH(QChar, delimiter);
    QFETCH(bool, decimalComma);
    QFETCH(bool, hasHeader);
    QFETCH(QStringList, header);
    QFETCH(QList<QStringList>, rows);
    QFETCH(QList<int>, lines);

    const CsvTable table = parseCsv(content, fileName);

    QCOMPARE(table.fileName, fileName);
    QCOMPARE(table.delimiter, delimiter);
    QCOMPARE(table.decimalComma, decimalComma);
    QCOMPARE(table.hasHeader, hasHeader);
    QCOMPARE(table.header, header);
    QCOMPARE(rowsOf(table), rows);
    QCOMPARE(rowLinesOf(table), lines);
}

void TestCsvImport::parseErrors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("fragments");

    const QStringList empty = {"empty or contains only blank lines"};
    QTest::newRow("empty file") << QByteArray() << 0 << 0 << empty;
    QTest::newRow("only byte-order mark") << bytes("\xEF\xBB\xBF") << 0 << 0 << empty;
    QTest::newRow("only blank lines") << bytes("\n\r\n  \n\t\n\r") << 0 << 0 << empty;

    const QStringList headerOnly = {"header row but no data rows"};
    QTest::newRow("header only") << bytes("x,y\n") << 1 << 0 << headerOnly;
    QTest::newRow("header only after blank lines") << bytes("\n\nx,y\n\n") << 3 << 0 << headerOnly;
    QTest::newRow("one text row") << bytes("price") << 1 << 0 << headerOnly;

    QTest::newRow("row with an extra cell")
        << bytes("x,y\n1,2\n3,4,5\n") << 3 << 3
        << QStringList{"row has 3 cells but the header has 2", "separated by commas"};
    QTest::newRow("row with a missing cell")
        << bytes("x,y,z\n1,2,3\n4,5\n") << 3 << 3
        << QStringList{"row has 2 cells but the header has 3"};
    QTest::newRow("ragged row without header")
        << bytes("1,2\n3,4,5\n") << 2 << 3
        << QStringList{"row has 3 cells but the first row (line 1) has 2"};
    QTest::newRow("ragged row after blank lines")
        << bytes("x;y\n\n1;2\n\n\n3\n") << 6 << 2
        << QStringList{"row has 1 cell but the header has 2", "separated by semicolons"};
    QTest::newRow("extra cell in one-column file")
        << bytes("y\n1\n2,3\n") << 3 << 2
        << QStringList{"row has 2 cells but the header has 1 cell. Every row needs 1 cell "
                       "separated by commas."};
    QTest::newRow("ragged row in tab file")
        << bytes("x\ty\n1\t2\t3\n4\t5\n") << 2 << 3
        << QStringList{"row has 3 cells but the header has 2", "separated by tabs"};

    QTest::newRow("unterminated quote")
        << bytes("x,y\n1,\"2\n3,4\n5,6\n") << 2 << 2
        << QStringList{"unterminated quoted field", "opens column 2 on line 2"};
    QTest::newRow("unterminated quote in header")
        << bytes("\"x,y\n1,2\n") << 1 << 1
        << QStringList{"unterminated quoted field", "opens column 1 on line 1"};
    QTest::newRow("unterminated quote after quoted line break")
        << bytes("\"a\nb\",c\n1,\"2\n") << 3 << 2
        << QStringList{"unterminated quoted field", "opens column 2 on line 3"};
    QTest::newRow("text after closing quote")
        << bytes("x,y\n\"say \"hi\" now\",2\n") << 2 << 1
        << QStringList{"unexpected text after the closing quote in column 1", "doubled"};

    QTest::newRow("Latin-1 text") << bytes("Gr\xF6\xDF" "e,y\n1,2\n") << 1 << 0
                                  << QStringList{"invalid UTF-8 byte 0xf6 after \"Gr\"",
                                                 "Save it as UTF-8"};
    QTest::newRow("invalid UTF-8 on a later line")
        << bytes("x,y\r\n1,2\r\n\xE4,3\n") << 3 << 0
        << QStringList{"invalid UTF-8 byte 0xe4 after \"\""};
    QTest::newRow("truncated UTF-8 sequence")
        << bytes("x,y\n1,2\xE2\x82") << 2 << 0
        << QStringList{"invalid UTF-8 byte 0xe2 after \"1,2\""};
    QTest::newRow("overlong UTF-8 encoding")
        << bytes("\xC0\xAF,y\n1,2\n") << 1 << 0 << QStringList{"invalid UTF-8 byte 0xc0"};
    QTest::newRow("UTF-8 encoded surrogate")
        << bytes("x,y\n\xED\xA0\x80,2\n") << 2 << 0 << QStringList{"invalid UTF-8 byte 0xed"};
    QTest::newRow("UTF-16 byte-order mark")
        << bytes("\xFF\xFEx\0,\0y\0") << 1 << 0 << QStringList{"UTF-16 encoded"};
    QTest::newRow("NUL character") << bytes("x,y\n1,\0\n") << 2 << 0
                                   << QStringList{"contains a NUL character"};
}

void TestCsvImport::parseErrors()
{
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QStringList, fragments);

    const auto error = dataErrorFrom([&] { parseCsv(content, fileName); });

    QVERIFY2(error, "parseCsv threw no DataError");
    QCOMPARE(error->file(), fileName);
    QCOMPARE(error->line(), line);
    QCOMPARE(error->column(), column);
    const QString message = QString::fromStdString(error->what());
    QVERIFY2(message.startsWith(expectedPrefix(fileName, line, column)), qPrintable(message));
    for (const QString &fragment : fragments)
        QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
}

void TestCsvImport::unnamedInputInMessages()
{
    const auto error = dataErrorFrom([] { parseCsv(QByteArray(), QString()); });

    QVERIFY2(error, "parseCsv threw no DataError");
    QVERIFY2(QString::fromStdString(error->what()).startsWith(QStringLiteral("<csv>: ")),
             error->what());
}

void TestCsvImport::numbers_data()
{
    QTest::addColumn<QByteArray>("cell");
    QTest::addColumn<bool>("decimalComma");
    QTest::addColumn<double>("expected");

    QTest::newRow("integer") << QByteArray("42") << false << 42.0;
    QTest::newRow("decimal point") << QByteArray("1.5") << false << 1.5;
    QTest::newRow("spaces around number") << QByteArray(" 540.0 ") << false << 540.0;
    QTest::newRow("tab around number") << QByteArray("\t7\t") << false << 7.0;
    QTest::newRow("negative") << QByteArray("-2.25") << false << -2.25;
    QTest::newRow("plus sign") << QByteArray("+3") << false << 3.0;
    QTest::newRow("exponent") << QByteArray("1e3") << false << 1000.0;
    QTest::newRow("upper-case exponent with sign") << QByteArray("1.5E-3") << false << 1.5e-3;
    QTest::newRow("exponent with plus") << QByteArray("2e+2") << false << 200.0;
    QTest::newRow("leading point") << QByteArray(".5") << false << 0.5;
    QTest::newRow("trailing point") << QByteArray("5.") << false << 5.0;
    QTest::newRow("negative zero") << QByteArray("-0") << false << -0.0;
    QTest::newRow("one tenth") << QByteArray("0.1") << false << 0.1;
    QTest::newRow("more digits than a double")
        << QByteArray("3.14159265358979323846") << false << 3.141592653589793;
    QTest::newRow("smallest subnormal") << QByteArray("5e-324") << false
                                        << std::numeric_limits<double>::denorm_min();
    QTest::newRow("largest double") << QByteArray("1.7976931348623157e308") << false
                                    << std::numeric_limits<double>::max();
    QTest::newRow("quoted number") << QByteArray("\" 12.5\"") << false << 12.5;

    QTest::newRow("decimal comma") << QByteArray("1,5") << true << 1.5;
    QTest::newRow("negative decimal comma") << QByteArray("-0,25") << true << -0.25;
    QTest::newRow("decimal comma with spaces") << QByteArray(" 3,0 ") << true << 3.0;
    QTest::newRow("decimal comma with exponent") << QByteArray("1,5e3") << true << 1500.0;
    QTest::newRow("integer in decimal-comma file") << QByteArray("7") << true << 7.0;
    QTest::newRow("one tenth with decimal comma") << QByteArray("0,1") << true << 0.1;
}

void TestCsvImport::numbers()
{
    QFETCH(QByteArray, cell);
    QFETCH(bool, decimalComma);
    QFETCH(double, expected);

    // In the decimal-comma case the second column contains a decimal comma for detection to find.
    const QByteArray content = decimalComma ? "x;y\n" + cell + ";0,5\n" : "x,y\n" + cell + ",0\n";
    const CsvTable table = parseCsv(content, fileName);
    QCOMPARE(table.decimalComma, decimalComma);

    const Dataset dataset = datasetFromTable(table, {});
    QCOMPARE(dataset.trainInputs.rows(), 1);
    QCOMPARE(dataset.trainInputs.cols(), 1);
    const double value = dataset.trainInputs(0, 0);
    QVERIFY2(sameDouble(value, expected),
             qPrintable(QStringLiteral("read %1, expected %2")
                            .arg(value, 0, 'g', 17)
                            .arg(expected, 0, 'g', 17)));
}

void TestCsvImport::valueErrors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("fragments");

    // Cells in the first column of "x,y\n1,2\n<cell>,3\n".
    const auto badCell = [](const char *name, const QByteArray &cell, const QString &shown) {
        QTest::newRow(name) << "x,y\n1,2\n" + cell + ",3\n" << 3 << 1
                            << QStringList{"non-numeric value \"" + shown
                                               + "\" in column 1 (\"x\")",
                                           "Every cell must be a number",
                                           "Fix or remove that row"};
    };
    badCell("word", "abc", "abc");
    badCell("nan", "nan", "nan");
    badCell("NaN", "NaN", "NaN");
    badCell("inf", "inf", "inf");
    badCell("negative infinity", "-inf", "-inf");
    badCell("Infinity", "Infinity", "Infinity");
    badCell("NA", "NA", "NA");
    badCell("hexadecimal", "0x10", "0x10");
    badCell("thousands separator", "\"1,000\"", "1,000");
    badCell("space inside number", "1 000", "1 000");
    badCell("two decimal points", "1.2.3", "1.2.3");
    badCell("double sign", "--1", "--1");
    badCell("unit after number", "5kg", "5kg");
    badCell("exponent without digits", "1e", "1e");
    badCell("exponent only", "e5", "e5");
    badCell("lone sign", "-", "-");
    badCell("lone point", ".", ".");
    badCell("unicode minus", "\xE2\x88\x92" "1", QString::fromUtf8("−1"));
    badCell("fullwidth digit", "\xEF\xBC\x91", QString::fromUtf8("１"));

    QTest::newRow("number too large")
        << bytes("x,y\n1e999,2\n") << 2 << 1
        << QStringList{"value \"1e999\" in column 1 (\"x\") is too large or too small"};
    QTest::newRow("number too small")
        << bytes("x,y\n1,-1e-400\n") << 2 << 2
        << QStringList{"value \"-1e-400\" in column 2 (\"y\") is too large or too small"};

    QTest::newRow("missing value")
        << bytes("x,y,z\n1,,3\n") << 2 << 2
        << QStringList{"missing value in column 2 (\"y\")", "Fill in the value or remove the row"};
    QTest::newRow("blank cell") << bytes("x,y,z\n1, ,3\n") << 2 << 2
                                << QStringList{"missing value in column 2 (\"y\")"};
    QTest::newRow("quoted empty cell")
        << bytes("x,y\n1,\"\"\n") << 2 << 2 << QStringList{"missing value in column 2 (\"y\")"};
    QTest::newRow("missing value without header")
        << bytes("1,2\n,4\n") << 2 << 1 << QStringList{"missing value in column 1."};
    QTest::newRow("trailing delimiter on every line")
        << bytes("x,y,\n1,2,\n") << 2 << 3
        << QStringList{"missing value in column 3 (\"column 3\")",
                       "If every line ends with a delimiter"};

    QTest::newRow("text in first two rows")
        << bytes("a,b\nc,d\n1,2\n") << 1 << 1
        << QStringList{"non-numeric value \"a\" in column 1.",
                       "not read as a header because line 2 contains at least as much text: "
                       "\"c\" in column 1."};
    QTest::newRow("typo in first data row")
        << bytes("x,y\n1,a\n2,3\n") << 2 << 2
        << QStringList{"non-numeric value \"a\" in column 2 (\"y\")"};
    QTest::newRow("decimal point in decimal-comma file")
        << bytes("x;y\n1,5;2,5\n3.5;4,5\n") << 3 << 1
        << QStringList{"non-numeric value \"3.5\"", "such as 1,5, -2 or 3e-4",
                       "Most numbers in this file use a decimal comma"};
    QTest::newRow("decimal comma in decimal-point file")
        << bytes("x;y\n1.5;2.5\n3,5;4.5\n") << 3 << 1
        << QStringList{"non-numeric value \"3,5\"", "such as 1.5, -2 or 3e-4",
                       "read with decimal points"};
    QTest::newRow("thousands point in decimal-comma file")
        << bytes("x;y\n1.234,5;2,5\n") << 2 << 1
        << QStringList{"non-numeric value \"1.234,5\"", "thousands separators"};

    QTest::newRow("row after quoted line break")
        << bytes("\"a\nb\",c\n1,x\n") << 3 << 2
        << QStringList{"non-numeric value \"x\" in column 2 (\"c\")"};
    QTest::newRow("row after blank lines") << bytes("x,y\n\n\n1,abc\n") << 4 << 2
                                           << QStringList{"non-numeric value \"abc\""};
    QTest::newRow("first bad cell in file order")
        << bytes("x,y\n1,a\nb,2\n") << 2 << 2 << QStringList{"non-numeric value \"a\""};
    QTest::newRow("long value shortened")
        << QByteArray("x,y\n1," + QByteArray(60, 'a') + "\n") << 2 << 2
        << QStringList{"\"" + QString(40, u'a') + "...\""};
    QTest::newRow("line break in bad value shown")
        << bytes("x,y\n1,\"a\nb\"\n") << 2 << 2 << QStringList{"non-numeric value \"a\\nb\""};
}

void TestCsvImport::valueErrors()
{
    QFETCH(QByteArray, content);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QStringList, fragments);

    const CsvTable table = parseCsv(content, fileName);
    const auto error = dataErrorFrom([&] { datasetFromTable(table, {}); });

    QVERIFY2(error, "datasetFromTable threw no DataError");
    QCOMPARE(error->file(), fileName);
    QCOMPARE(error->line(), line);
    QCOMPARE(error->column(), column);
    const QString message = QString::fromStdString(error->what());
    QVERIFY2(message.startsWith(expectedPrefix(fileName, line, column)), qPrintable(message));
    for (const QString &fragment : fragments)
        QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
}

void TestCsvImport::errorLineInLongFile()
{
    QByteArray content = "a,b,c\r\n";
    for (int line = 2; line <= 1000; ++line) {
        if (line == 750)
            content += "1,2,x\r\n";
        else
            content += QByteArray::number(line) + ",0.5,-1\r\n";
    }

    const CsvTable table = parseCsv(content, fileName);
    QCOMPARE(table.rows.size(), std::size_t(999));
    QCOMPARE(table.rowLines.back(), 1000);
    const auto error = dataErrorFrom([&] { datasetFromTable(table, {}); });

    QVERIFY2(error, "datasetFromTable threw no DataError");
    QCOMPARE(error->line(), 750);
    QCOMPARE(error->column(), 3);
    QVERIFY2(QString::fromStdString(error->what()).startsWith(QStringLiteral("data.csv:750:3: ")),
             error->what());
}

void TestCsvImport::targets_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QStringList>("inputNames");
    QTest::addColumn<QStringList>("targetNames");
    QTest::addColumn<QList<QList<double>>>("inputs");
    QTest::addColumn<QList<QList<double>>>("targetValues");

    const QByteArray abc = "a,b,c\n1,2,3\n4,5,6\n";
    using Rows = QList<QList<double>>;

    QTest::newRow("default last column") << abc << QStringList{} << QStringList{"a", "b"}
                                         << QStringList{"c"} << Rows{{1, 4}, {2, 5}}
                                         << Rows{{3, 6}};
    QTest::newRow("by name") << abc << QStringList{"a"} << QStringList{"b", "c"}
                             << QStringList{"a"} << Rows{{2, 5}, {3, 6}} << Rows{{1, 4}};
    QTest::newRow("by number") << abc << QStringList{"2"} << QStringList{"a", "c"}
                               << QStringList{"b"} << Rows{{1, 4}, {3, 6}} << Rows{{2, 5}};
    QTest::newRow("by case-insensitive name") << abc << QStringList{"B"} << QStringList{"a", "c"}
                                              << QStringList{"b"} << Rows{{1, 4}, {3, 6}}
                                              << Rows{{2, 5}};
    QTest::newRow("name with surrounding spaces")
        << abc << QStringList{" c "} << QStringList{"a", "b"} << QStringList{"c"}
        << Rows{{1, 4}, {2, 5}} << Rows{{3, 6}};
    QTest::newRow("several targets in request order")
        << abc << QStringList{"c", "a"} << QStringList{"b"} << QStringList{"c", "a"}
        << Rows{{2, 5}} << Rows{{3, 6}, {1, 4}};
    QTest::newRow("name and number mixed") << abc << QStringList{"a", "3"} << QStringList{"b"}
                                           << QStringList{"a", "c"} << Rows{{2, 5}}
                                           << Rows{{1, 4}, {3, 6}};
    QTest::newRow("exact name before column number")
        << QByteArray("x,1,2\n10,20,30\n") << QStringList{"1"} << QStringList{"x", "2"}
        << QStringList{"1"} << Rows{{10}, {30}} << Rows{{20}};
    QTest::newRow("exact case before other case")
        << QByteArray("Price,price,z\n1,2,3\n") << QStringList{"price"}
        << QStringList{"Price", "z"} << QStringList{"price"} << Rows{{1}, {3}} << Rows{{2}};
    QTest::newRow("generated name without header")
        << QByteArray("1,2,3\n4,5,6\n") << QStringList{"column 1"}
        << QStringList{"column 2", "column 3"} << QStringList{"column 1"}
        << Rows{{2, 5}, {3, 6}} << Rows{{1, 4}};
    QTest::newRow("decimal comma values")
        << QByteArray("a;b\n1,5;-2,25\n3;4e-1\n") << QStringList{} << QStringList{"a"}
        << QStringList{"b"} << Rows{{1.5, 3}} << Rows{{-2.25, 0.4}};
    QTest::newRow("quoted name with delimiter")
        << QByteArray("\"a,b\",c\n1,2\n") << QStringList{"a,b"} << QStringList{"c"}
        << QStringList{"a,b"} << Rows{{2}} << Rows{{1}};
}

void TestCsvImport::targets()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, targets);
    QFETCH(QStringList, inputNames);
    QFETCH(QStringList, targetNames);
    QFETCH(QList<QList<double>>, inputs);
    QFETCH(QList<QList<double>>, targetValues);

    const Dataset dataset = datasetFromTable(parseCsv(content, fileName), targets);

    QCOMPARE(dataset.inputNames, inputNames);
    QCOMPARE(dataset.targetNames, targetNames);
    QVERIFY2(matrixEquals(dataset.trainInputs, inputs),
             qPrintable(describeMatrix(dataset.trainInputs)));
    QVERIFY2(matrixEquals(dataset.trainTargets, targetValues),
             qPrintable(describeMatrix(dataset.trainTargets)));
}

void TestCsvImport::targetErrors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QStringList>("fragments");

    const QByteArray abc = "a,b,c\n1,2,3\n";

    QTest::newRow("unknown name")
        << abc << QStringList{"prize"}
        << QStringList{"unknown target column \"prize\"", "The columns are \"a\", \"b\", \"c\"",
                       "column number from 1 to 3"};
    QTest::newRow("column number zero")
        << abc << QStringList{"0"}
        << QStringList{"target column number 0 is out of range", "numbered 1 to 3"};
    QTest::newRow("column number too large")
        << abc << QStringList{"4"} << QStringList{"target column number 4 is out of range"};
    QTest::newRow("negative column number")
        << abc << QStringList{"-1"} << QStringList{"target column number -1 is out of range"};
    QTest::newRow("empty name") << abc << QStringList{" "}
                                << QStringList{"empty target column name"};
    QTest::newRow("ambiguous other-case name")
        << QByteArray("Price,PRICE,z\n1,2,3\n") << QStringList{"price"}
        << QStringList{"target column \"price\" is ambiguous",
                       "column 1 (\"Price\") and column 2 (\"PRICE\")"};
    QTest::newRow("duplicate header name")
        << QByteArray("x,x,y\n1,2,3\n") << QStringList{"x"}
        << QStringList{"target column \"x\" is ambiguous",
                       "column 1 (\"x\") and column 2 (\"x\")"};
    QTest::newRow("same column by name and number")
        << abc << QStringList{"a", "1"}
        << QStringList{"target column 1 (\"a\") is chosen twice (as \"a\" and as \"1\")"};
    QTest::newRow("same name twice")
        << abc << QStringList{"b", "B"}
        << QStringList{"target column 2 (\"b\") is chosen twice (as \"b\" and as \"B\")"};
    QTest::newRow("all columns")
        << abc << QStringList{"a", "b", "c"}
        << QStringList{"all 3 columns are chosen as targets", "no input column is left"};
    QTest::newRow("one-column file") << QByteArray("y\n1\n2\n") << QStringList{}
                                     << QStringList{"only one column, \"y\"",
                                                    "no input column is left"};

    QByteArray wide;
    for (int i = 1; i <= 25; ++i)
        wide += (i > 1 ? "," : "") + QByteArray("c") + QByteArray::number(i);
    wide += '\n';
    for (int i = 1; i <= 25; ++i)
        wide += (i > 1 ? "," : "") + QByteArray::number(i);
    QTest::newRow("long column list shortened")
        << wide << QStringList{"c26"}
        << QStringList{"\"c1\", \"c2\"", "\"c20\", ... (25 columns in all)",
                       "column number from 1 to 25"};
}

void TestCsvImport::targetErrors()
{
    QFETCH(QByteArray, content);
    QFETCH(QStringList, targets);
    QFETCH(QStringList, fragments);

    const CsvTable table = parseCsv(content, fileName);
    const auto error = dataErrorFrom([&] { datasetFromTable(table, targets); });

    QVERIFY2(error, "datasetFromTable threw no DataError");
    QCOMPARE(error->file(), fileName);
    QCOMPARE(error->line(), 0);
    QCOMPARE(error->column(), 0);
    const QString message = QString::fromStdString(error->what());
    QVERIFY2(message.startsWith(QStringLiteral("data.csv: ")), qPrintable(message));
    for (const QString &fragment : fragments)
        QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
}

void TestCsvImport::datasetLayout()
{
    const CsvTable table = parseCsv("u,v,w,t\n1,2,3,4\n5,6,7,8\n9,10,11,12\n", fileName);

    const Dataset dataset = datasetFromTable(table, {"v"});

    // One sample per column: three samples, three inputs, one target.
    QCOMPARE(dataset.inputCount(), 3);
    QCOMPARE(dataset.outputCount(), 1);
    QCOMPARE(dataset.trainCount(), 3);
    QCOMPARE(dataset.testCount(), 0);
    QCOMPARE(dataset.testInputs.rows(), 3);
    QCOMPARE(dataset.testTargets.rows(), 1);
    QVERIFY(matrixEquals(dataset.trainInputs, {{1, 5, 9}, {3, 7, 11}, {4, 8, 12}}));
    QVERIFY(matrixEquals(dataset.trainTargets, {{2, 6, 10}}));
    QVERIFY(dataset.inputMean.size() == 0);
    QVERIFY(dataset.targetScale.size() == 0);
    QVERIFY(dataset.outlierSamples.empty());
}

void TestCsvImport::handBuiltTableErrors()
{
    CsvTable table;
    table.fileName = fileName;
    table.delimiter = u',';
    table.header = {"x", "y"};

    const auto noRows = dataErrorFrom([&] { datasetFromTable(table, {}); });
    QVERIFY2(noRows, "datasetFromTable threw no DataError for a table without rows");
    QVERIFY2(QString::fromStdString(noRows->what()).contains(QStringLiteral("no data rows")),
             noRows->what());

    table.rows = {{"1", "2"}, {"3"}};
    table.rowLines = {4, 5};
    const auto ragged = dataErrorFrom([&] { datasetFromTable(table, {}); });
    QVERIFY2(ragged, "datasetFromTable threw no DataError for a ragged table");
    QCOMPARE(ragged->line(), 5);
    QCOMPARE(ragged->column(), 2);
    const QString raggedMessage = QString::fromStdString(ragged->what());
    QVERIFY2(raggedMessage.contains(QStringLiteral("row has 1 cell but the table has 2 columns")),
             ragged->what());
}

void TestCsvImport::readFileFromDisk()
{
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    const QString path = dir.filePath(QStringLiteral("measurements.csv"));
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
    file.write("\xEF\xBB\xBF\"length; cm\";mass\r\n"
               "1,5;2\r\n"
               "\r\n"
               "-3,25;4e2\r\n");
    file.close();

    const CsvTable table = readCsvFile(path);

    QCOMPARE(table.fileName, path);
    QCOMPARE(table.delimiter, QChar(u';'));
    QVERIFY(table.decimalComma);
    QVERIFY(table.hasHeader);
    QCOMPARE(table.header, (QStringList{"length; cm", "mass"}));
    QCOMPARE(rowLinesOf(table), (QList<int>{2, 4}));

    const Dataset dataset = datasetFromTable(table, {"mass"});
    QCOMPARE(dataset.inputNames, QStringList{"length; cm"});
    QCOMPARE(dataset.targetNames, QStringList{"mass"});
    QVERIFY2(matrixEquals(dataset.trainInputs, {{1.5, -3.25}}),
             qPrintable(describeMatrix(dataset.trainInputs)));
    QVERIFY2(matrixEquals(dataset.trainTargets, {{2, 400}}),
             qPrintable(describeMatrix(dataset.trainTargets)));
}

void TestCsvImport::readFileErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("missing file") << "missing" << "file not found";
    QTest::newRow("directory") << "directory" << "this is a directory";
    QTest::newRow("file over size limit") << "too large" << "larger than the 64 MiB limit";
    QTest::newRow("empty file") << "empty" << "the file is empty";
    QTest::newRow("device") << "device" << "not a regular file";
    QTest::newRow("empty path") << "no path" << "no CSV file name given";
}

void TestCsvImport::readFileErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, fragment);

    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    QString path = dir.filePath(QStringLiteral("data.csv"));
    if (kind == u"directory") {
        path = dir.path();
    } else if (kind == u"too large" || kind == u"empty") {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
        // resize() makes a sparse file, so the test writes no data to disk.
        const qint64 size = kind == u"too large" ? csv::maxDatasetFileSize + 1 : 0;
        QVERIFY2(file.resize(size), qPrintable(file.errorString()));
    } else if (kind == u"device") {
        path = QStringLiteral("/dev/null");
        if (!QFile::exists(path))
            QSKIP("/dev/null does not exist on this system");
    } else if (kind == u"no path") {
        path.clear();
    }

    const auto error = dataErrorFrom([&] { readCsvFile(path); });

    QVERIFY2(error, "readCsvFile threw no DataError");
    QCOMPARE(error->file(), path);
    QCOMPARE(error->line(), 0);
    const QString message = QString::fromStdString(error->what());
    const QString shownPath = path.isEmpty() ? QStringLiteral("<csv>") : path;
    QVERIFY2(message.startsWith(shownPath + QStringLiteral(": ")), qPrintable(message));
    QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
}

void TestCsvImport::readFileUnreadable()
{
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    const QString path = dir.filePath(QStringLiteral("secret.csv"));
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
    file.write("x,y\n1,2\n");
    file.close();
    QVERIFY(file.setPermissions(QFileDevice::WriteOwner));

    QFile probe(path);
    if (probe.open(QIODevice::ReadOnly))
        QSKIP("the file stays readable without read permission, as it does for root");

    const auto error = dataErrorFrom([&] { readCsvFile(path); });

    QVERIFY2(error, "readCsvFile threw no DataError");
    QCOMPARE(error->file(), path);
    const QString message = QString::fromStdString(error->what());
    QVERIFY2(message.startsWith(path + QStringLiteral(": the file cannot be opened")),
             qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("Permission denied")), qPrintable(message));
}

void TestCsvImport::localeIndependence()
{
    const QLocale previous;
    const auto restore = qScopeGuard([&] { QLocale::setDefault(previous); });
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QCOMPARE(QLocale().decimalPoint(), QStringLiteral(","));

    const CsvTable pointTable = parseCsv("x,y\n1.5,1.234\n-2e3,0.1\n", fileName);
    const Dataset pointFile = datasetFromTable(pointTable, {});
    QVERIFY2(matrixEquals(pointFile.trainInputs, {{1.5, -2000}}),
             qPrintable(describeMatrix(pointFile.trainInputs)));
    QVERIFY2(matrixEquals(pointFile.trainTargets, {{1.234, 0.1}}),
             qPrintable(describeMatrix(pointFile.trainTargets)));

    const Dataset commaFile = datasetFromTable(parseCsv("x;y\n1,5;2\n", fileName), {});
    QVERIFY2(matrixEquals(commaFile.trainInputs, {{1.5}}),
             qPrintable(describeMatrix(commaFile.trainInputs)));

    // German grouping ("1.234,5") stays rejected although the default locale accepts it.
    const CsvTable grouped = parseCsv("x;y\n1.234,5;2,5\n", fileName);
    const auto error = dataErrorFrom([&] { datasetFromTable(grouped, {}); });
    QVERIFY2(error, "a German-grouped number was accepted");
    QCOMPARE(error->line(), 2);
    QCOMPARE(error->column(), 1);
}

QTEST_GUILESS_MAIN(TestCsvImport)
#include "tst_csvimport.moc"
