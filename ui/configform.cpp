#include "configform.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QWidget>

#include <algorithm>

namespace initlab::configform {

QString keyToolTip(const QString &description, const QString &key)
{
    return QStringLiteral("<p>%1</p><p>Key: <code>%2</code></p>")
        .arg(description.toHtmlEscaped(), key.toHtmlEscaped());
}

void addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &toolTip)
{
    auto *labelWidget = new QLabel(label);
    labelWidget->setBuddy(field);
    labelWidget->setToolTip(toolTip);
    field->setToolTip(toolTip);
    form->addRow(labelWidget, field);
}

namespace {

QList<QWidget *> formLabels(const QWidget *root)
{
    QList<QWidget *> labels;
    for (const QFormLayout *form : root->findChildren<QFormLayout *>()) {
        for (int row = 0; row < form->rowCount(); ++row) {
            if (QLayoutItem *item = form->itemAt(row, QFormLayout::LabelRole); item && item->widget())
                labels.append(item->widget());
        }
    }
    return labels;
}

void alignNow(const QWidget *root)
{
    const QList<QWidget *> labels = formLabels(root);
    int width = 0;
    for (QWidget *label : labels) {
        label->setMinimumWidth(0);
        width = std::max(width, label->sizeHint().width());
    }
    for (QWidget *label : labels)
        label->setMinimumWidth(width);
}

// Realigns the labels under the watched widget after its font changed.
class LabelAligner : public QObject
{
public:
    using QObject::QObject;

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::FontChange)
            alignNow(static_cast<QWidget *>(watched));
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void alignLabels(QWidget *root)
{
    alignNow(root);
    root->installEventFilter(new LabelAligner(root));
}

QSpinBox *integerBox(const QString &name, int minimum, int maximum, int step)
{
    auto *box = new QSpinBox;
    box->setObjectName(name);
    box->setRange(minimum, maximum);
    box->setSingleStep(step);
    box->setKeyboardTracking(false);
    return box;
}

} // namespace initlab::configform
