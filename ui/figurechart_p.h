#pragma once

// The chart of a figure, laid out in a scene of its own for rendering to an image, SVG or PDF.

#include "figure.h"

#include <QGraphicsScene>
#include <QSizeF>
#include <QStringList>

class QChart;
class QPainter;
class QRectF;

namespace initlab {

class FigureScene
{
public:
    // Lays the chart out for a figure of physicalInches (width x height in inches). Layout units
    // are chosen so that the font's pixel size is a whole number and still measures
    // style.fontPoints points on the page, whatever the output's resolution. Curves and bands
    // longer than 4 x columns values are decimated to columns columns (columns >= 1).
    FigureScene(const std::vector<FigureCurve> &curves, const FigureStyle &style,
        QSizeF physicalInches, int columns);

    FigureScene(const FigureScene &) = delete;
    FigureScene &operator=(const FigureScene &) = delete;

    // Size of the chart in layout units.
    QSizeF layoutSize() const { return m_layoutSize; }
    // Layout units per inch.
    double unitsPerInch() const { return m_unitsPerInch; }
    QChart *chart() const { return m_chart; }

    // Texts that did not fit, or an empty list. First come those cut short with "...": the
    // title, axis titles and legend labels in full, others such as tick labels as shown. Then
    // come the spike labels left out for want of space.
    QStringList shortenedTexts() const;

    // Draws the whole chart stretched onto target, in the painter's coordinates.
    void render(QPainter &painter, const QRectF &target);

private:
    QGraphicsScene m_scene;
    QChart *m_chart = nullptr; // owned by m_scene
    QSizeF m_layoutSize;
    QStringList m_fullTexts; // title, axis titles and curve labels, to name shortened ones
    QStringList m_omittedLabels; // spike labels that found no place
    QStringList m_shortenedLegend; // legend labels cut to the width of the figure
    double m_unitsPerInch = 96.0;
};

} // namespace initlab
