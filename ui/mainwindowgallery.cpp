// MainWindow's side of the preset gallery: opening it and acting on its requests.

#include "mainwindow.h"

#include "comparisonwindow.h"
#include "experimentpanel.h"
#include "presetgallery.h"
#include "presets.h"

namespace initlab {

PresetGallery *MainWindow::openPresetGallery()
{
    if (!m_presetGallery) {
        m_presetGallery = new PresetGallery(this);
        connect(m_presetGallery, &PresetGallery::loadRequested, this, &MainWindow::loadFromGallery);
        connect(m_presetGallery, &PresetGallery::compareRequested, this,
            &MainWindow::compareFromGallery);
    }
    m_presetGallery->show();
    m_presetGallery->raise();
    m_presetGallery->activateWindow();
    return m_presetGallery;
}

void MainWindow::loadFromGallery(const QString &name, bool start)
{
    if (!loadPreset(name) || !start)
        return;
    // The controller handles requests in order, so the start applies to the run just loaded.
    m_controller->start();
}

void MainWindow::compareFromGallery(
    const QString &name, const QString &key, const QStringList &values)
{
    RunConfig config;
    try {
        config = initlab::loadPreset(name);
    } catch (const std::exception &error) {
        showFailure(QString::fromUtf8(error.what()));
        return;
    }
    openComparison();
    // The comparison starts from the preset itself, whatever the panel shows.
    m_comparisonWindow->setBaseConfig(config);
    m_comparisonWindow->selectValues(key, values);
}

} // namespace initlab
