#include "csvpreview.h"

#include "configform.h"
#include "csvimport.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace initlab {

CsvPreview::CsvPreview(QWidget *parent)
    : QWidget(parent)
    , m_table(new QTableWidget(this))
    , m_target(new QComboBox(this))
{
    m_table->setObjectName(QStringLiteral("csvPreview"));
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->setVisible(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_table->setToolTip(configform::keyToolTip(
        tr("Column names and the first %1 rows of the file. Every column except the target is an "
           "input.")
            .arg(previewRows),
        QStringLiteral("dataset.path")));

    m_target->setObjectName(QStringLiteral("csvTarget"));
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_target->setMinimumContentsLength(8);

    auto *form = new QFormLayout;
    form->setContentsMargins(0, 0, 0, 0);
    configform::addRow(form, tr("Target column"), m_target,
        configform::keyToolTip(tr("The column the network learns to predict; "
                                  "every other column is an input."),
            QStringLiteral("dataset.targets")));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
    layout->addLayout(form);

    connect(m_target, &QComboBox::activated, this, &CsvPreview::chooseTarget);
}

// csvimport trims a request and matches names before numbers, so a name is used only when it is
// unique and has no surrounding spaces.
QString CsvPreview::columnReference(const CsvTable &table, int column)
{
    const QString &name = table.header.at(column);
    const bool usable = table.hasHeader && !name.isEmpty() && name.trimmed() == name;
    if (usable && table.header.count(name) == 1)
        return name;
    return QString::number(column + 1);
}

void CsvPreview::showTable(const CsvTable &table, const QStringList &targets)
{
    m_targets = targets;
    const int columns = int(table.header.size());
    const int rows = int(std::min<std::size_t>(table.rows.size(), previewRows));
    m_table->clear();
    m_table->setColumnCount(columns);
    m_table->setRowCount(rows);
    m_table->setHorizontalHeaderLabels(table.header);
    for (int row = 0; row < rows; ++row) {
        const QStringList &cells = table.rows[std::size_t(row)];
        for (int column = 0; column < columns && column < cells.size(); ++column)
            m_table->setItem(row, column, new QTableWidgetItem(cells.at(column).trimmed()));
    }
    m_table->resizeColumnsToContents();
    updateTableHeight();

    const QSignalBlocker blocker(m_target);
    m_target->clear();
    for (int column = 0; column < columns; ++column)
        m_target->addItem(table.header.at(column), columnReference(table, column));

    const int selected = targets.isEmpty() ? columns - 1
        : targets.size() == 1              ? findColumn(targets.constFirst())
                                           : -1;
    m_target->setCurrentIndex(selected);
    m_target->setPlaceholderText(selected < 0 ? targets.join(QStringLiteral(", ")) : QString());
}

void CsvPreview::clearTable(const QStringList &targets)
{
    m_targets = targets;
    m_table->clear();
    m_table->setRowCount(0);
    m_table->setColumnCount(0);
    updateTableHeight();
    const QSignalBlocker blocker(m_target);
    m_target->clear();
    m_target->setPlaceholderText(
        targets.isEmpty() ? tr("last column") : targets.join(QStringLiteral(", ")));
}

// Fits the table's height to the header and the shown rows, plus the horizontal scroll bar when
// the columns are wider than the table, so the preview takes no more room than it needs.
void CsvPreview::updateTableHeight()
{
    const int frame = 2 * m_table->frameWidth();
    int height = m_table->horizontalHeader()->sizeHint().height() + frame;
    for (int row = 0; row < m_table->rowCount(); ++row)
        height += m_table->verticalHeader()->sectionSizeHint(row);
    if (m_table->horizontalHeader()->length() > m_table->width() - frame)
        height += m_table->horizontalScrollBar()->sizeHint().height();
    m_table->setFixedHeight(height);
}

void CsvPreview::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateTableHeight();
}

bool CsvPreview::hasTable() const
{
    return m_target->count() > 0;
}

void CsvPreview::chooseTarget(int index)
{
    const QStringList chosen {m_target->itemData(index).toString()};
    if (chosen == m_targets)
        return;
    m_targets = chosen;
    m_target->setPlaceholderText(QString());
    emit targetsChosen();
}

// Matches a target as csvimport does: the one exact name, then the one name equal ignoring case,
// then a 1-based column number. Returns -1 when none or several match.
int CsvPreview::findColumn(const QString &target) const
{
    const QString name = target.trimmed();
    for (const Qt::CaseSensitivity sensitivity : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        QList<int> matches;
        for (int i = 0; i < m_target->count(); ++i) {
            if (m_target->itemText(i).compare(name, sensitivity) == 0)
                matches.append(i);
        }
        if (matches.size() == 1)
            return matches.constFirst();
        if (matches.size() > 1)
            return -1;
    }

    bool isNumber = false;
    const int number = name.toInt(&isNumber);
    if (isNumber && number >= 1 && number <= m_target->count())
        return number - 1;
    return -1;
}

} // namespace initlab
