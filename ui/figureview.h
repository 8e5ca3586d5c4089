#pragma once

// A widget that shows a figure drawn by the same code as exportFigure(), so that what is on the
// screen is what a PNG, SVG or PDF export of the same curves and style gives.

#include "figure.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace initlab {

class FigureScene;

class FigureView : public QWidget
{
    Q_OBJECT

public:
    explicit FigureView(QWidget *parent = nullptr);
    ~FigureView() override;

    void setFigure(std::vector<FigureCurve> curves, const FigureStyle &style);
    void setStyle(const FigureStyle &style);
    const std::vector<FigureCurve> &curves() const { return m_curves; }
    const FigureStyle &style() const { return m_style; }

    // Lays the figure out for a page of inches (width x height), as the export at that size
    // does, and shows it scaled to fit the view, centred on a grey surround. An empty size
    // returns to laying the figure out for the view's own size.
    void setPageInches(const QSizeF &inches);
    QSizeF pageInches() const { return m_pageInches; }
    // The rectangle the figure takes in the view.
    QRectF figureRect() const;

    // Texts cut short because they do not fit the layout the view shows, as
    // FigureScene::shortenedTexts() gives them. In page mode these are the texts that an export
    // at that size would cut.
    QStringList shortenedTexts();

    // Size of the view in centimetres at the screen's logical dpi, as an export of the same
    // proportions would have it.
    QSizeF physicalCentimetres() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void ensureScene();

    std::vector<FigureCurve> m_curves;
    FigureStyle m_style;
    QSizeF m_pageInches;
    // Laid out for the current size on the first paint after a change.
    std::unique_ptr<FigureScene> m_scene;
};

} // namespace initlab
