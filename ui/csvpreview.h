#pragma once

#include <QStringList>
#include <QWidget>

class QComboBox;
class QTableWidget;

namespace initlab {

struct CsvTable;

// The columns of a CSV file and its first rows in a small table, with a combo to choose the
// target column. Every column that is not the target is an input.
class CsvPreview : public QWidget
{
    Q_OBJECT

public:
    // Number of data rows the preview shows.
    static constexpr int previewRows = 5;

    explicit CsvPreview(QWidget *parent = nullptr);

    // Shows table and selects the column that targets names, as dataset.targets does: an empty
    // list is the last column. Targets that name several columns, or none of this table's, stay
    // as they are and the combo shows them as its placeholder.
    void showTable(const CsvTable &table, const QStringList &targets);
    // Forgets the table; targets stay and are shown as the placeholder.
    void clearTable(const QStringList &targets);

    // The target columns for dataset.targets: the column chosen in the combo, or the targets
    // last passed in when the user has not chosen.
    QStringList targets() const { return m_targets; }
    bool hasTable() const;

    // Returns how dataset.targets names column (0-based) of table: its header name when that is
    // unique, otherwise its 1-based number.
    static QString columnReference(const CsvTable &table, int column);

protected:
    void resizeEvent(QResizeEvent *event) override;

signals:
    // The user chose a target column.
    void targetsChosen();

private:
    void chooseTarget(int index);
    void updateTableHeight();
    int findColumn(const QString &target) const;

    QTableWidget *m_table = nullptr;
    QComboBox *m_target = nullptr;
    QStringList m_targets;
};

} // namespace initlab
