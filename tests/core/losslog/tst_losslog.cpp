#include "errors.h"
#include "losslog.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>

using namespace initlab;

namespace {

const QString fileName = QStringLiteral("metrics.csv");

// Real loss logs from public repositories, read in place when the machine has them.
const QString realLogFolder = QStringLiteral("/work/shared/data/losslogs");

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

// Exact comparison that also matches NaN with NaN, so no tolerance hides a parsing error.
bool sameDouble(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

bool sameValues(const std::vector<double> &actual, const QList<double> &expected)
{
    return std::equal(actual.begin(), actual.end(), expected.begin(), expected.end(), sameDouble);
}

QString describeValues(const std::vector<double> &values)
{
    QStringList texts;
    for (double value : values)
        texts.append(QString::number(value, 'g', 17));
    return u'[' + texts.join(QStringLiteral(", ")) + u']';
}

QList<qint64> stepsOf(const LossLog &log)
{
    return QList<qint64>(log.steps.begin(), log.steps.end());
}

QList<int> linesOf(const LossLog &log)
{
    return QList<int>(log.lines.begin(), log.lines.end());
}

// "metrics.csv:3:2: ", "metrics.csv:3: " or "metrics.csv: ", as the reader prefixes its messages.
QString expectedPrefix(const QString &file, int line, int column)
{
    QString prefix = file;
    if (line > 0)
        prefix += u':' + QString::number(line);
    if (line > 0 && column > 0)
        prefix += u':' + QString::number(column);
    return prefix + QStringLiteral(": ");
}

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

} // namespace

class TestLossLog : public QObject
{
    Q_OBJECT

private slots:
    void formats_data();
    void formats();
    void columnChoice_data();
    void columnChoice();
    void sparseLightningRows();
    void nonFiniteValues_data();
    void nonFiniteValues();
    void duplicateStepKeepsLast();
    void restartedRunReplacesOverlap();
    void rowNumbersCountSkippedRows();

    void errors_data();
    void errors();
    void readFileFromDisk();
    void readFileErrors_data();
    void readFileErrors();

    void realLogs_data();
    void realLogs();
};

void TestLossLog::formats_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("stepColumn");
    QTest::addColumn<QString>("valueColumn");
    QTest::addColumn<QList<qint64>>("steps");
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QList<int>>("lines");

    QTest::newRow("tensorboard export")
        << QByteArray("Wall time,Step,Value\n"
                      "1617798680.25,5,0.68932306\n"
                      "1617798769,18,0.685947016\n"
                      "1617798814,24,0.683370931\n")
        << "tensorboard" << "Step" << "Value" << QList<qint64>{5, 18, 24}
        << QList<double>{0.68932306, 0.685947016, 0.683370931} << QList<int>{2, 3, 4};

    QTest::newRow("lightning dense metrics")
        << QByteArray("epoch,step,train_loss,val_acc\n"
                      "0,0,2.5,0.1\n"
                      "0,1,2.25,0.2\n"
                      "1,2,1.75,0.3\n")
        << "lightning" << "step" << "train_loss" << QList<qint64>{0, 1, 2}
        << QList<double>{2.5, 2.25, 1.75} << QList<int>{2, 3, 4};

    QTest::newRow("keras csvlogger")
        << QByteArray("epoch,accuracy,loss,val_accuracy,val_loss\n"
                      "0,0.51,0.693,0.5,0.69\n"
                      "1,0.62,0.61,0.58,0.64\n")
        << "keras" << "epoch" << "loss" << QList<qint64>{0, 1} << QList<double>{0.693, 0.61}
        << QList<int>{2, 3};

    QTest::newRow("initlab history")
        << QByteArray("iteration,mse,batch_mse,grad_norm,learning_rate,update_ratio,non_finite,"
                      "grad_norm_layer1\n"
                      "0,1.5,,,,,0,\n"
                      "1,1.25,1.375,0.5,0.01,0.001,0,0.4\n"
                      "2,1e-3,2e-3,0.25,0.01,0.001,0,\n")
        << "initlab" << "iteration" << "mse" << QList<qint64>{0, 1, 2}
        << QList<double>{1.5, 1.25, 1e-3} << QList<int>{2, 3, 4};

    QTest::newRow("generic step and loss")
        << QByteArray("step,loss\n10,0.5\n20,0.25\n") << "generic" << "step" << "loss"
        << QList<qint64>{10, 20} << QList<double>{0.5, 0.25} << QList<int>{2, 3};

    QTest::newRow("generic loss without step column")
        << QByteArray("loss\n0.5\n0.25\n0.125\n") << "generic" << "" << "loss"
        << QList<qint64>{1, 2, 3} << QList<double>{0.5, 0.25, 0.125} << QList<int>{2, 3, 4};

    QTest::newRow("generic only column besides step")
        << QByteArray("iter,error\n1,0.5\n2,0.25\n") << "generic" << "iter" << "error"
        << QList<qint64>{1, 2} << QList<double>{0.5, 0.25} << QList<int>{2, 3};

    QTest::newRow("generic only training loss-named column")
        << QByteArray("global_step,lr,model_loss,val_model_loss\n100,0.1,3.5,3.75\n200,0.1,3,3.5\n")
        << "generic" << "global_step" << "model_loss" << QList<qint64>{100, 200}
        << QList<double>{3.5, 3} << QList<int>{2, 3};

    QTest::newRow("no header one column")
        << QByteArray("0.5\n0.25\n0.125\n") << "generic" << "" << "column 1"
        << QList<qint64>{1, 2, 3} << QList<double>{0.5, 0.25, 0.125} << QList<int>{1, 2, 3};

    QTest::newRow("no header, first value nan")
        << QByteArray("nan\n0.5\n") << "generic" << "" << "column 1" << QList<qint64>{1, 2}
        << QList<double>{notANumber, 0.5} << QList<int>{1, 2};

    QTest::newRow("no header two columns")
        << QByteArray("0,0.46452534\r\n1,0.38778326\r\n2,0.094554424\r\n") << "generic"
        << "column 1" << "column 2" << QList<qint64>{0, 1, 2}
        << QList<double>{0.46452534, 0.38778326, 0.094554424} << QList<int>{1, 2, 3};

    // Python's csv module writing "\r\n" through a Windows text-mode file gives "\r\r\n": the lone
    // CR ends a line, and the empty line after it is skipped.
    QTest::newRow("no header quoted cells with CR CR LF")
        << QByteArray("\"1\",\"52.58781051635742\"\r\r\n\"2\",\"32.052894592285156\"\r\r\n")
        << "generic" << "column 1" << "column 2" << QList<qint64>{1, 2}
        << QList<double>{52.58781051635742, 32.052894592285156} << QList<int>{1, 3};

    QTest::newRow("CRLF and byte-order mark")
        << QByteArray("\xEF\xBB\xBFstep,loss\r\n1,0.5\r\n\r\n2,0.25\r\n") << "generic" << "step"
        << "loss" << QList<qint64>{1, 2} << QList<double>{0.5, 0.25} << QList<int>{2, 4};

    QTest::newRow("semicolons and decimal commas")
        << QByteArray("step;loss\n1;0,5\n2;0,25\n") << "generic" << "step" << "loss"
        << QList<qint64>{1, 2} << QList<double>{0.5, 0.25} << QList<int>{2, 3};

    QTest::newRow("tab separated")
        << QByteArray("step\tloss\n1\t0.5\n2\t0.25\n") << "generic" << "step" << "loss"
        << QList<qint64>{1, 2} << QList<double>{0.5, 0.25} << QList<int>{2, 3};

    QTest::newRow("steps written as floats")
        << QByteArray("step,loss\n1.0,0.5\n2e1,0.25\n") << "generic" << "step" << "loss"
        << QList<qint64>{1, 20} << QList<double>{0.5, 0.25} << QList<int>{2, 3};

    QTest::newRow("negative steps")
        << QByteArray("step,loss\n-2,0.5\n-1,0.25\n") << "generic" << "step" << "loss"
        << QList<qint64>{-2, -1} << QList<double>{0.5, 0.25} << QList<int>{2, 3};
}

void TestLossLog::formats()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, format);
    QFETCH(QString, stepColumn);
    QFETCH(QString, valueColumn);
    QFETCH(QList<qint64>, steps);
    QFETCH(QList<double>, values);
    QFETCH(QList<int>, lines);

    const LossLog log = parseLossLog(content, fileName);

    QCOMPARE(log.fileName, fileName);
    QCOMPARE(log.format, format);
    QCOMPARE(log.stepColumn, stepColumn);
    QCOMPARE(log.valueColumn, valueColumn);
    QCOMPARE(stepsOf(log), steps);
    QVERIFY2(sameValues(log.values, values), qPrintable(describeValues(log.values)));
    QCOMPARE(linesOf(log), lines);
    QVERIFY(log.restarts.empty());
    QCOMPARE(log.emptyRows, 0);
}

void TestLossLog::columnChoice_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("valueRequest");
    QTest::addColumn<QString>("stepRequest");
    QTest::addColumn<QString>("valueColumn");
    QTest::addColumn<QString>("stepColumn");
    QTest::addColumn<QList<double>>("values");

    const QByteArray lightning("epoch,step,train_loss_epoch,train_loss_step,loss\n"
                               "0,10,0.5,0.25,0.125\n");
    QTest::newRow("per-step loss before loss") << lightning << "" << "" << "train_loss_step"
                                               << "step" << QList<double>{0.25};
    QTest::newRow("requested exact name") << lightning << "train_loss_epoch" << ""
                                          << "train_loss_epoch" << "step" << QList<double>{0.5};
    QTest::newRow("requested name in other case") << lightning << "LOSS" << "" << "loss"
                                                  << "step" << QList<double>{0.125};
    QTest::newRow("requested column number") << lightning << "3" << "" << "train_loss_epoch"
                                             << "step" << QList<double>{0.5};
    QTest::newRow("requested step column") << lightning << "" << "Epoch" << "train_loss_step"
                                           << "epoch" << QList<double>{0.25};
    QTest::newRow("requested step column number") << lightning << "" << "1" << "train_loss_step"
                                                  << "epoch" << QList<double>{0.25};
    QTest::newRow("spaces around requests") << lightning << " loss " << " epoch " << "loss"
                                            << "epoch" << QList<double>{0.125};

    QTest::newRow("exact name before other case")
        << QByteArray("step,Loss,loss\n1,0.5,0.25\n") << "Loss" << "" << "Loss" << "step"
        << QList<double>{0.5};
    QTest::newRow("column named like a number")
        << QByteArray("step,1,2\n1,0.5,0.25\n") << "1" << "" << "1" << "step"
        << QList<double>{0.5};
    QTest::newRow("total_loss before its terms")
        << QByteArray("step,copper_loss,total_loss,air_loss\n1,0.5,0.75,0.25\n") << "" << ""
        << "total_loss" << "step" << QList<double>{0.75};
    QTest::newRow("train_loss before loss")
        << QByteArray("step,loss,train_loss\n1,0.5,0.25\n") << "" << "" << "train_loss"
        << "step" << QList<double>{0.25};
    QTest::newRow("step before epoch")
        << QByteArray("epoch,loss,step\n0,0.5,7\n") << "" << "" << "loss" << "step"
        << QList<double>{0.5};
    QTest::newRow("validation loss columns ignored")
        << QByteArray("step,loss/valid,test_loss,val_loss,model_loss\n1,1,2,3,4\n") << "" << ""
        << "model_loss" << "step" << QList<double>{4};
    QTest::newRow("requested loss column is the default step")
        << QByteArray("iteration,step,loss\n1,10,0.5\n") << "step" << "" << "step"
        << "iteration" << QList<double>{10};
    QTest::newRow("requested step column is the only other")
        << QByteArray("time,error\n5,0.5\n") << "" << "time" << "error" << "time"
        << QList<double>{0.5};

    QTest::newRow("no header, loss requested by number")
        << QByteArray("1,0.5,9\n2,0.25,8\n") << "2" << "" << "column 2" << ""
        << QList<double>{0.5, 0.25};
    QTest::newRow("no header, step requested by number")
        << QByteArray("1,0.5,8\n2,0.25,9\n") << "2" << "3" << "column 2" << "column 3"
        << QList<double>{0.5, 0.25};
    QTest::newRow("no header two columns, step second")
        << QByteArray("0.5,1\n0.25,2\n") << "" << "2" << "column 1" << "column 2"
        << QList<double>{0.5, 0.25};
    QTest::newRow("no header two columns, loss first")
        << QByteArray("0.5,1\n0.25,2\n") << "1" << "" << "column 1" << ""
        << QList<double>{0.5, 0.25};
}

void TestLossLog::columnChoice()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, valueRequest);
    QFETCH(QString, stepRequest);
    QFETCH(QString, valueColumn);
    QFETCH(QString, stepColumn);
    QFETCH(QList<double>, values);

    const LossLog log = parseLossLog(content, fileName, valueRequest, stepRequest);

    QCOMPARE(log.valueColumn, valueColumn);
    QCOMPARE(log.stepColumn, stepColumn);
    QVERIFY2(sameValues(log.values, values), qPrintable(describeValues(log.values)));
}

void TestLossLog::sparseLightningRows()
{
    // Lightning's CSVLogger writes step rows, epoch-end rows and validation rows to one table,
    // each filling only its own columns.
    const QByteArray content("epoch,step,train_loss_epoch,train_loss_step,val_loss\n"
                             "0,49,,0.25,\n"    // line 2
                             "0,62,,,0.5\n"     // line 3
                             "0,62,0.375,,\n"   // line 4
                             "1,99,,0.125,\n"   // line 5
                             "1,125,,,0.25\n"   // line 6
                             "1,125,0.1875,,\n" // line 7
                             "2,149,,0.0625,\n"); // line 8

    const LossLog steps = parseLossLog(content, fileName);
    QCOMPARE(steps.format, QStringLiteral("lightning"));
    QCOMPARE(steps.valueColumn, QStringLiteral("train_loss_step"));
    QCOMPARE(steps.stepColumn, QStringLiteral("step"));
    QCOMPARE(stepsOf(steps), (QList<qint64>{49, 99, 149}));
    QVERIFY2(sameValues(steps.values, {0.25, 0.125, 0.0625}),
             qPrintable(describeValues(steps.values)));
    QCOMPARE(linesOf(steps), (QList<int>{2, 5, 8}));
    QCOMPARE(steps.emptyRows, 4);
    QVERIFY(steps.restarts.empty());

    const LossLog epochs = parseLossLog(content, fileName, QStringLiteral("train_loss_epoch"));
    QCOMPARE(stepsOf(epochs), (QList<qint64>{62, 125}));
    QVERIFY2(sameValues(epochs.values, {0.375, 0.1875}),
             qPrintable(describeValues(epochs.values)));
    QCOMPARE(linesOf(epochs), (QList<int>{4, 7}));
    QCOMPARE(epochs.emptyRows, 5);

    const LossLog validation = parseLossLog(content, fileName, QStringLiteral("val_loss"),
                                            QStringLiteral("epoch"));
    QCOMPARE(validation.stepColumn, QStringLiteral("epoch"));
    QCOMPARE(stepsOf(validation), (QList<qint64>{0, 1}));
    QVERIFY2(sameValues(validation.values, {0.5, 0.25}),
             qPrintable(describeValues(validation.values)));
    QCOMPARE(linesOf(validation), (QList<int>{3, 6}));
}

void TestLossLog::nonFiniteValues_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<double>("value");

    QTest::newRow("nan") << "nan" << notANumber;
    QTest::newRow("NaN") << "NaN" << notANumber;
    QTest::newRow("NAN") << "NAN" << notANumber;
    QTest::newRow("-nan") << "-nan" << notANumber;
    QTest::newRow("quoted nan with spaces") << "\" nan \"" << notANumber;
    QTest::newRow("inf") << "inf" << infinity;
    QTest::newRow("+inf") << "+inf" << infinity;
    QTest::newRow("-inf") << "-inf" << -infinity;
    QTest::newRow("Infinity") << "Infinity" << infinity;
    QTest::newRow("-Infinity") << "-Infinity" << -infinity;
    QTest::newRow("INF") << "INF" << infinity;
}

void TestLossLog::nonFiniteValues()
{
    QFETCH(QString, cell);
    QFETCH(double, value);

    const QByteArray content = "step,loss\n1,0.5\n2," + cell.toUtf8() + "\n3,0.25\n";
    const LossLog log = parseLossLog(content, fileName);

    QCOMPARE(stepsOf(log), (QList<qint64>{1, 2, 3}));
    QVERIFY2(sameValues(log.values, {0.5, value, 0.25}), qPrintable(describeValues(log.values)));
    QCOMPARE(linesOf(log), (QList<int>{2, 3, 4}));
}

void TestLossLog::duplicateStepKeepsLast()
{
    const LossLog log = parseLossLog("step,loss\n1,0.5\n2,0.4\n2,0.3\n3,0.2\n", fileName);

    QCOMPARE(stepsOf(log), (QList<qint64>{1, 2, 3}));
    QVERIFY2(sameValues(log.values, {0.5, 0.3, 0.2}), qPrintable(describeValues(log.values)));
    QCOMPARE(linesOf(log), (QList<int>{2, 4, 5}));
    QCOMPARE(log.restarts.size(), std::size_t(1));
    QCOMPARE(log.restarts[0].line, 4);
    QCOMPARE(log.restarts[0].step, qint64(2));
    QCOMPARE(log.restarts[0].previousStep, qint64(2));
    QCOMPARE(log.restarts[0].droppedValues, 1);
}

void TestLossLog::restartedRunReplacesOverlap()
{
    // A run logged steps 10 to 40, then a run restarted at step 20 appended to the same file, and
    // later another restarted from scratch.
    const QByteArray content("Wall time,Step,Value\n"
                             "100,10,0.9\n"   // line 2
                             "110,20,0.8\n"   // line 3
                             "120,30,0.7\n"   // line 4
                             "130,40,0.6\n"   // line 5
                             "200,20,0.85\n"  // line 6
                             "210,30,0.75\n"  // line 7
                             "300,5,1.5\n"    // line 8
                             "310,15,1.25\n"); // line 9

    const LossLog log = parseLossLog(content, fileName);

    QCOMPARE(stepsOf(log), (QList<qint64>{5, 15}));
    QVERIFY2(sameValues(log.values, {1.5, 1.25}), qPrintable(describeValues(log.values)));
    QCOMPARE(linesOf(log), (QList<int>{8, 9}));
    QCOMPARE(log.restarts.size(), std::size_t(2));

    QCOMPARE(log.restarts[0].line, 6);
    QCOMPARE(log.restarts[0].step, qint64(20));
    QCOMPARE(log.restarts[0].previousStep, qint64(40));
    QCOMPARE(log.restarts[0].droppedValues, 3);

    QCOMPARE(log.restarts[1].line, 8);
    QCOMPARE(log.restarts[1].step, qint64(5));
    QCOMPARE(log.restarts[1].previousStep, qint64(30));
    QCOMPARE(log.restarts[1].droppedValues, 3);

    const LossLog partial = parseLossLog("step,loss\n1,9\n2,8\n3,7\n2,6\n3,5\n", fileName);
    QCOMPARE(stepsOf(partial), (QList<qint64>{1, 2, 3}));
    QVERIFY2(sameValues(partial.values, {9, 6, 5}), qPrintable(describeValues(partial.values)));
    QCOMPARE(linesOf(partial), (QList<int>{2, 5, 6}));
}

void TestLossLog::rowNumbersCountSkippedRows()
{
    const LossLog log = parseLossLog("loss,val_loss\n0.5,\n,0.75\n0.25,\n", fileName);

    QCOMPARE(log.stepColumn, QString());
    QCOMPARE(stepsOf(log), (QList<qint64>{1, 3}));
    QVERIFY2(sameValues(log.values, {0.5, 0.25}), qPrintable(describeValues(log.values)));
    QCOMPARE(linesOf(log), (QList<int>{2, 4}));
    QCOMPARE(log.emptyRows, 1);
}

void TestLossLog::errors_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("valueRequest");
    QTest::addColumn<QString>("stepRequest");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("fragments");

    QTest::newRow("empty file") << QByteArray() << "" << "" << 0 << 0
                                << QStringList{"the file is empty"};
    QTest::newRow("only blank lines") << QByteArray("\n  \r\n,,\n") << "" << "" << 0 << 0
                                      << QStringList{"the file is empty"};
    QTest::newRow("header without data")
        << QByteArray("epoch,step,train_loss\n") << "" << "" << 1 << 0
        << QStringList{"header row but no data rows"};
    QTest::newRow("no loss column")
        << QByteArray("step,accuracy,lr\n1,0.5,0.1\n") << "" << "" << 1 << 0
        << QStringList{"no loss column found", "\"step\", \"accuracy\", \"lr\"",
                       "--column NAME"};
    QTest::newRow("several loss columns")
        << QByteArray("step,copper_loss,air_loss\n1,0.5,0.25\n") << "" << "" << 1 << 0
        << QStringList{"found 2 loss columns", "\"copper_loss\", \"air_loss\"",
                       "train_loss_step, train_loss,", "--column NAME"};
    QTest::newRow("no header three columns")
        << QByteArray("1,0.5,3\n2,0.25,4\n") << "" << "" << 0 << 0
        << QStringList{"no header and 3 columns", "--column"};
    QTest::newRow("unknown loss column")
        << QByteArray("step,loss\n1,0.5\n") << "prize" << "" << 1 << 0
        << QStringList{"loss column \"prize\" not found", "\"step\", \"loss\"",
                       "from 1 to 2 with --column"};
    QTest::newRow("loss column number out of range")
        << QByteArray("step,loss\n1,0.5\n") << "3" << "" << 1 << 0
        << QStringList{"loss column \"3\" not found", "from 1 to 2"};
    QTest::newRow("unknown step column")
        << QByteArray("step,loss\n1,0.5\n") << "" << "epoch" << 1 << 0
        << QStringList{"step column \"epoch\" not found", "\"step\", \"loss\"",
                       "--step-column"};
    QTest::newRow("ambiguous loss column")
        << QByteArray("step,Loss,LOSS\n1,0.5,0.25\n") << "loss" << "" << 1 << 0
        << QStringList{"loss column \"loss\" is ambiguous",
                       "column 2 (\"Loss\") and column 3 (\"LOSS\")", "--column"};
    QTest::newRow("same column for loss and step")
        << QByteArray("step,loss\n1,0.5\n") << "loss" << "loss" << 1 << 0
        << QStringList{"column 2 (\"loss\") is chosen as both the loss column and the step "
                       "column"};
    QTest::newRow("non-numeric loss value")
        << QByteArray("step,loss\n1,0.5\n2,abc\n") << "" << "" << 3 << 2
        << QStringList{"non-numeric loss value \"abc\" in column 2 (\"loss\")", "--column"};
    QTest::newRow("loss value with unit")
        << QByteArray("step;loss\n1;0.5\n2;0.25 s\n") << "" << "" << 3 << 2
        << QStringList{"non-numeric loss value \"0.25 s\""};
    QTest::newRow("loss value out of range")
        << QByteArray("step,loss\n1,1e999\n") << "" << "" << 2 << 2
        << QStringList{"loss value \"1e999\" in column 2 (\"loss\") is too large"};
    QTest::newRow("fractional step")
        << QByteArray("step,loss\n1,0.5\n1.5,0.25\n") << "" << "" << 3 << 1
        << QStringList{"step \"1.5\" in column 1 (\"step\") is not a whole number",
                       "--step-column"};
    QTest::newRow("non-finite step")
        << QByteArray("step,loss\nnan,0.5\n") << "" << "" << 2 << 1
        << QStringList{"step \"nan\" in column 1 (\"step\") is not a whole number"};
    QTest::newRow("step beyond 2^53")
        << QByteArray("step,loss\n1e17,0.5\n") << "" << "" << 2 << 1
        << QStringList{"step \"1e17\"", "from -2^53 to 2^53"};
    QTest::newRow("missing step")
        << QByteArray("step,loss\n1,0.5\n,0.25\n") << "" << "" << 3 << 1
        << QStringList{"missing step in column 1 (\"step\")"};
    QTest::newRow("loss column without values")
        << QByteArray("step,loss,val_loss\n1,,0.5\n\n2,,0.25\n") << "" << "" << 0 << 0
        << QStringList{"column 2 (\"loss\") contains no values",
                       "from line 2 to line 4", "--column"};
    QTest::newRow("row with too few cells")
        << QByteArray("step,loss\n1,0.5\n2\n") << "" << "" << 3 << 2
        << QStringList{"row has 1 cell but the header has 2 cells"};
    QTest::newRow("unterminated quote")
        << QByteArray("step,loss\n1,\"0.5\n") << "" << "" << 2 << 2
        << QStringList{"unterminated quoted field"};
    QTest::newRow("UTF-16 text")
        << QByteArray("\xFF\xFEs\0t\0", 6) << "" << "" << 1 << 0
        << QStringList{"UTF-16 encoded"};
    QTest::newRow("invalid UTF-8")
        << QByteArray("step,loss\n1,0.5\xE4\n") << "" << "" << 2 << 0
        << QStringList{"invalid UTF-8 byte 0xe4 after \"1,0.5\""};
}

void TestLossLog::errors()
{
    QFETCH(QByteArray, content);
    QFETCH(QString, valueRequest);
    QFETCH(QString, stepRequest);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QStringList, fragments);

    const auto error =
        dataErrorFrom([&] { parseLossLog(content, fileName, valueRequest, stepRequest); });

    QVERIFY2(error, "parseLossLog threw no DataError");
    const QString message = QString::fromStdString(error->what());
    QCOMPARE(error->file(), fileName);
    QCOMPARE(error->line(), line);
    if (line > 0)
        QCOMPARE(error->column(), column);
    QVERIFY2(message.startsWith(expectedPrefix(fileName, line, column)), qPrintable(message));
    for (const QString &fragment : fragments)
        QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
}

void TestLossLog::readFileFromDisk()
{
    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    const QString path = dir.filePath(QStringLiteral("run-tag-loss.csv"));
    QFile file(path);
    QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
    file.write("\xEF\xBB\xBFWall time,Step,Value\r\n"
               "1575618724.7046697,43,2.8416740894317627\r\n"
               "1575618728.6547477,46,NaN\r\n");
    file.close();

    const LossLog log = readLossLog(path, {}, QStringLiteral("step"));

    QCOMPARE(log.fileName, path);
    QCOMPARE(log.format, QStringLiteral("tensorboard"));
    QCOMPARE(log.stepColumn, QStringLiteral("Step"));
    QCOMPARE(stepsOf(log), (QList<qint64>{43, 46}));
    QVERIFY2(sameValues(log.values, {2.8416740894317627, notANumber}),
             qPrintable(describeValues(log.values)));
    QCOMPARE(linesOf(log), (QList<int>{2, 3}));
}

void TestLossLog::readFileErrors_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("fragment");

    QTest::newRow("missing file") << "missing" << "file not found";
    QTest::newRow("directory") << "directory" << "this is a directory";
    QTest::newRow("empty file") << "empty" << "the file is empty";
}

void TestLossLog::readFileErrors()
{
    QFETCH(QString, kind);
    QFETCH(QString, fragment);

    QTemporaryDir dir;
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));
    QString path = dir.filePath(QStringLiteral("metrics.csv"));
    if (kind == u"directory") {
        path = dir.path();
    } else if (kind == u"empty") {
        QFile file(path);
        QVERIFY2(file.open(QIODevice::WriteOnly), qPrintable(file.errorString()));
    }

    const auto error = dataErrorFrom([&] { readLossLog(path); });

    QVERIFY2(error, "readLossLog threw no DataError");
    QCOMPARE(error->file(), path);
    QCOMPARE(error->line(), 0);
    const QString message = QString::fromStdString(error->what());
    QVERIFY2(message.startsWith(path + QStringLiteral(": ")), qPrintable(message));
    QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
}

void TestLossLog::realLogs_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("valueRequest");
    QTest::addColumn<QString>("format");
    QTest::addColumn<QString>("valueColumn");
    QTest::addColumn<int>("count");
    QTest::addColumn<qint64>("firstStep");
    QTest::addColumn<qint64>("lastStep");
    QTest::addColumn<int>("restarts");
    QTest::addColumn<int>("nanCount");
    QTest::addColumn<qint64>("peakStep"); // step of the largest finite value

    // The step counter of this run was reset three times, at lines 6, 74 and 641, so only the
    // last run, which starts at step 36, remains.
    QTest::newRow("tensorboard with step resets")
        << "tb_attention_ocr_loss.csv" << "" << "tensorboard" << "Value" << 361 << qint64(36)
        << qint64(17376) << 3 << 0 << qint64(10049);
    QTest::newRow("tensorboard gan loss")
        << "tb_anogan_disc_epoch_loss.csv" << "" << "tensorboard" << "Value" << 1000 << qint64(5)
        << qint64(6654) << 0 << 0 << qint64(1428);
    QTest::newRow("lightning dense with spike")
        << "lightning_pinn_em_v0_metrics.csv" << "" << "lightning" << "mean_loss" << 736
        << qint64(0) << qint64(735) << 0 << 0 << qint64(554);
    QTest::newRow("lightning with nan")
        << "lightning_pinn_em_v14_metrics_nan.csv" << "" << "lightning" << "mean_loss"
        << 262 << qint64(0) << qint64(261) << 0 << 44 << qint64(0);
    QTest::newRow("lightning sparse")
        << "lightning_pinn_pendulum_v18_metrics.csv" << "" << "lightning" << "train_loss_step"
        << 1260 << qint64(49) << qint64(62999) << 0 << 0 << qint64(16149);
    QTest::newRow("no header, quoted, CR CR LF")
        << "polylm_losses_noheader.csv" << "" << "generic" << "column 2" << 2047 << qint64(1)
        << qint64(2047) << 0 << 0 << qint64(1);
    QTest::newRow("no header, CRLF")
        << "duckietown_bc_loss_noheader.csv" << "" << "generic" << "column 2" << 10000
        << qint64(0) << qint64(9999) << 0 << 0 << qint64(0);
}

void TestLossLog::realLogs()
{
    QFETCH(QString, name);
    QFETCH(QString, valueRequest);
    QFETCH(QString, format);
    QFETCH(QString, valueColumn);
    QFETCH(int, count);
    QFETCH(qint64, firstStep);
    QFETCH(qint64, lastStep);
    QFETCH(int, restarts);
    QFETCH(int, nanCount);
    QFETCH(qint64, peakStep);

    const QString path = realLogFolder + u'/' + name;
    if (!QFileInfo::exists(path))
        QSKIP(qPrintable(path + QStringLiteral(" is not on this machine")));

    const LossLog log = readLossLog(path, valueRequest);

    QCOMPARE(log.format, format);
    QCOMPARE(log.valueColumn, valueColumn);
    QCOMPARE(int(log.values.size()), count);
    QCOMPARE(log.steps.size(), log.values.size());
    QCOMPARE(log.lines.size(), log.values.size());
    QCOMPARE(log.steps.front(), firstStep);
    QCOMPARE(log.steps.back(), lastStep);
    QCOMPARE(int(log.restarts.size()), restarts);
    QVERIFY(std::adjacent_find(log.steps.begin(), log.steps.end(), std::greater_equal<>())
            == log.steps.end());
    QVERIFY(std::is_sorted(log.lines.begin(), log.lines.end()));

    const auto nans = std::count_if(log.values.begin(), log.values.end(),
                                    [](double value) { return std::isnan(value); });
    QCOMPARE(int(nans), nanCount);

    std::size_t peak = 0;
    for (std::size_t i = 0; i < log.values.size(); ++i) {
        if (std::isfinite(log.values[i]) && !(log.values[i] <= log.values[peak]))
            peak = i;
    }
    QCOMPARE(log.steps[peak], peakStep);
}

QTEST_GUILESS_MAIN(TestLossLog)
#include "tst_losslog.moc"
