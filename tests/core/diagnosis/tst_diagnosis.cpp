// The cause rules: each cause from the measurements that define it, the order of the rules, and
// explanations that quote the numbers.

#include "diagnosis.h"

#include <QTest>

#include <limits>

using namespace initlab;

Q_DECLARE_METATYPE(SpikeCause)
Q_DECLARE_METATYPE(SpikeMeasurements)

namespace {

// A calm update: nothing unusual measured.
SpikeMeasurements calm()
{
    SpikeMeasurements m;
    m.available = true;
    m.gradNorm = 1.0;
    m.gradNormMedian = 1.0;
    m.updateRatio = 1e-3;
    m.updateRatioMedian = 1e-3;
    m.sharpness = 10.0;
    m.learningRate = 0.1;
    m.stability = 1.0;
    m.stabilityLimit = 2.0;
    m.maxAbsParameter = 3.0;
    return m;
}

} // namespace

class tst_Diagnosis : public QObject
{
    Q_OBJECT

private slots:
    void causes_data();
    void causes();
    void causeNames();
};

void tst_Diagnosis::causes_data()
{
    QTest::addColumn<SpikeMeasurements>("measurements");
    QTest::addColumn<SpikeCause>("cause");
    QTest::addColumn<QStringList>("quoted");

    SpikeMeasurements imported;
    QTest::newRow("imported log") << imported << SpikeCause::Unknown
                                  << QStringList{QStringLiteral("No training measurements")};

    QTest::newRow("calm update") << calm() << SpikeCause::Unknown
                                 << QStringList{QStringLiteral("No rule applies"),
                                                QStringLiteral("1x")};

    SpikeMeasurements nan = calm();
    nan.nonFinite = true;
    nan.gradNorm = 100.0; // the non-finite value decides before the gradient
    nan.largestFinite = std::numeric_limits<float>::max();
    nan.maxAbsParameter = 2.5e19;
    QTest::newRow("non-finite value") << nan << SpikeCause::NumericalInstability
                                      << QStringList{QStringLiteral("NaN or infinite"),
                                                     QStringLiteral("past 3.4e+38"),
                                                     QStringLiteral("largest parameter was 2.5e+19"),
                                                     QStringLiteral("gradient norm was 100")};

    SpikeMeasurements huge = calm();
    huge.largestFinite = std::numeric_limits<float>::max();
    huge.maxAbsParameter = 3e19;
    QTest::newRow("float32 parameter near overflow") << huge << SpikeCause::NumericalInstability
                                                     << QStringList{QStringLiteral("3e+19"),
                                                                    QStringLiteral("1.84e+19")};

    SpikeMeasurements notHuge = huge;
    notHuge.largestFinite = std::numeric_limits<double>::max();
    QTest::newRow("same parameter in float64") << notHuge << SpikeCause::Unknown
                                               << QStringList{};

    SpikeMeasurements outlier = calm();
    outlier.batchOutlierScore = 37.0;
    outlier.gradNorm = 50.0; // outlier batches also raise the gradient; the batch decides first
    QTest::newRow("outlier batch") << outlier << SpikeCause::OutlierBatch
                                   << QStringList{QStringLiteral("37x")};

    SpikeMeasurements ordinaryBatch = calm();
    ordinaryBatch.batchOutlierScore = 3.0;
    QTest::newRow("ordinary batch") << ordinaryBatch << SpikeCause::Unknown
                                    << QStringList{QStringLiteral("batch outlier score 3")};

    SpikeMeasurements exploding = calm();
    exploding.gradNorm = 41.0;
    QTest::newRow("exploding gradient") << exploding << SpikeCause::ExplodingGradient
                                        << QStringList{QStringLiteral("41x")};

    SpikeMeasurements runaway = calm();
    runaway.gradNorm = 1930.4;
    QTest::newRow("gradient 1930x") << runaway << SpikeCause::ExplodingGradient
                                    << QStringList{QStringLiteral("1930x")};

    SpikeMeasurements belowRatio = calm();
    belowRatio.gradNorm = 9.0;
    QTest::newRow("gradient 9x") << belowRatio << SpikeCause::Unknown << QStringList{};

    SpikeMeasurements unstable = calm();
    unstable.stability = 2.6;
    unstable.sharpness = 26.0;
    unstable.gradNorm = 3.0;
    QTest::newRow("learning rate too high") << unstable << SpikeCause::LearningRateTooHigh
                                            << QStringList{QStringLiteral("2.6"),
                                                           QStringLiteral("limit 2"),
                                                           QStringLiteral("3x")};

    // Past the limit the growing gradient is a symptom of the step size.
    SpikeMeasurements both = unstable;
    both.gradNorm = 41.0;
    QTest::newRow("gradient 41x and unstable") << both << SpikeCause::LearningRateTooHigh
                                               << QStringList{QStringLiteral("41x"),
                                                              QStringLiteral("2.6")};

    SpikeMeasurements stableExplosion = exploding;
    stableExplosion.stability = 1.2;
    QTest::newRow("gradient 41x while stable") << stableExplosion << SpikeCause::ExplodingGradient
                                               << QStringList{QStringLiteral("41x"),
                                                              QStringLiteral("within the limit 2")};

    SpikeMeasurements adamLimit = calm();
    adamLimit.stability = 20.0;
    adamLimit.stabilityLimit = 38.0;
    QTest::newRow("within a momentum limit") << adamLimit << SpikeCause::Unknown
                                             << QStringList{QStringLiteral("limit 38")};
}

void tst_Diagnosis::causes()
{
    QFETCH(SpikeMeasurements, measurements);
    QFETCH(SpikeCause, cause);
    QFETCH(QStringList, quoted);

    const Diagnosis diagnosis = diagnose(measurements);
    QCOMPARE(toString(diagnosis.cause), toString(cause));
    QVERIFY(diagnosis.explanation.endsWith(QLatin1Char('.')));
    for (const QString &part : std::as_const(quoted))
        QVERIFY2(diagnosis.explanation.contains(part), qPrintable(diagnosis.explanation));
}

void tst_Diagnosis::causeNames()
{
    QCOMPARE(toString(SpikeCause::ExplodingGradient), QStringLiteral("exploding_gradient"));
    QCOMPARE(toString(SpikeCause::LearningRateTooHigh), QStringLiteral("learning_rate_too_high"));
    QCOMPARE(toString(SpikeCause::OutlierBatch), QStringLiteral("outlier_batch"));
    QCOMPARE(toString(SpikeCause::NumericalInstability), QStringLiteral("numerical_instability"));
    QCOMPARE(toString(SpikeCause::Unknown), QStringLiteral("unknown"));
}

QTEST_GUILESS_MAIN(tst_Diagnosis)
#include "tst_diagnosis.moc"
