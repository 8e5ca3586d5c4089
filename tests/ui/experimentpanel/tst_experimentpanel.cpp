// The experiment panel: every preset survives setConfig() and config(), config() always passes the
// parser, each edit emits the right signal once, invalid entries are marked and rejected, CSV files
// are previewed or rejected with the importer's message. With INITLAB_SCREENSHOT_DIR set, it also
// saves a picture of the panel there.

#include "experimentpanel.h"

#include "datasetloader.h"
#include "errors.h"
#include "presets.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <functional>

using namespace initlab;

using PanelEdit = std::function<void(ExperimentPanel &)>;
Q_DECLARE_METATYPE(PanelEdit)

namespace {

QByteArray jsonText(const RunConfig &config)
{
    return QJsonDocument(toJson(config)).toJson(QJsonDocument::Compact);
}

// Throws ConfigError when config is not a configuration the parser accepts unchanged.
void checkParses(const RunConfig &config)
{
    const RunConfig parsed = runConfigFromJson(toJson(config), QStringLiteral("panel"));
    if (toJson(parsed) != toJson(config))
        throw ConfigError(QString(), QStringLiteral("the parser changed the configuration"));
}

QJsonObject trainingJson(const TrainingConfig &training)
{
    RunConfig config;
    config.training = training;
    return toJson(config).value(QStringLiteral("training")).toObject();
}

template<typename Widget>
Widget *control(const ExperimentPanel &panel, const char *name)
{
    auto *widget = panel.findChild<Widget *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no %s named %s in the panel", Widget::staticMetaObject.className(), name);
    return widget;
}

QDoubleSpinBox *numberBox(const ExperimentPanel &panel, const char *name)
{
    return control<QDoubleSpinBox>(panel, name);
}

// Selects the combo item whose data is name, as a user choosing it does.
void choose(const ExperimentPanel &panel, const char *comboName, const QString &name)
{
    QComboBox *combo = control<QComboBox>(panel, comboName);
    const int index = combo->findData(name);
    if (index < 0)
        qFatal("combo %s has no item %s", comboName, qPrintable(name));
    combo->setCurrentIndex(index);
}

// Replaces the text of a spin box or line edit by typing, then presses Return.
void typeInto(QWidget *widget, const QString &text)
{
    if (auto *spinBox = qobject_cast<QAbstractSpinBox *>(widget))
        spinBox->selectAll();
    else if (auto *lineEdit = qobject_cast<QLineEdit *>(widget))
        lineEdit->selectAll();
    QTest::keyClick(widget, Qt::Key_Delete);
    QTest::keyClicks(widget, text);
    QTest::keyClick(widget, Qt::Key_Return);
}

QString writeFile(const QTemporaryDir &directory, const QString &name, const QByteArray &content)
{
    const QString path = directory.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

QStringList headerLabels(const QTableWidget *table)
{
    QStringList labels;
    for (int column = 0; column < table->columnCount(); ++column)
        labels.append(table->horizontalHeaderItem(column)->text());
    return labels;
}

QStringList itemTexts(const QComboBox *combo)
{
    QStringList texts;
    for (int i = 0; i < combo->count(); ++i)
        texts.append(combo->itemText(i));
    return texts;
}

const QByteArray validCsv = "x1,x2,y\n"
                            "1,2,3\n"
                            "4,5,6\n"
                            "7,8,9\n"
                            "10,11,12\n"
                            "13,14,15\n"
                            "16,17,18\n";

} // namespace

class tst_ExperimentPanel : public QObject
{
    Q_OBJECT

private slots:
    void init();

    void presetRoundTrip_data();
    void presetRoundTrip();
    void exactValuesRoundTrip();
    void relativeCsvPathRoundTrip();

    void configParses_data();
    void configParses();
    void randomControlStatesParse();

    void learningRateEntryMovesSlider_data();
    void learningRateEntryMovesSlider();
    void learningRateSliderSetsEntry_data();
    void learningRateSliderSetsEntry();
    void learningRateEmitsTrainingParameters();
    void learningRateSliderDragEmitsOnce();
    void lowerLearningRateClampsMinimum();

    void trainingParameterSignals_data();
    void trainingParameterSignals();
    void runConfigSignals_data();
    void runConfigSignals();

    void spinBoxRejectsOutOfRange_data();
    void spinBoxRejectsOutOfRange();
    void spinBoxKeepsTypedValue_data();
    void spinBoxKeepsTypedValue();

    void invalidHiddenLayers_data();
    void invalidHiddenLayers();
    void hiddenLayersBlocksLetters();

    void optimizerShowsItsParameters_data();
    void optimizerShowsItsParameters();
    void initializerShowsItsParameters_data();
    void initializerShowsItsParameters();
    void scheduleShowsItsParameters_data();
    void scheduleShowsItsParameters();

    void newSeedDrawsInRange();

    void openCsvShowsPreview();
    void openCsvTargetChoice();
    void openCsvRejectsFile_data();
    void openCsvRejectsFile();
    void openCsvKeepsPreviousCsv();
    void setConfigMissingCsv();

    void specialValueTexts_data();
    void specialValueTexts();

    void namedControlsHaveToolTips();
    void toolTipNamesKey_data();
    void toolTipNamesKey();
    void initializerToolTipGivesFormula_data();
    void initializerToolTipGivesFormula();
    void followsApplicationFont();

    void screenshot();

private:
    QTemporaryDir m_directory;
};

void tst_ExperimentPanel::init()
{
    QVERIFY(m_directory.isValid());
}

// ---- Round trips ----

void tst_ExperimentPanel::presetRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    for (const QString &name : presetNames())
        QTest::newRow(qPrintable(name)) << name;
}

void tst_ExperimentPanel::presetRoundTrip()
{
    QFETCH(QString, name);
    const RunConfig preset = loadPreset(name);
    ExperimentPanel panel;
    panel.setConfig(RunConfig{}); // a state other than the preset's
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);
    QSignalSpy trainingSpy(&panel, &ExperimentPanel::trainingParametersChanged);

    panel.setConfig(preset);

    QCOMPARE(jsonText(panel.config()), jsonText(preset));
    QCOMPARE(runSpy.count(), 0);
    QCOMPARE(trainingSpy.count(), 0);
    QVERIFY(panel.isValid());
}

// Values that a spin box with fixed decimals would round.
void tst_ExperimentPanel::exactValuesRoundTrip()
{
    RunConfig config;
    config.seed = maxSeed;
    config.dataset.kind = DatasetKind::TwoMoons;
    config.dataset.samples = 999'999;
    config.dataset.noise = 0.123456789;
    config.dataset.outlierFraction = 0.4999;
    config.dataset.outlierMagnitude = 123456.789;
    config.dataset.testFraction = 1.0 / 3.0;
    config.dataset.standardize = false;
    config.network.hidden = std::vector<int>(16, 1024);
    config.network.activation = Activation::Selu;
    config.init.weights = WeightInit::HeNormal;
    config.init.gain = 5.0 / 3.0;
    config.init.mode = FanMode::FanOut;
    config.init.value = -0.000123;
    config.init.limit = 1e6;
    config.init.stddev = 2.5e-7;
    config.init.bias = BiasInit::Constant;
    config.init.biasValue = -1e6;
    config.training.optimizer = Optimizer::RmsProp;
    config.training.learningRate = 0.0123;
    config.training.batchSize = 10'000'000;
    config.training.iterations = 7;
    config.training.precision = Precision::Float32;
    config.training.momentum = 0.999999;
    config.training.beta1 = 0.0;
    config.training.beta2 = 0.99999;
    config.training.epsilon = 1.234e-9;
    config.training.rmsAlpha = 0.95;
    config.training.weightDecay = 3e-5;
    config.training.clipNorm = 1e12;
    config.training.schedule = Schedule::Cosine;
    config.training.warmupIterations = 7;
    config.training.stepSize = 2147483647;
    config.training.stepGamma = 1e-3;
    config.training.minLearningRate = 0.0123;
    config.spikes.sensitivity = 2.75;
    config.spikes.window = 100'000;
    config.spikes.minRatio = 1.05;
    config.spikes.warmup = 1'000'000'000;
    checkParses(config);

    ExperimentPanel panel;
    panel.setConfig(config);
    QCOMPARE(jsonText(panel.config()), jsonText(config));
}

void tst_ExperimentPanel::relativeCsvPathRoundTrip()
{
    writeFile(m_directory, QStringLiteral("data.csv"), validCsv);
    RunConfig config;
    config.dataset.kind = DatasetKind::Csv;
    config.dataset.path = QStringLiteral("data.csv");
    config.dataset.targets = QStringList{QStringLiteral("x1")};

    ExperimentPanel panel;
    panel.setConfig(config, m_directory.path());

    QCOMPARE(jsonText(panel.config()), jsonText(config));
    QCOMPARE(panel.baseDir(), m_directory.path());
    auto *preview = control<QTableWidget>(panel, "csvPreview");
    QCOMPARE(headerLabels(preview), (QStringList{"x1", "x2", "y"}));
    QCOMPARE(control<QComboBox>(panel, "csvTarget")->currentText(), QStringLiteral("x1"));
    QVERIFY(!control<QLabel>(panel, "csvMessage")->isVisibleTo(&panel));
}

// ---- config() always parses ----

void tst_ExperimentPanel::configParses_data()
{
    QTest::addColumn<PanelEdit>("edit");

    QTest::newRow("defaults") << PanelEdit([](ExperimentPanel &) {});
    QTest::newRow("adam") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "optimizer", QStringLiteral("adam"));
        numberBox(panel, "beta2")->setValue(0.99999);
    });
    QTest::newRow("warmup schedule from zero warm-up") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "schedule", QStringLiteral("warmup"));
    });
    QTest::newRow("iterations below warm-up") << PanelEdit([](ExperimentPanel &panel) {
        control<QSpinBox>(panel, "warmupIterations")->setValue(500);
        control<QSpinBox>(panel, "iterations")->setValue(100);
    });
    QTest::newRow("cosine floor above lowered rate") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "schedule", QStringLiteral("cosine"));
        numberBox(panel, "minLearningRate")->setValue(0.05);
        typeInto(numberBox(panel, "learningRate"), QStringLiteral("0.001"));
    });
    QTest::newRow("slider at both ends") << PanelEdit([](ExperimentPanel &panel) {
        auto *slider = control<QSlider>(panel, "learningRateSlider");
        slider->setValue(slider->minimum());
        slider->setValue(slider->maximum());
    });
    QTest::newRow("gain set then auto") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "gain")->setValue(2.0);
        typeInto(numberBox(panel, "gain"), QStringLiteral("auto"));
    });
    QTest::newRow("every initializer") << PanelEdit([](ExperimentPanel &panel) {
        auto *combo = control<QComboBox>(panel, "weightInit");
        for (int i = 0; i < combo->count(); ++i)
            combo->setCurrentIndex(i);
    });
    QTest::newRow("invalid hidden layers keep last") << PanelEdit([](ExperimentPanel &panel) {
        typeInto(control<QLineEdit>(panel, "hiddenLayers"), QStringLiteral("8, 0"));
    });
    QTest::newRow("clipping and decay at maximum") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "weightDecay")->setValue(10.0);
        numberBox(panel, "clipNorm")->setValue(1e300);
    });
}

void tst_ExperimentPanel::configParses()
{
    QFETCH(PanelEdit, edit);
    ExperimentPanel panel;
    panel.setConfig(loadPreset(QStringLiteral("default")));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    edit(panel);
    try {
        checkParses(panel.config());
    } catch (const ConfigError &error) {
        QFAIL(error.what());
    }
}

// Sets every spin box and combo to random values in their own ranges, many times, in random order.
void tst_ExperimentPanel::randomControlStatesParse()
{
    ExperimentPanel panel;
    QRandomGenerator random(20240611);
    const QList<QDoubleSpinBox *> numberBoxes = panel.findChildren<QDoubleSpinBox *>();
    const QList<QSpinBox *> integerBoxes = panel.findChildren<QSpinBox *>();
    QList<QComboBox *> combos;
    for (QComboBox *combo : panel.findChildren<QComboBox *>()) {
        if (combo->objectName() != QLatin1String("datasetKind")) // csv needs an open file
            combos.append(combo);
    }
    QVERIFY(numberBoxes.size() >= 15);
    QVERIFY(integerBoxes.size() >= 7);
    QVERIFY(combos.size() >= 8);

    for (int round = 0; round < 300; ++round) {
        for (QDoubleSpinBox *box : numberBoxes) {
            // Spread over orders of magnitude up to 1e6, so small values are tried as often as
            // large ones.
            const double upper = std::min(box->maximum(), 1e6);
            const double fraction = std::pow(random.generateDouble(), 4.0);
            box->setValue(box->minimum() + fraction * (upper - box->minimum()));
        }
        for (QSpinBox *box : integerBoxes)
            box->setValue(random.bounded(box->minimum(), box->maximum()));
        for (QComboBox *combo : combos) {
            if (combo->count() > 0)
                combo->setCurrentIndex(random.bounded(combo->count()));
        }
        try {
            checkParses(panel.config());
        } catch (const ConfigError &error) {
            QFAIL(qPrintable(QStringLiteral("round %1: %2\n%3")
                                 .arg(round)
                                 .arg(QString::fromUtf8(error.what()),
                                      QString::fromUtf8(jsonText(panel.config())))));
        }
    }
}

// ---- Learning rate ----

void tst_ExperimentPanel::learningRateEntryMovesSlider_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("position");

    // Position = round((log10(value) + 5) * 100) on a slider from 1e-5 (0) to 10 (600).
    QTest::newRow("0.0123") << "0.0123" << 0.0123 << 309;
    QTest::newRow("slider minimum") << "1e-5" << 1e-5 << 0;
    QTest::newRow("slider maximum") << "10" << 10.0 << 600;
    QTest::newRow("above the slider") << "500" << 500.0 << 600;
    QTest::newRow("below the slider") << "0.000000123" << 1.23e-7 << 0;
    QTest::newRow("many digits") << "0.123456789012" << 0.123456789012 << 409;
}

void tst_ExperimentPanel::learningRateEntryMovesSlider()
{
    QFETCH(QString, text);
    QFETCH(double, value);
    QFETCH(int, position);
    ExperimentPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));

    typeInto(numberBox(panel, "learningRate"), text);

    QCOMPARE(panel.config().training.learningRate, value);
    QCOMPARE(numberBox(panel, "learningRate")->value(), value);
    QCOMPARE(control<QSlider>(panel, "learningRateSlider")->value(), position);
}

void tst_ExperimentPanel::learningRateSliderSetsEntry_data()
{
    QTest::addColumn<int>("position");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("text");

    // 10^(position / 100 - 5), rounded to 3 significant digits.
    QTest::newRow("minimum") << 0 << 1e-5 << "1e-5";
    QTest::newRow("1e-4") << 100 << 1e-4 << "0.0001";
    QTest::newRow("0.0123") << 309 << 0.0123 << "0.0123";
    QTest::newRow("0.0316") << 350 << 0.0316 << "0.0316";
    QTest::newRow("0.1") << 400 << 0.1 << "0.1";
    QTest::newRow("maximum") << 600 << 10.0 << "10";
}

void tst_ExperimentPanel::learningRateSliderSetsEntry()
{
    QFETCH(int, position);
    QFETCH(double, value);
    QFETCH(QString, text);
    ExperimentPanel panel;
    auto *slider = control<QSlider>(panel, "learningRateSlider");
    slider->setValue(position == 400 ? 0 : 400); // make the next value a change

    slider->setValue(position);

    QCOMPARE(numberBox(panel, "learningRate")->value(), value);
    QCOMPARE(numberBox(panel, "learningRate")->text(), text);
    QCOMPARE(panel.config().training.learningRate, value);
}

void tst_ExperimentPanel::learningRateEmitsTrainingParameters()
{
    ExperimentPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy trainingSpy(&panel, &ExperimentPanel::trainingParametersChanged);
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);

    typeInto(numberBox(panel, "learningRate"), QStringLiteral("0.0123"));

    QCOMPARE(trainingSpy.count(), 1);
    QCOMPARE(trainingSpy.at(0).at(0).value<TrainingConfig>().learningRate, 0.0123);
    QCOMPARE(runSpy.count(), 0);

    // One keyboard step of the slider: one signal with the slider's value.
    auto *slider = control<QSlider>(panel, "learningRateSlider");
    QTest::keyClick(slider, Qt::Key_Right);
    QCOMPARE(slider->value(), 319);
    QCOMPARE(trainingSpy.count(), 2);
    QCOMPARE(trainingSpy.at(1).at(0).value<TrainingConfig>().learningRate, 0.0155);
    QCOMPARE(runSpy.count(), 0);
}

void tst_ExperimentPanel::learningRateSliderDragEmitsOnce()
{
    ExperimentPanel panel;
    QSignalSpy trainingSpy(&panel, &ExperimentPanel::trainingParametersChanged);
    auto *slider = control<QSlider>(panel, "learningRateSlider");

    slider->setSliderDown(true);
    for (int position = 410; position <= 450; position += 10)
        slider->setValue(position);
    QCOMPARE(trainingSpy.count(), 0);
    QCOMPARE(numberBox(panel, "learningRate")->value(), 0.316); // the entry follows the drag
    slider->setSliderDown(false);

    QCOMPARE(trainingSpy.count(), 1);
    QCOMPARE(trainingSpy.at(0).at(0).value<TrainingConfig>().learningRate, 0.316);
}

// Lowering the rate below the cosine floor moves the floor down with it, in one signal.
void tst_ExperimentPanel::lowerLearningRateClampsMinimum()
{
    ExperimentPanel panel;
    choose(panel, "schedule", QStringLiteral("cosine"));
    numberBox(panel, "minLearningRate")->setValue(0.05);
    QSignalSpy trainingSpy(&panel, &ExperimentPanel::trainingParametersChanged);

    numberBox(panel, "learningRate")->setValue(0.01);

    QCOMPARE(trainingSpy.count(), 1);
    const TrainingConfig training = trainingSpy.at(0).at(0).value<TrainingConfig>();
    QCOMPARE(training.learningRate, 0.01);
    QCOMPARE(training.minLearningRate, 0.01);
    QCOMPARE(numberBox(panel, "minLearningRate")->value(), 0.01);
}

// ---- Signals of each control ----

void tst_ExperimentPanel::trainingParameterSignals_data()
{
    QTest::addColumn<PanelEdit>("edit");
    QTest::addColumn<QString>("key");
    QTest::addColumn<double>("value");

    QTest::newRow("momentum") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "momentum")->setValue(0.5);
    }) << "momentum" << 0.5;
    QTest::newRow("beta1") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "beta1")->setValue(0.8);
    }) << "beta1" << 0.8;
    QTest::newRow("beta2 typed") << PanelEdit([](ExperimentPanel &panel) {
        typeInto(numberBox(panel, "beta2"), QStringLiteral("0.99999"));
    }) << "beta2" << 0.99999;
    QTest::newRow("epsilon step") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "epsilon")->stepBy(1);
    }) << "epsilon" << 1e-7;
    QTest::newRow("rmsprop alpha") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "rmsAlpha")->setValue(0.9);
    }) << "rmsAlpha" << 0.9;
    QTest::newRow("schedule") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "schedule", QStringLiteral("step"));
    }) << "schedule" << 0.0;
    QTest::newRow("warm-up") << PanelEdit([](ExperimentPanel &panel) {
        control<QSpinBox>(panel, "warmupIterations")->setValue(20);
    }) << "warmupIterations" << 20.0;
    QTest::newRow("step gamma") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "stepGamma")->setValue(0.25);
    }) << "stepGamma" << 0.25;
    QTest::newRow("weight decay") << PanelEdit([](ExperimentPanel &panel) {
        typeInto(numberBox(panel, "weightDecay"), QStringLiteral("3e-5"));
    }) << "weightDecay" << 3e-5;
    QTest::newRow("clipping") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "clipNorm")->setValue(1.5);
    }) << "clipNorm" << 1.5;
}

void tst_ExperimentPanel::trainingParameterSignals()
{
    QFETCH(PanelEdit, edit);
    QFETCH(QString, key);
    QFETCH(double, value);
    ExperimentPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy trainingSpy(&panel, &ExperimentPanel::trainingParametersChanged);
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);

    edit(panel);

    QCOMPARE(trainingSpy.count(), 1);
    QCOMPARE(runSpy.count(), 0);
    const QJsonObject emitted = trainingJson(trainingSpy.at(0).at(0).value<TrainingConfig>());
    QCOMPARE(emitted, trainingJson(panel.config().training));
    if (key == QLatin1String("schedule"))
        QCOMPARE(emitted.value(key).toString(), QStringLiteral("step"));
    else
        QCOMPARE(emitted.value(key).toDouble(), value);
}

void tst_ExperimentPanel::runConfigSignals_data()
{
    QTest::addColumn<PanelEdit>("edit");
    QTest::addColumn<QString>("expectedJson"); // a fragment of toJson(config())

    QTest::newRow("initializer") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "weightInit", QStringLiteral("he_normal"));
    }) << "\"weights\":\"he_normal\"";
    QTest::newRow("hidden layers") << PanelEdit([](ExperimentPanel &panel) {
        typeInto(control<QLineEdit>(panel, "hiddenLayers"), QStringLiteral("8, 8"));
    }) << "\"hidden\":[8,8]";
    QTest::newRow("seed typed") << PanelEdit([](ExperimentPanel &panel) {
        typeInto(numberBox(panel, "seed"), QStringLiteral("9007199254740991"));
    }) << "\"seed\":9007199254740991";
    QTest::newRow("activation") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "activation", QStringLiteral("relu"));
    }) << "\"activation\":\"relu\"";
    QTest::newRow("gain") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "gain")->setValue(1.5);
    }) << "\"gain\":1.5";
    QTest::newRow("bias") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "biasInit", QStringLiteral("pytorch_default"));
    }) << "\"bias\":\"pytorch_default\"";
    QTest::newRow("optimizer") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "optimizer", QStringLiteral("adam"));
    }) << "\"optimizer\":\"adam\"";
    QTest::newRow("batch size") << PanelEdit([](ExperimentPanel &panel) {
        control<QSpinBox>(panel, "batchSize")->setValue(32);
    }) << "\"batchSize\":32";
    QTest::newRow("iterations") << PanelEdit([](ExperimentPanel &panel) {
        control<QSpinBox>(panel, "iterations")->setValue(500);
    }) << "\"iterations\":500";
    QTest::newRow("precision") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "precision", QStringLiteral("float32"));
    }) << "\"precision\":\"float32\"";
    QTest::newRow("dataset kind") << PanelEdit([](ExperimentPanel &panel) {
        choose(panel, "datasetKind", QStringLiteral("spiral"));
    }) << "\"kind\":\"spiral\"";
    QTest::newRow("noise") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "noise")->setValue(0.05);
    }) << "\"noise\":0.05";
    QTest::newRow("test fraction") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "testFraction")->setValue(0.2);
    }) << "\"testFraction\":0.2";
    QTest::newRow("spike sensitivity") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "spikeSensitivity")->setValue(4.0);
    }) << "\"sensitivity\":4";
    QTest::newRow("spike window") << PanelEdit([](ExperimentPanel &panel) {
        control<QSpinBox>(panel, "spikeWindow")->setValue(50);
    }) << "\"window\":50";
}

void tst_ExperimentPanel::runConfigSignals()
{
    QFETCH(PanelEdit, edit);
    QFETCH(QString, expectedJson);
    ExperimentPanel panel;
    panel.setConfig(loadPreset(QStringLiteral("default")));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(!jsonText(panel.config()).contains(expectedJson.toUtf8()));
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);
    QSignalSpy trainingSpy(&panel, &ExperimentPanel::trainingParametersChanged);

    edit(panel);

    QCOMPARE(runSpy.count(), 1);
    QCOMPARE(trainingSpy.count(), 0);
    QVERIFY2(jsonText(panel.config()).contains(expectedJson.toUtf8()),
             jsonText(panel.config()).constData());
}

// ---- Entries that cannot be made ----

void tst_ExperimentPanel::spinBoxRejectsOutOfRange_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");

    QTest::newRow("learning rate 0") << "learningRate" << "0";
    QTest::newRow("learning rate above 1000") << "learningRate" << "1000.5";
    QTest::newRow("momentum 1") << "momentum" << "1";
    QTest::newRow("beta2 1") << "beta2" << "1";
    QTest::newRow("epsilon 0") << "epsilon" << "0";
    QTest::newRow("step gamma 0") << "stepGamma" << "0";
    QTest::newRow("noise above 100") << "noise" << "101";
    QTest::newRow("test fraction 0.95") << "testFraction" << "0.95";
    QTest::newRow("outlier fraction 0.6") << "outlierFraction" << "0.6";
    QTest::newRow("weight decay 11") << "weightDecay" << "11";
    QTest::newRow("sensitivity 0.5") << "spikeSensitivity" << "0.5";
    QTest::newRow("seed above 2^53 - 1") << "seed" << "9007199254740992";
    QTest::newRow("seed with decimals") << "seed" << "1.5";
    QTest::newRow("not a number") << "noise" << "abc";
    QTest::newRow("group separator") << "outlierMagnitude" << "1,000";
    QTest::newRow("decimal comma") << "noise" << "0,5";
}

void tst_ExperimentPanel::spinBoxRejectsOutOfRange()
{
    QFETCH(QString, name);
    QFETCH(QString, text);
    ExperimentPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QByteArray before = jsonText(panel.config());
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);
    QSignalSpy trainingSpy(&panel, &ExperimentPanel::trainingParametersChanged);
    QDoubleSpinBox *box = numberBox(panel, qPrintable(name));

    typeInto(box, text);
    box->clearFocus(); // leaving the box restores the last valid value

    QCOMPARE(jsonText(panel.config()), before);
    QCOMPARE(runSpy.count(), 0);
    QCOMPARE(trainingSpy.count(), 0);
    QCOMPARE(box->text(), box->textFromValue(box->value()));
}

void tst_ExperimentPanel::spinBoxKeepsTypedValue_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("value");

    QTest::newRow("beta2 five nines") << "beta2" << "0.99999" << 0.99999;
    QTest::newRow("epsilon exponent") << "epsilon" << "1.5e-10" << 1.5e-10;
    QTest::newRow("momentum just below 1") << "momentum" << "0.999999999" << 0.999999999;
    QTest::newRow("learning rate 1000") << "learningRate" << "1000" << 1000.0;
    QTest::newRow("noise with spaces") << "noise" << " 0.25 " << 0.25;
    QTest::newRow("gain two thirds") << "gain" << "0.6666666666666666" << 2.0 / 3.0;
    QTest::newRow("init value negative") << "initValue" << "-0.001" << -0.001;
}

void tst_ExperimentPanel::spinBoxKeepsTypedValue()
{
    QFETCH(QString, name);
    QFETCH(QString, text);
    QFETCH(double, value);
    ExperimentPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QDoubleSpinBox *box = numberBox(panel, qPrintable(name));

    typeInto(box, text);

    QCOMPARE(box->value(), value);
    checkParses(panel.config());
}

void tst_ExperimentPanel::invalidHiddenLayers_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");

    const QString rule = QStringLiteral("units must be whole numbers from 1 to 1024, separated by "
                                        "commas.");
    QTest::newRow("zero units") << "8, 0" << QStringLiteral("Layer 2 has 0 units: ") + rule;
    QTest::newRow("too many units") << "2000" << QStringLiteral("Layer 1 has 2000 units: ") + rule;
    QTest::newRow("empty layer") << "8,,8" << QStringLiteral("Layer 2 is empty: ") + rule;
    QTest::newRow("trailing comma") << "8," << QStringLiteral("Layer 2 is empty: ") + rule;
    QTest::newRow("space inside number") << "8 8"
                                         << QStringLiteral("\"8 8\" is not a whole number: ")
                                                + rule;
    QTest::newRow("empty") << "" << "Enter at least one layer size, such as 4 or 8, 8.";
    QTest::newRow("open bracket") << "[8, 8"
                                  << "Close the bracket, or leave both brackets out.";
    QTest::newRow("17 layers") << QStringList(17, QStringLiteral("2")).join(u',')
                               << "17 layers is too many: use 1 to 16 hidden layers.";
}

void tst_ExperimentPanel::invalidHiddenLayers()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    ExperimentPanel panel;
    panel.setConfig(loadPreset(QStringLiteral("outlier-batch")));
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QByteArray before = jsonText(panel.config());
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);
    QSignalSpy validitySpy(&panel, &ExperimentPanel::validityChanged);
    auto *hidden = control<QLineEdit>(panel, "hiddenLayers");
    auto *error = control<QLabel>(panel, "hiddenLayersError");
    QVERIFY(!error->isVisibleTo(&panel));

    typeInto(hidden, text);
    hidden->clearFocus();

    QCOMPARE(hidden->text(), text);
    QVERIFY(!panel.isValid());
    QVERIFY(error->isVisibleTo(&panel));
    QCOMPARE(error->text(), message);
    QVERIFY(hidden->styleSheet().contains(QStringLiteral("border")));
    // Validity follows each keystroke; the last change is to invalid.
    QVERIFY(validitySpy.count() >= 1);
    QCOMPARE(validitySpy.last().at(0).toBool(), false);
    QCOMPARE(runSpy.count(), 0);
    QCOMPARE(jsonText(panel.config()), before);

    // A valid entry clears the mark and counts as one edit.
    typeInto(hidden, QStringLiteral("[3, 5]"));
    QVERIFY(panel.isValid());
    QVERIFY(!error->isVisibleTo(&panel));
    QVERIFY(hidden->styleSheet().isEmpty());
    QCOMPARE(validitySpy.last().at(0).toBool(), true);
    QCOMPARE(runSpy.count(), 1);
    QCOMPARE(panel.config().network.hidden, (std::vector<int>{3, 5}));
}

void tst_ExperimentPanel::hiddenLayersBlocksLetters()
{
    ExperimentPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    auto *hidden = control<QLineEdit>(panel, "hiddenLayers");

    typeInto(hidden, QStringLiteral("8x8;"));

    QCOMPARE(hidden->text(), QStringLiteral("88"));
    QCOMPARE(panel.config().network.hidden, (std::vector<int>{88}));
}

// ---- Only the relevant parameters ----

void tst_ExperimentPanel::optimizerShowsItsParameters_data()
{
    QTest::addColumn<QString>("optimizer");
    QTest::addColumn<QStringList>("shown");

    QTest::newRow("sgd") << "sgd" << QStringList{};
    QTest::newRow("momentum") << "momentum" << QStringList{"momentum"};
    QTest::newRow("nesterov") << "nesterov" << QStringList{"momentum"};
    QTest::newRow("rmsprop") << "rmsprop" << QStringList{"rmsAlpha", "epsilon"};
    QTest::newRow("adam") << "adam" << QStringList{"beta1", "beta2", "epsilon"};
}

void tst_ExperimentPanel::optimizerShowsItsParameters()
{
    QFETCH(QString, optimizer);
    QFETCH(QStringList, shown);
    ExperimentPanel panel;
    choose(panel, "optimizer", QStringLiteral("adam"));
    choose(panel, "optimizer", QStringLiteral("momentum"));

    choose(panel, "optimizer", optimizer);

    for (const char *name : {"momentum", "beta1", "beta2", "epsilon", "rmsAlpha"}) {
        const bool expected = shown.contains(QLatin1String(name));
        QVERIFY2(numberBox(panel, name)->isVisibleTo(&panel) == expected, name);
    }
    QVERIFY(numberBox(panel, "learningRate")->isVisibleTo(&panel));
}

void tst_ExperimentPanel::initializerShowsItsParameters_data()
{
    QTest::addColumn<QString>("weights");
    QTest::addColumn<QStringList>("shown");
    QTest::addColumn<bool>("modeEnabled");

    QTest::newRow("zeros") << "zeros" << QStringList{} << false;
    QTest::newRow("constant") << "constant" << QStringList{"initValue"} << false;
    QTest::newRow("uniform") << "uniform" << QStringList{"initLimit"} << false;
    QTest::newRow("normal") << "normal" << QStringList{"initStddev"} << false;
    QTest::newRow("truncated normal") << "truncated_normal" << QStringList{"initStddev"} << false;
    QTest::newRow("xavier uniform") << "xavier_uniform" << QStringList{"gain"} << false;
    QTest::newRow("xavier normal") << "xavier_normal" << QStringList{"gain"} << false;
    QTest::newRow("he uniform") << "he_uniform" << QStringList{"gain"} << true;
    QTest::newRow("he normal") << "he_normal" << QStringList{"gain"} << true;
    QTest::newRow("lecun uniform") << "lecun_uniform" << QStringList{} << false;
    QTest::newRow("lecun normal") << "lecun_normal" << QStringList{} << false;
    QTest::newRow("orthogonal") << "orthogonal" << QStringList{"gain"} << false;
    QTest::newRow("pytorch default") << "pytorch_default" << QStringList{} << false;
}

void tst_ExperimentPanel::initializerShowsItsParameters()
{
    QFETCH(QString, weights);
    QFETCH(QStringList, shown);
    QFETCH(bool, modeEnabled);
    ExperimentPanel panel;

    choose(panel, "weightInit", weights);

    for (const char *name : {"initValue", "initLimit", "initStddev", "gain"}) {
        const bool expected = shown.contains(QLatin1String(name));
        QVERIFY2(numberBox(panel, name)->isVisibleTo(&panel) == expected, name);
    }
    QCOMPARE(control<QComboBox>(panel, "fanMode")->isEnabled(), modeEnabled);
    QVERIFY(!numberBox(panel, "biasValue")->isVisibleTo(&panel));
    choose(panel, "biasInit", QStringLiteral("constant"));
    QVERIFY(numberBox(panel, "biasValue")->isVisibleTo(&panel));
}

void tst_ExperimentPanel::scheduleShowsItsParameters_data()
{
    QTest::addColumn<QString>("schedule");
    QTest::addColumn<QStringList>("shown");

    QTest::newRow("constant") << "constant" << QStringList{};
    QTest::newRow("step") << "step" << QStringList{"stepSize", "stepGamma"};
    QTest::newRow("cosine") << "cosine" << QStringList{"minLearningRate"};
    QTest::newRow("warmup") << "warmup" << QStringList{};
}

void tst_ExperimentPanel::scheduleShowsItsParameters()
{
    QFETCH(QString, schedule);
    QFETCH(QStringList, shown);
    ExperimentPanel panel;

    choose(panel, "schedule", schedule);

    for (const char *name : {"stepSize", "stepGamma", "minLearningRate"}) {
        const bool expected = shown.contains(QLatin1String(name));
        QVERIFY2(panel.findChild<QWidget *>(QLatin1String(name))->isVisibleTo(&panel) == expected,
                 name);
    }
    // Warm-up applies before every schedule; the warm-up schedule needs at least 1 iteration.
    auto *warmup = control<QSpinBox>(panel, "warmupIterations");
    QVERIFY(warmup->isVisibleTo(&panel));
    QCOMPARE(warmup->minimum(), schedule == QLatin1String("warmup") ? 1 : 0);
    QCOMPARE(panel.config().training.warmupIterations, warmup->minimum());
}

// ---- Seed ----

void tst_ExperimentPanel::newSeedDrawsInRange()
{
    ExperimentPanel panel;
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);
    auto *button = control<QAbstractButton>(panel, "newSeed");
    std::uint64_t previous = panel.config().seed;
    bool above32Bits = false;

    for (int click = 1; click <= 20; ++click) {
        button->click();
        const std::uint64_t seed = panel.config().seed;
        QVERIFY(seed != previous);
        QVERIFY(seed <= maxSeed);
        QCOMPARE(runSpy.count(), click);
        above32Bits = above32Bits || seed > 0xffffffffULL;
        previous = seed;
    }
    // 20 draws all below 2^32 happen with probability 2^-420 when the full range is used.
    QVERIFY(above32Bits);
    checkParses(panel.config());
}

// ---- CSV ----

void tst_ExperimentPanel::openCsvShowsPreview()
{
    const QString path = writeFile(m_directory, QStringLiteral("plants.csv"), validCsv);
    ExperimentPanel panel;
    panel.setConfig(loadPreset(QStringLiteral("default")));
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);
    QSignalSpy rejectedSpy(&panel, &ExperimentPanel::csvRejected);

    QString message = QStringLiteral("not cleared");
    QVERIFY(panel.openCsv(path, &message));

    QVERIFY(message.isEmpty());
    QCOMPARE(runSpy.count(), 1);
    QCOMPARE(rejectedSpy.count(), 0);
    auto *preview = control<QTableWidget>(panel, "csvPreview");
    QVERIFY(preview->isVisibleTo(&panel));
    QCOMPARE(headerLabels(preview), (QStringList{"x1", "x2", "y"}));
    QCOMPARE(preview->rowCount(), 5); // 6 data rows, 5 shown
    QCOMPARE(preview->item(0, 0)->text(), QStringLiteral("1"));
    QCOMPARE(preview->item(4, 2)->text(), QStringLiteral("15"));
    auto *target = control<QComboBox>(panel, "csvTarget");
    QVERIFY(target->isVisibleTo(&panel));
    QCOMPARE(itemTexts(target), (QStringList{"x1", "x2", "y"}));
    QCOMPARE(target->currentText(), QStringLiteral("y"));
    QCOMPARE(control<QComboBox>(panel, "datasetKind")->currentData().toString(),
             QStringLiteral("csv"));
    QVERIFY(!numberBox(panel, "noise")->isVisibleTo(&panel));

    const RunConfig config = panel.config();
    QCOMPARE(toString(config.dataset.kind), QStringLiteral("csv"));
    QCOMPARE(config.dataset.path, QFileInfo(path).absoluteFilePath());
    QCOMPARE(config.dataset.targets, QStringList{QStringLiteral("y")});
    checkParses(config);
}

void tst_ExperimentPanel::openCsvTargetChoice()
{
    const QString path = writeFile(m_directory, QStringLiteral("targets.csv"), validCsv);
    ExperimentPanel panel;
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.openCsv(path));
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);
    auto *target = control<QComboBox>(panel, "csvTarget");

    QTest::keyClick(target, Qt::Key_Up); // from y to x2

    QCOMPARE(target->currentText(), QStringLiteral("x2"));
    QCOMPARE(runSpy.count(), 1);
    const RunConfig config = panel.config();
    QCOMPARE(config.dataset.targets, QStringList{QStringLiteral("x2")});
    const Dataset dataset = loadDataset(config);
    QCOMPARE(dataset.targetNames, QStringList{QStringLiteral("x2")});
    QCOMPARE(dataset.inputNames, (QStringList{"x1", "y"}));
    QCOMPARE(dataset.trainCount(), 6);

    // A generator and back: the file and target stay.
    choose(panel, "datasetKind", QStringLiteral("xor"));
    QCOMPARE(toString(panel.config().dataset.kind), QStringLiteral("xor"));
    choose(panel, "datasetKind", QStringLiteral("csv"));
    QCOMPARE(jsonText(panel.config()), jsonText(config));
}

void tst_ExperimentPanel::openCsvRejectsFile_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content"); // empty: the file is not written
    QTest::addColumn<QStringList>("fragments");

    QTest::newRow("non-numeric cell")
        << "letters.csv" << QByteArray("x,y\n1,2\n3,abc\n")
        << QStringList{"letters.csv:3:2:", "non-numeric value \"abc\"", "column 2 (\"y\")"};
    QTest::newRow("missing value")
        << "gap.csv" << QByteArray("a,b,c\n1,2,3\n4,,6\n")
        << QStringList{"gap.csv:3:2:", "missing value in column 2"};
    QTest::newRow("ragged row")
        << "ragged.csv" << QByteArray("a,b\n1,2\n3,4,5\n") << QStringList{"ragged.csv:3"};
    QTest::newRow("single column")
        << "single.csv" << QByteArray("y\n1\n2\n") << QStringList{"single.csv", "only one column"};
    QTest::newRow("missing file") << "absent.csv" << QByteArray()
                                  << QStringList{"absent.csv", "not found"};
}

void tst_ExperimentPanel::openCsvRejectsFile()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, fragments);
    const QString path = content.isEmpty() ? m_directory.filePath(name)
                                           : writeFile(m_directory, name, content);
    ExperimentPanel panel;
    panel.setConfig(loadPreset(QStringLiteral("exploding-gradient")));
    const QByteArray before = jsonText(panel.config());
    QSignalSpy runSpy(&panel, &ExperimentPanel::runConfigChanged);
    QSignalSpy rejectedSpy(&panel, &ExperimentPanel::csvRejected);

    QString message;
    QVERIFY(!panel.openCsv(path, &message));

    for (const QString &fragment : fragments)
        QVERIFY2(message.contains(fragment), qPrintable(message));
    QCOMPARE(rejectedSpy.count(), 1);
    QCOMPARE(rejectedSpy.at(0).at(0).toString(), message);
    auto *label = control<QLabel>(panel, "csvMessage");
    QVERIFY(label->isVisibleTo(&panel));
    QCOMPARE(label->text(), message);
    QCOMPARE(runSpy.count(), 0);
    QCOMPARE(jsonText(panel.config()), before);
}

void tst_ExperimentPanel::openCsvKeepsPreviousCsv()
{
    const QString good = writeFile(m_directory, QStringLiteral("good.csv"), validCsv);
    const QString bad = writeFile(m_directory, QStringLiteral("bad.csv"), "a,b\n1,x\n");
    ExperimentPanel panel;
    QVERIFY(panel.openCsv(good));
    const QByteArray before = jsonText(panel.config());

    QString message;
    QVERIFY(!panel.openCsv(bad, &message));

    QVERIFY(message.startsWith(bad + QStringLiteral(":2:2:")));
    QCOMPARE(jsonText(panel.config()), before);
    QCOMPARE(headerLabels(control<QTableWidget>(panel, "csvPreview")),
             (QStringList{"x1", "x2", "y"}));

    // A good file afterwards clears the message.
    QVERIFY(panel.openCsv(good));
    QVERIFY(!control<QLabel>(panel, "csvMessage")->isVisibleTo(&panel));
}

// A configuration naming a file that is gone keeps its dataset and shows why there is no preview.
void tst_ExperimentPanel::setConfigMissingCsv()
{
    RunConfig config;
    config.dataset.kind = DatasetKind::Csv;
    config.dataset.path = QStringLiteral("gone.csv");
    config.dataset.targets = QStringList{QStringLiteral("price"), QStringLiteral("3")};
    ExperimentPanel panel;
    QSignalSpy rejectedSpy(&panel, &ExperimentPanel::csvRejected);

    panel.setConfig(config, m_directory.path());

    QCOMPARE(jsonText(panel.config()), jsonText(config));
    QCOMPARE(rejectedSpy.count(), 0);
    auto *label = control<QLabel>(panel, "csvMessage");
    QVERIFY(label->isVisibleTo(&panel));
    QVERIFY2(label->text().contains(QStringLiteral("gone.csv")), qPrintable(label->text()));
    QVERIFY2(label->text().contains(QStringLiteral("not found")), qPrintable(label->text()));
    auto *target = control<QComboBox>(panel, "csvTarget");
    QCOMPARE(target->count(), 0);
    QCOMPARE(target->placeholderText(), QStringLiteral("price, 3"));
}

void tst_ExperimentPanel::specialValueTexts_data()
{
    QTest::addColumn<PanelEdit>("edit");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("text");

    QTest::newRow("full batch") << PanelEdit([](ExperimentPanel &panel) {
        control<QSpinBox>(panel, "batchSize")->setValue(0);
    }) << "batchSize" << "full batch";
    QTest::newRow("clipping off") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "clipNorm")->setValue(0.0);
    }) << "clipNorm" << "off";
    QTest::newRow("gain auto") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "gain")->setValue(0.0);
    }) << "gain" << "auto";
    QTest::newRow("epsilon exponent") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "epsilon")->setValue(1e-8);
    }) << "epsilon" << "1e-8";
    QTest::newRow("largest seed") << PanelEdit([](ExperimentPanel &panel) {
        numberBox(panel, "seed")->setValue(double(maxSeed));
    }) << "seed" << "9007199254740991";
}

void tst_ExperimentPanel::specialValueTexts()
{
    QFETCH(PanelEdit, edit);
    QFETCH(QString, name);
    QFETCH(QString, text);
    ExperimentPanel panel;
    panel.setConfig(loadPreset(QStringLiteral("outlier-batch")));
    choose(panel, "weightInit", QStringLiteral("he_uniform"));
    numberBox(panel, "clipNorm")->setValue(2.0);
    numberBox(panel, "gain")->setValue(2.0);

    edit(panel);

    QCOMPARE(panel.findChild<QAbstractSpinBox *>(name)->text(), text);
    checkParses(panel.config());
}

// ---- Tooltips and fonts ----

void tst_ExperimentPanel::namedControlsHaveToolTips()
{
    ExperimentPanel panel;
    const QStringList required{
        "datasetKind", "openCsv",    "csvTarget",   "csvPreview",  "samples",
        "noise",       "hiddenLayers", "activation", "weightInit",  "fanMode",
        "gain",        "biasInit",   "optimizer",   "learningRate", "learningRateSlider",
        "momentum",    "beta1",      "beta2",       "epsilon",     "rmsAlpha",
        "batchSize",   "iterations", "schedule",    "weightDecay", "clipNorm",
        "precision",   "seed",       "newSeed",     "spikeSensitivity", "spikeWindow",
        "spikeMinRatio", "spikeWarmup"};
    for (const QString &name : required)
        QVERIFY2(panel.findChild<QWidget *>(name), qPrintable(name));

    int checked = 0;
    for (QWidget *widget : panel.findChildren<QWidget *>()) {
        const QString name = widget->objectName();
        if (name.isEmpty() || name.startsWith(QLatin1String("qt_")))
            continue; // Qt's own parts, such as a spin box's line edit
        QVERIFY2(!widget->toolTip().isEmpty(), qPrintable(name));
        ++checked;
    }
    QVERIFY(checked >= required.size());
}

void tst_ExperimentPanel::toolTipNamesKey_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("key");

    const QList<std::pair<const char *, const char *>> rows{
        {"datasetKind", "dataset.kind"},         {"openCsv", "dataset.path"},
        {"csvTarget", "dataset.targets"},        {"samples", "dataset.samples"},
        {"noise", "dataset.noise"},              {"outlierFraction", "dataset.outlierFraction"},
        {"outlierMagnitude", "dataset.outlierMagnitude"},
        {"testFraction", "dataset.testFraction"}, {"standardize", "dataset.standardize"},
        {"hiddenLayers", "network.hidden"},      {"activation", "network.activation"},
        {"weightInit", "init.weights"},          {"fanMode", "init.mode"},
        {"gain", "init.gain"},                   {"initValue", "init.value"},
        {"initLimit", "init.limit"},             {"initStddev", "init.stddev"},
        {"biasInit", "init.bias"},               {"biasValue", "init.biasValue"},
        {"optimizer", "training.optimizer"},     {"learningRate", "training.learningRate"},
        {"learningRateSlider", "training.learningRate"},
        {"momentum", "training.momentum"},       {"beta1", "training.beta1"},
        {"beta2", "training.beta2"},             {"epsilon", "training.epsilon"},
        {"rmsAlpha", "training.rmsAlpha"},       {"batchSize", "training.batchSize"},
        {"iterations", "training.iterations"},   {"schedule", "training.schedule"},
        {"warmupIterations", "training.warmupIterations"},
        {"stepSize", "training.stepSize"},       {"stepGamma", "training.stepGamma"},
        {"minLearningRate", "training.minLearningRate"},
        {"weightDecay", "training.weightDecay"}, {"clipNorm", "training.clipNorm"},
        {"precision", "training.precision"},     {"seed", "seed"},
        {"newSeed", "seed"},                     {"spikeSensitivity", "spikes.sensitivity"},
        {"spikeWindow", "spikes.window"},        {"spikeMinRatio", "spikes.minRatio"},
        {"spikeWarmup", "spikes.warmup"},
    };
    for (const auto &[name, key] : rows)
        QTest::newRow(name) << QString::fromLatin1(name) << QString::fromLatin1(key);
}

void tst_ExperimentPanel::toolTipNamesKey()
{
    QFETCH(QString, name);
    QFETCH(QString, key);
    ExperimentPanel panel;
    auto *widget = panel.findChild<QWidget *>(name);
    QVERIFY(widget);
    QVERIFY2(widget->toolTip().contains(QStringLiteral("<code>%1</code>").arg(key)),
             qPrintable(widget->toolTip()));
}

void tst_ExperimentPanel::initializerToolTipGivesFormula_data()
{
    QTest::addColumn<QString>("weights");
    QTest::addColumn<QString>("label");
    QTest::addColumn<QString>("formula");

    QTest::newRow("xavier uniform") << "xavier_uniform" << "Xavier/Glorot uniform"
                                    << "U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out))";
    QTest::newRow("xavier normal") << "xavier_normal" << "Xavier/Glorot normal"
                                   << "s = gain * sqrt(2 / (fan_in + fan_out))";
    QTest::newRow("he uniform") << "he_uniform" << "He/Kaiming uniform"
                                << "b = gain * sqrt(3 / fan)";
    QTest::newRow("he normal") << "he_normal" << "He/Kaiming normal" << "N(0, gain^2 / fan)";
    QTest::newRow("lecun uniform") << "lecun_uniform" << "LeCun uniform"
                                   << "c = sqrt(3 / fan_in)";
    QTest::newRow("lecun normal") << "lecun_normal" << "LeCun normal" << "N(0, 1 / fan_in)";
    QTest::newRow("orthogonal") << "orthogonal" << "Orthogonal" << "gain * Q";
    QTest::newRow("pytorch default") << "pytorch_default" << "PyTorch default"
                                     << "U(-1 / sqrt(fan_in), 1 / sqrt(fan_in))";
    QTest::newRow("uniform") << "uniform" << "Uniform" << "U(-limit, limit)";
    QTest::newRow("truncated normal") << "truncated_normal" << "Truncated normal"
                                      << "beyond 2 stddev";
}

void tst_ExperimentPanel::initializerToolTipGivesFormula()
{
    QFETCH(QString, weights);
    QFETCH(QString, label);
    QFETCH(QString, formula);
    ExperimentPanel panel;
    auto *combo = control<QComboBox>(panel, "weightInit");

    choose(panel, "weightInit", weights);

    QCOMPARE(combo->currentText(), label);
    QVERIFY2(combo->toolTip().contains(formula.toHtmlEscaped()), qPrintable(combo->toolTip()));
    const QString itemTip = combo->itemData(combo->currentIndex(), Qt::ToolTipRole).toString();
    QVERIFY2(itemTip.contains(formula), qPrintable(itemTip));
}

// Teachers enlarge the application font; no control keeps a size of its own.
void tst_ExperimentPanel::followsApplicationFont()
{
    const QFont original = QApplication::font();
    QFont large = original;
    large.setPointSize(original.pointSize() > 0 ? original.pointSize() * 2 : 24);
    QApplication::setFont(large);
    {
        ExperimentPanel panel;
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        for (const char *name : {"learningRate", "hiddenLayers", "weightInit", "openCsv",
                                 "hiddenLayersError", "csvMessage"}) {
            auto *widget = panel.findChild<QWidget *>(QLatin1String(name));
            QVERIFY2(widget, name);
            QCOMPARE(widget->font().pointSize(), large.pointSize());
            QCOMPARE(widget->font().pixelSize(), -1);
        }
    }
    QApplication::setFont(original);
}

void tst_ExperimentPanel::screenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("INITLAB_SCREENSHOT_DIR is not set");

    ExperimentPanel panel;
    panel.setConfig(loadPreset(QStringLiteral("four-neuron-spikes")));
    panel.resize(420, 1500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(panel.grab().save(QDir(directory).filePath(QStringLiteral("experimentpanel.png"))));

    const QString csv = writeFile(m_directory, QStringLiteral("preview.csv"), validCsv);
    QVERIFY(panel.openCsv(csv));
    choose(panel, "weightInit", QStringLiteral("he_normal"));
    typeInto(control<QLineEdit>(panel, "hiddenLayers"), QStringLiteral("8, 0"));
    QVERIFY(panel.grab().save(QDir(directory).filePath(QStringLiteral("experimentpanel-csv.png"))));
}

QTEST_MAIN(tst_ExperimentPanel)
#include "tst_experimentpanel.moc"
