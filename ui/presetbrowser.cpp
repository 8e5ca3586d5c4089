#include "presetbrowser.h"

#include "presets.h"

#include <QAction>
#include <QApplication>
#include <QFontDatabase>
#include <QJsonDocument>
#include <QKeySequence>
#include <QListWidget>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QStatusBar>

PresetBrowser::PresetBrowser(QWidget *parent)
    : QMainWindow(parent)
    , m_list(new QListWidget(this))
    , m_details(new QPlainTextEdit(this))
{
    setWindowTitle(tr("InitLab presets"));

    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *quit = fileMenu->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, qApp, &QApplication::quit);

    m_details->setReadOnly(true);
    m_details->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto *splitter = new QSplitter(this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(1, 3);
    setCentralWidget(splitter);

    m_list->addItems(initlab::presetNames());
    connect(m_list, &QListWidget::currentTextChanged, this, &PresetBrowser::showPreset);
    statusBar()->showMessage(tr("Train a preset headless with: initlab-cli train --preset NAME"));
    if (m_list->count() > 0)
        m_list->setCurrentRow(0);
    resize(900, 600);
}

bool PresetBrowser::selectPreset(const QString &name)
{
    const QList<QListWidgetItem *> matches = m_list->findItems(name, Qt::MatchExactly);
    if (matches.isEmpty())
        return false;
    m_list->setCurrentItem(matches.constFirst());
    return true;
}

void PresetBrowser::showPreset(const QString &name)
{
    if (name.isEmpty())
        return;
    const initlab::RunConfig config = initlab::loadPreset(name);
    const QString json = QString::fromUtf8(QJsonDocument(initlab::toJson(config)).toJson());
    m_details->setPlainText(config.description + QStringLiteral("\n\n") + json);
}
