// The main window's figure export and clipboard copy of the live chart.

#include "mainwindow.h"

#include "errors.h"
#include "figuresettings.h"
#include "losschart.h"
#include "runfigure.h"
#include "uilogging.h"

#include <QApplication>
#include <QClipboard>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>

#include <cmath>

namespace initlab {

FigureExportSource MainWindow::exportSource() const
{
    FigureExportSource source;
    source.curves = runCurves(m_chart->data());
    source.style = m_figureStyle;
    source.style.title = m_run.config.name;
    source.style.logY = m_chart->isLogScale();
    source.size = m_figureSize;
    const QByteArray config = QJsonDocument(toJson(m_run.config)).toJson();
    source.configJson = [config](const FigureStyle &, const FigureSize &) {
        return config;
    };
    source.suggestedName = m_run.config.name.isEmpty() ? QStringLiteral("loss") : m_run.config.name;
    source.directory = m_lastDirectory;
    return source;
}

FigureExportDialog *MainWindow::openExportDialog()
{
    auto *dialog = new FigureExportDialog(exportSource(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWritesCsv(m_exportCsv);
    dialog->setWritesConfig(m_exportConfig);
    connect(dialog, &FigureExportDialog::exported, this, [this](const QStringList &files) {
        statusBar()->showMessage(tr("Wrote %1").arg(files.join(QStringLiteral(", "))), 8000);
    });
    connect(dialog, &QDialog::finished, this, [this, dialog] { keepExportOptions(*dialog); });
    dialog->open();
    return dialog;
}

void MainWindow::keepExportOptions(const FigureExportDialog &dialog)
{
    m_figureStyle = dialog.figureStyle();
    m_figureSize = dialog.figureSize();
    m_exportCsv = dialog.writesCsv();
    m_exportConfig = dialog.writesConfig();
}

QByteArray MainWindow::exportSettingsJson() const
{
    FigureSettings settings;
    settings.style = m_figureStyle;
    settings.style.title.clear();
    settings.size = m_figureSize;
    return QJsonDocument(toJson(settings)).toJson(QJsonDocument::Compact);
}

void MainWindow::readExportSettings(const QByteArray &json)
{
    if (json.isEmpty())
        return;
    // Settings written by another version, or edited by hand, fall back to the defaults.
    try {
        const FigureSettings settings = figureSettingsFromJson(
            QJsonDocument::fromJson(json).object(), QStringLiteral("settings export/figure"));
        m_figureStyle = settings.style;
        m_figureSize = settings.size;
    } catch (const ConfigError &error) {
        qCWarning(lcWindow).noquote() << error.what() << "; the export settings start afresh";
    }
}

bool MainWindow::copyChart()
{
    FigureExportSource source = exportSource();
    const double ratio = m_chart->devicePixelRatioF();
    FigureSize size;
    size.unit = FigureSize::Pixels;
    size.width = std::round(m_chart->width() * ratio);
    size.height = std::round(m_chart->height() * ratio);
    size.dpi = int(std::lround(m_chart->logicalDpiX() * ratio));
    QString error;
    const QImage image = renderFigure(source.curves, source.style, size, &error);
    if (image.isNull()) {
        statusBar()->showMessage(error, 8000);
        return false;
    }
    QApplication::clipboard()->setImage(image);
    statusBar()->showMessage(
        tr("Copied the chart as a %1 × %2 pixel image").arg(image.width()).arg(image.height()),
        5000);
    return true;
}

} // namespace initlab
