#pragma once

// A dialog that lists every shipped preset by topic, with a short lesson for each one: what the
// preset shows and what to watch while it trains. Teachers pick a demo here and load it into the
// main window, start it at once, or open an initializer comparison from it.

#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

class QLabel;
class QPushButton;
class QListWidget;

namespace initlab {

// One preset in the gallery, with the texts shown for it.
struct PresetGalleryEntry
{
    QString preset; // name as presetNames() lists it
    QString group; // "Initialization", "Loss spikes" or "More"
    QString title;
    QString whatItShows;
    QString whatToLookFor;
    // Setting and values that the comparison window starts with; empty for no comparison.
    QString compareKey;
    QStringList compareValues;
};

class PresetGallery : public QDialog
{
    Q_OBJECT

public:
    explicit PresetGallery(QWidget *parent = nullptr);
    ~PresetGallery() override;

    // Every shipped preset exactly once, in the order and groups the dialog shows. A preset that
    // has no lesson text is listed under "More" with its JSON description.
    static QList<PresetGalleryEntry> entries();
    static QStringList groups();

    // The preset of the selected entry; empty while a group heading or nothing is selected.
    QString currentPreset() const;
    // Selects the entry of name; returns false when no entry has that preset.
    bool selectPreset(const QString &name);

    // Each emits the request for the selected entry, as its button does; nothing happens without
    // a selected entry or, for compare(), without a comparison.
    void load();
    void loadAndStart();
    void compare();

signals:
    // The user requested to load name into the main window, and with start to train it at once.
    void loadRequested(const QString &name, bool start);
    // The user requested a comparison based on preset name, of key over values.
    void compareRequested(const QString &name, const QString &key, const QStringList &values);

private:
    void showCurrent();
    const PresetGalleryEntry *currentEntry() const;

    QList<PresetGalleryEntry> m_entries;
    QListWidget *m_list = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_shows = nullptr;
    QLabel *m_lookFor = nullptr;
    QLabel *m_settings = nullptr;
    QPushButton *m_loadButton = nullptr;
    QPushButton *m_startButton = nullptr;
    QPushButton *m_compareButton = nullptr;
};

} // namespace initlab
