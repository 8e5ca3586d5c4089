#pragma once

// The controls of a run, grouped as the run configuration is: dataset, network, initialization,
// training and spike detection. The main window shows it in a dock on the left.
//
// Every control has a tooltip saying what it sets (for initializers, the formula). Entries that
// are out of range cannot be made or are marked inline with the reason; config() only ever
// returns a configuration that parseRunConfig() accepts.

#include "runconfig.h"

#include <QWidget>

#include <memory>

namespace initlab {

class ExperimentPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ExperimentPanel(QWidget *parent = nullptr);
    ~ExperimentPanel() override;

    // Shows config in the controls without emitting change signals. baseDir resolves a relative
    // CSV path of the config.
    void setConfig(const RunConfig &config, const QString &baseDir = {});
    // The configuration the controls show; fields without a control keep the values of the last
    // setConfig(). Only meaningful while isValid().
    RunConfig config() const;
    QString baseDir() const;
    // False while an entry is marked invalid.
    bool isValid() const;

    // Opens a CSV file as the dataset: reads it, shows a preview of its columns and lets the user
    // choose the target column. A file that cannot be read or parsed leaves the previous dataset in
    // place and returns false with the message in errorMessage (naming the file, line and column).
    bool openCsv(const QString &path, QString *errorMessage = nullptr);

signals:
    // A value that applies to a running training changed: learning rate, optimizer parameters,
    // schedule settings, weight decay or clipping. training is the whole new training section.
    void trainingParametersChanged(const initlab::TrainingConfig &training);
    // A value that needs a new run changed: data, network, initialization, seed, optimizer,
    // batch size, iterations, precision or spike settings.
    void runConfigChanged();
    // An entry became valid or invalid.
    void validityChanged(bool valid);
    // A CSV file was rejected; message names the file and the place.
    void csvRejected(const QString &message);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace initlab
