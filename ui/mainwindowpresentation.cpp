// MainWindow's presentation mode: entering it, leaving it and what the settings keep meanwhile.

#include "mainwindowpresentation_p.h"

#include "losschart.h"

#include <QAction>
#include <QDockWidget>
#include <QToolBar>

namespace initlab {

namespace {

// Text grows by this factor, up to setTextSize()'s maximum of 48 points.
constexpr double presentationTextFactor = 1.6;

} // namespace

QAction *MainWindow::createPresentationAction()
{
    m_presentationAction = new QAction(tr("&Presentation mode"), this);
    m_presentationAction->setObjectName(QStringLiteral("presentationMode"));
    m_presentationAction->setCheckable(true);
    // Esc already stops the run, so only F11 leaves presentation mode.
    m_presentationAction->setShortcut(Qt::Key_F11);
    m_presentationAction->setToolTip(tr("Full screen with large text, a high-contrast chart and "
                                        "only the main controls, for projectors (F11)"));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::setPresentationMode);
    return m_presentationAction;
}

bool MainWindow::isPresentationMode() const
{
    return m_presentation != nullptr;
}

void MainWindow::setPresentationMode(bool on)
{
    if (on == isPresentationMode())
        return;

    if (on) {
        m_presentation = std::make_unique<PresentationRestore>();
        m_presentation->windowState = windowState();
        m_presentation->geometry = saveGeometry();
        m_presentation->normalGeometry = geometry();
        m_presentation->state = saveState();
        m_presentation->textSize = textSize();

        // Only the run controls stay: the panel and the rarely used buttons go.
        if (auto *panelDock = findChild<QDockWidget *>(QStringLiteral("experimentDock")))
            panelDock->hide();
        m_presentation->toolBar = findChild<QToolBar *>(QStringLiteral("runToolBar"));
        if (m_presentation->toolBar) {
            m_presentation->toolBarActions = m_presentation->toolBar->actions();
            m_presentation->toolBar->removeAction(m_stepEpochAction);
            m_presentation->toolBar->removeAction(m_reinitializeAction);
        }
        setTextSize(m_presentation->textSize * presentationTextFactor);
        m_chart->setPresentationMode(true);
        showFullScreen();
    } else {
        const std::unique_ptr<PresentationRestore> restore = std::move(m_presentation);
        m_chart->setPresentationMode(false);
        setTextSize(restore->textSize);
        if (QToolBar *toolBar = restore->toolBar) {
            // Each removed action goes back before the next action of the old order that the
            // toolbar still holds, so that buttons added meanwhile by others keep their place.
            const QList<QAction *> &before = restore->toolBarActions;
            for (qsizetype i = 0; i < before.size(); ++i) {
                if (toolBar->actions().contains(before[i]))
                    continue;
                QAction *next = nullptr;
                for (qsizetype j = i + 1; j < before.size() && !next; ++j) {
                    if (toolBar->actions().contains(before[j]))
                        next = before[j];
                }
                toolBar->insertAction(next, before[i]);
            }
        }
        setWindowState(restore->windowState);
        // setGeometry() rather than restoreGeometry(), which guesses the frame of a window that
        // has just left full screen and may move it by a title bar's height.
        if (!(restore->windowState & (Qt::WindowMaximized | Qt::WindowFullScreen)))
            setGeometry(restore->normalGeometry);
        restoreState(restore->state);
    }

    if (m_presentationAction->isChecked() != on) {
        const QSignalBlocker blocker(m_presentationAction);
        m_presentationAction->setChecked(on);
    }
    emit presentationModeChanged(on);
}

double MainWindow::normalTextSize() const
{
    return m_presentation ? m_presentation->textSize : textSize();
}

QByteArray MainWindow::normalGeometry() const
{
    return m_presentation ? m_presentation->geometry : saveGeometry();
}

QByteArray MainWindow::normalState() const
{
    return m_presentation ? m_presentation->state : saveState();
}

} // namespace initlab
