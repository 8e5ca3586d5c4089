#include "configform.h"

#include <QFormLayout>
#include <QLabel>

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

} // namespace initlab::configform
