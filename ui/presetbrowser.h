#pragma once

#include <QMainWindow>

class QListWidget;
class QPlainTextEdit;

// A window listing the shipped presets; selecting one shows its description and its complete
// run configuration (every key, defaults included) as JSON.
class PresetBrowser : public QMainWindow
{
    Q_OBJECT

public:
    explicit PresetBrowser(QWidget *parent = nullptr);

    // Selects the preset called name; returns false when there is no such preset.
    bool selectPreset(const QString &name);

private:
    void showPreset(const QString &name);

    QListWidget *m_list = nullptr;
    QPlainTextEdit *m_details = nullptr;
};
