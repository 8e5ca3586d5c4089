#pragma once

// The window's state from before presentation mode, which leaving it restores. Shared by
// mainwindow.cpp, whose destructor needs the complete type, and mainwindowpresentation.cpp.

#include "mainwindow.h"

#include <QByteArray>
#include <QList>
#include <QRect>

class QToolBar;

namespace initlab {

struct MainWindow::PresentationRestore
{
    Qt::WindowStates windowState;
    QByteArray geometry; // saveGeometry(), for the settings
    QRect normalGeometry; // geometry() of a window neither maximized nor full screen
    QByteArray state; // saveState(): docks and toolbars, their visibility and sizes
    double textSize = 0.0;
    // The run toolbar and its actions before presentation mode removed the rarely used ones.
    QToolBar *toolBar = nullptr;
    QList<QAction *> toolBarActions; // the toolbar's actions before, in order
};

} // namespace initlab
