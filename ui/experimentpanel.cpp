#include "experimentpanel.h"

#include "configform.h"
#include "datasetsection.h"
#include "initsection.h"
#include "networksection.h"
#include "spikesection.h"
#include "trainingsection.h"

#include <QScrollArea>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace initlab {

class ExperimentPanel::Private
{
public:
    RunConfig base; // the last setConfig(), for the fields without a control
    QString baseDir;
    DatasetSection *dataset = nullptr;
    NetworkSection *network = nullptr;
    InitSection *init = nullptr;
    TrainingSection *training = nullptr;
    SpikeSection *spikes = nullptr;
};

ExperimentPanel::ExperimentPanel(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>())
{
    d->dataset = new DatasetSection;
    d->network = new NetworkSection;
    d->init = new InitSection;
    d->training = new TrainingSection;
    d->spikes = new SpikeSection;

    // The sections scroll as one column, so the panel fits a laptop screen at any font size.
    auto *content = new QWidget;
    auto *column = new QVBoxLayout(content);
    for (QWidget *section : std::initializer_list<QWidget *>{d->dataset, d->network, d->init,
                                                             d->training, d->spikes})
        column->addWidget(section);
    column->addStretch(1);
    configform::alignLabels(content);

    auto *scrollArea = new QScrollArea;
    scrollArea->setWidget(content);
    scrollArea->setWidgetResizable(true);
    scrollArea->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scrollArea);

    setConfig(RunConfig());

    connect(d->dataset, &DatasetSection::changed, this, &ExperimentPanel::runConfigChanged);
    connect(d->dataset, &DatasetSection::csvRejected, this, &ExperimentPanel::csvRejected);
    connect(d->network, &NetworkSection::changed, this, &ExperimentPanel::runConfigChanged);
    connect(d->network, &NetworkSection::validityChanged, this, &ExperimentPanel::validityChanged);
    connect(d->network, &NetworkSection::activationShown, d->init, &InitSection::setActivation);
    connect(d->init, &InitSection::changed, this, &ExperimentPanel::runConfigChanged);
    connect(d->training, &TrainingSection::runSettingsEdited, this,
            &ExperimentPanel::runConfigChanged);
    connect(d->training, &TrainingSection::trainingParametersEdited, this,
            [this] { emit trainingParametersChanged(config().training); });
    connect(d->spikes, &SpikeSection::changed, this, &ExperimentPanel::runConfigChanged);
}

ExperimentPanel::~ExperimentPanel() = default;

void ExperimentPanel::setConfig(const RunConfig &config, const QString &baseDir)
{
    const bool wasValid = isValid();
    {
        const QSignalBlocker panelBlocker(this);
        d->base = config;
        d->baseDir = baseDir;
        d->dataset->setConfig(config.dataset, baseDir);
        d->network->setConfig(config.network);
        d->init->setConfig(config.init);
        d->init->setActivation(config.network.activation);
        d->training->setConfig(config.training, config.seed);
        d->spikes->setConfig(config.spikes);
    }
    // A fresh configuration clears an invalid entry; that is a change of validity, not of values.
    if (!wasValid && isValid())
        emit validityChanged(true);
}

RunConfig ExperimentPanel::config() const
{
    RunConfig result = d->base;
    d->dataset->apply(result.dataset);
    d->network->apply(result.network);
    d->init->apply(result.init);
    d->training->apply(result.training, result.seed);
    d->spikes->apply(result.spikes);
    return result;
}

QString ExperimentPanel::baseDir() const
{
    return d->baseDir;
}

bool ExperimentPanel::isValid() const
{
    return d->network->isValid();
}

bool ExperimentPanel::openCsv(const QString &path, QString *errorMessage)
{
    return d->dataset->openCsv(path, errorMessage);
}

} // namespace initlab
