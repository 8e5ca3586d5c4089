#pragma once

// The state of a LossChart, shared by losschart.cpp (construction, controls, data),
// losschartdraw.cpp (decimation, axes, markers, overlay) and losschartinput.cpp (zoom, pan,
// hover, tooltips). Not part of the public API.

#include "losschart.h"

#include "autoscale.h"
#include "debiasedema.h"
#include "losschartoverlay.h"
#include "minmaxdecimator.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QPen>
#include <QList>
#include <QPointF>

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <vector>

class QCheckBox;
class QChart;
class QDoubleSpinBox;
class QHBoxLayout;
class QLabel;
class QLineSeries;
class QLogValueAxis;
class QPushButton;
class QScatterSeries;
class QSlider;
class QValueAxis;

namespace initlab {

class LossChartView;

inline constexpr std::array<SpikeCause, 5> allCauses = {SpikeCause::ExplodingGradient,
    SpikeCause::LearningRateTooHigh, SpikeCause::OutlierBatch, SpikeCause::NumericalInstability,
    SpikeCause::Unknown};

// Position of cause in allCauses, which indexes the per-cause marker series.
inline std::size_t causeIndex(SpikeCause cause)
{
    const auto found = std::find(allCauses.begin(), allCauses.end(), cause);
    return found == allCauses.end() ? allCauses.size() - 1 : std::size_t(found - allCauses.begin());
}

// The smallest visible x width, in iterations.
inline constexpr double minXWidth = 4.0;
// Pixel sizes at the reference font height below; they grow with the widget font.
inline constexpr double referenceFontPixels = 13.0;
inline constexpr double peakMarkerSize = 11.0;
inline constexpr double pinnedMarkerSize = 15.0;
// How much thicker lines and larger markers are in presentation mode, on top of the growth with
// the font. Markers grow less, so that they do not hide the curve.
inline constexpr double presentationLineFactor = 2.0;
inline constexpr double presentationMarkerFactor = 1.25;

class LossChart::Private
{
public:
    explicit Private(LossChart *owner);

    void buildControls(QHBoxLayout *row);
    void buildChart();
    void connectView();
    void applyStyle();
    void applyTheme();

    void clearRun();
    qint64 appendPoints(std::span<const TrainingPoint> points);
    void applySpike(const SpikeUpdate &update);
    void rebuildSmoothed();
    void updateLegend();

    void updateView();
    void resolveXRange();
    void updateAxes();
    void updateMarkers();
    void revealValue(double value);
    void updateNotice();
    void setLogAxis(bool on);
    void setSmoothingWeight(double weight);
    std::vector<MinMaxDecimator::Sample> visibleSamples(const MinMaxDecimator &data,
        MinMaxDecimator::Decimation &decimation, double firstIndex, double lastIndex, int columns,
        std::vector<double> *scaleValues);
    QList<QPointF> toPoints(const std::vector<MinMaxDecimator::Sample> &samples, int columns) const;
    double yTickTarget() const;
    void stabilizeYRange();
    static void applyValueAxis(QValueAxis *axis, double min, double max, double step);
    void stopFollowing();
    void zoomTo(double min, double max);

    void zoomToRect(const QRectF &sceneRect, bool xOnly);
    void zoomAround(double anchor, double factor);
    void pan(const QPointF &delta);
    void hover(const QPointF &scenePosition, const QPoint &globalPosition);
    void leave();
    void showReadoutHint();
    QString readoutText(qint64 index) const;
    void click(const QPointF &scenePosition);

    QRectF plotRect() const;
    // Scales of line widths and of marker sizes: the font's, times the presentation factor in
    // presentation mode.
    double lineScale() const { return m_presentation ? m_scale * presentationLineFactor : m_scale; }
    double markerScale() const
    {
        return m_presentation ? m_scale * presentationMarkerFactor : m_scale;
    }
    double fullMin() const;
    double fullMax() const;
    qint64 lastIteration() const;
    double indexAt(double iteration) const;
    qint64 nearestIndex(double iteration) const;
    double xToScene(double iteration) const;
    double sceneToX(double x) const;
    double yToScene(double value) const;
    double sceneToY(double y) const;
    double clampForDrawing(double value) const;
    bool isDrawable(double value) const;

    qint64 spikeEnd(const SpikeReport &report) const;
    bool isPinned(const SpikeReport &report) const;
    double pinnedValue() const;
    int spikeAtMarker(const QPointF &scenePosition) const;
    int spikeAtBand(double sceneX) const;
    int eventAtLine(double sceneX) const;
    QString spikeToolTip(int index) const;
    ChartOverlay overlay() const;

    LossChart *q;

    QCheckBox *m_logScaleBox = nullptr;
    QSlider *m_smoothingSlider = nullptr;
    QDoubleSpinBox *m_smoothingSpin = nullptr;
    QCheckBox *m_followBox = nullptr;
    QPushButton *m_resetButton = nullptr;
    QLabel *m_readout = nullptr; // iteration and MSE of the point under the pointer

    QChart *m_chart = nullptr;
    LossChartView *m_view = nullptr;
    QLabel *m_notice = nullptr;
    QLineSeries *m_raw = nullptr;
    QLineSeries *m_smoothed = nullptr;
    QLineSeries *m_test = nullptr;
    std::array<QScatterSeries *, allCauses.size()> m_peaks {};
    std::array<QScatterSeries *, allCauses.size()> m_pinned {};
    QValueAxis *m_xAxis = nullptr;
    QValueAxis *m_yLinear = nullptr;
    QLogValueAxis *m_yLog = nullptr;

    // The run, as received.
    std::vector<qint64> m_iterations;
    bool m_contiguous = true; // iteration i is m_iterations[0] + i for every index i
    qint64 m_totalIterations = 0;
    MinMaxDecimator m_train;
    MinMaxDecimator m_testData;
    MinMaxDecimator m_smoothedData;
    DebiasedEma m_ema {0.9};
    bool m_hasTest = false;
    std::vector<SpikeReport> m_spikes;
    std::array<bool, allCauses.size()> m_causeSeen {};
    std::vector<TrainingEvent> m_events;
    std::optional<TrainingEvent> m_divergence;

    // The view.
    double m_xMin = 0.0;
    double m_xMax = 1.0;
    bool m_zoomed = false;
    bool m_follow = true;
    bool m_log = false;
    bool m_presentation = false;
    // The axis look of the chart theme, kept to restore it when presentation mode ends.
    struct AxisStyle
    {
        QPen line;
        QPen grid;
        QPen minorGrid;
        QBrush labels;
        QBrush title;
    };
    AxisStyle m_themeAxisStyle;
    QColor m_themeLegendColor;
    double m_weight = 0.9;
    std::optional<AxisRange> m_manualY; // set by a rectangle zoom, in values
    // Peak MSE that showSpike() keeps below the top of the autoscaled y range, until the next
    // zoom, pan or reset.
    std::optional<double> m_revealedPeak;
    // The autoscaled y range last shown, which stabilizeYRange() keeps while it still fits.
    std::optional<AxisRange> m_shownAutoY;
    AxisRange m_yRange;
    int m_drawnPoints = 0;
    int m_columns = 0;
    double m_scale = 1.0;
    qint64 m_hoverIndex = -1;
    // The last decimation of each curve, which the next one extends when only points were added.
    MinMaxDecimator::Decimation m_trainDecimation;
    MinMaxDecimator::Decimation m_testDecimation;
    MinMaxDecimator::Decimation m_smoothedDecimation;

    // Legend entries and layout inputs as of the last updateLegend().
    struct LegendState
    {
        bool smoothed = false;
        bool test = false;
        std::array<bool, allCauses.size()> causes {};
        int viewWidth = 0;
        QFont font;
        double weight = 0.0;

        bool operator==(const LegendState &) const = default;
    };
    std::optional<LegendState> m_legendState;
};

} // namespace initlab
