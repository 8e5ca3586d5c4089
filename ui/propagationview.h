#pragma once

// The spread of signals through a deep stack of equal layers at initialization, one line per
// initializer: the standard deviation of the pre-activations going forward, or of the gradients
// coming back, layer by layer on a logarithmic axis. With ReLU, He keeps the spread flat, Xavier
// halves the variance at each layer and PyTorch's default divides it by about 6.
//
// propagate() runs on a thread of its own, one computation at a time. A change of settings while
// it runs stops it at the next layer and computes the latest settings instead. Once a result has
// been shown, changing a setting recomputes by itself.

#include "enums.h"
#include "propagation.h"

#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

class QChart;

namespace initlab {

class PropagationView : public QWidget
{
    Q_OBJECT

public:
    // The initializers compared unless setInitializers() chooses others: those of
    // initlab-cli propagate.
    static QStringList defaultInitializers();

    explicit PropagationView(QWidget *parent = nullptr);
    // Returns at once even while propagate() runs. The thread stops at the next layer and drops
    // the result. The QCoreApplication destructor waits for such threads.
    ~PropagationView() override;

    // The computations of all views whose threads have not ended yet.
    static int runningComputations();

    void setActivation(Activation activation);
    Activation activation() const;
    // Set the spin boxes, which clamp to their ranges: layers 1..maxPropagationLayers, width
    // 1..maxPropagationWidth, samples 2..maxPropagationSamples.
    void setLayers(int layers);
    void setWidth(int width);
    void setSamples(int samples);
    // true plots the pre-activations, false the gradients with respect to them. Both come from
    // the same computation, so switching does not recompute.
    void setForward(bool forward);
    bool isForward() const;
    // Initializers as PropagationSpec::inits describes them, one line each.
    void setInitializers(const QStringList &inits);
    QStringList initializers() const;
    // The settings compute() uses.
    PropagationSpec spec() const;

    // Starts a computation with the current settings. A computation already running is stopped
    // at its next layer and its result dropped.
    void compute();
    bool isComputing() const;
    // The result shown, empty before the first one.
    const std::vector<PropagationColumn> &columns() const;
    // The message shown in place of the status: "Computing...", an error, or a note on values
    // the log axis cannot show.
    QString statusText() const;

    // Draws lines and markers twice as large, for a projector.
    void setPresentationMode(bool on);
    bool isPresentationMode() const;

    // The chart, with one QLineSeries per initializer in the order of initializers().
    QChart *chart() const;

signals:
    // A new result is shown.
    void computed();
    // propagate() rejected the settings or failed; message is its error, also shown in the view.
    void failed(const QString &message);

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace initlab
