#include "networksection.h"

#include "choicelabels.h"
#include "configform.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QValidator>

namespace initlab {
namespace {

using configform::keyToolTip;

// Limits of network.hidden, as parseRunConfig() checks them (docs/config.md).
constexpr int maxLayers = 16;
constexpr int maxUnits = 1024;

QString unitsRule()
{
    return NetworkSection::tr("units must be whole numbers from 1 to %1, separated by commas")
        .arg(maxUnits);
}

// Blocks characters that never belong in a list of layer sizes and marks the rest Acceptable
// only when parseHiddenLayers() accepts it, so the line edit emits editingFinished only then.
class HiddenLayersValidator : public QValidator
{
public:
    using QValidator::QValidator;

    State validate(QString &input, int &position) const override
    {
        Q_UNUSED(position);
        static const QRegularExpression allowed(QStringLiteral("^[0-9,\\s\\[\\]]*$"));
        if (!allowed.match(input).hasMatch())
            return Invalid;
        return parseHiddenLayers(input, nullptr) ? Acceptable : Intermediate;
    }
};

} // namespace

std::optional<std::vector<int>> parseHiddenLayers(const QString &text, QString *reason)
{
    auto fail = [reason](const QString &message) -> std::optional<std::vector<int>> {
        if (reason)
            *reason = message;
        return std::nullopt;
    };

    QString list = text.trimmed();
    const bool opens = list.startsWith(u'[');
    const bool closes = list.endsWith(u']');
    if (opens != closes || (opens && list.size() < 2))
        return fail(NetworkSection::tr("Close the bracket, or leave both brackets out."));
    if (opens)
        list = list.mid(1, list.size() - 2).trimmed();
    if (list.isEmpty())
        return fail(NetworkSection::tr("Enter at least one layer size, such as 4 or 8, 8."));

    const QStringList items = list.split(u',');
    if (items.size() > maxLayers) {
        return fail(NetworkSection::tr("%1 layers is too many: use 1 to %2 hidden layers.")
                        .arg(items.size())
                        .arg(maxLayers));
    }

    std::vector<int> layers;
    for (qsizetype i = 0; i < items.size(); ++i) {
        const QString item = items.at(i).trimmed();
        if (item.isEmpty()) {
            return fail(NetworkSection::tr("Layer %1 is empty: %2.").arg(i + 1).arg(unitsRule()));
        }
        bool ok = false;
        const int units = item.toInt(&ok);
        if (!ok && item.contains(QRegularExpression(QStringLiteral("^[0-9]+$"))))
            return fail(NetworkSection::tr("Layer %1 has too many units: %2.")
                            .arg(i + 1)
                            .arg(unitsRule()));
        if (!ok) {
            return fail(NetworkSection::tr("\"%1\" is not a whole number: %2.")
                            .arg(item, unitsRule()));
        }
        if (units < 1 || units > maxUnits) {
            return fail(NetworkSection::tr("Layer %1 has %2 units: %3.")
                            .arg(i + 1)
                            .arg(units)
                            .arg(unitsRule()));
        }
        layers.push_back(units);
    }
    if (reason)
        reason->clear();
    return layers;
}

namespace {

QString formatLayers(const std::vector<int> &layers)
{
    QStringList parts;
    for (int units : layers)
        parts.append(QString::number(units));
    return parts.join(QStringLiteral(", "));
}

} // namespace

NetworkSection::NetworkSection(QWidget *parent)
    : QGroupBox(tr("Network"), parent)
    , m_hidden(new QLineEdit)
    , m_hiddenError(new QLabel)
    , m_activation(new QComboBox)
{
    m_hidden->setObjectName(QStringLiteral("hiddenLayers"));
    m_hidden->setValidator(new HiddenLayersValidator(m_hidden));
    m_hidden->setPlaceholderText(tr("e.g. 8, 8"));
    m_hidden->setText(formatLayers(m_layers));

    m_hiddenError->setObjectName(QStringLiteral("hiddenLayersError"));
    m_hiddenError->setWordWrap(true);
    m_hiddenError->setToolTip(tr("Why the hidden layers entry is invalid."));
    QPalette palette = m_hiddenError->palette();
    palette.setColor(QPalette::WindowText, QColor(176, 0, 32));
    m_hiddenError->setPalette(palette);

    m_activation->setObjectName(QStringLiteral("activation"));
    for (Activation activation : {Activation::Linear, Activation::Sigmoid, Activation::Tanh,
                                  Activation::Relu, Activation::LeakyRelu, Activation::Elu,
                                  Activation::Selu, Activation::Gelu, Activation::Softplus})
        choicelabels::addChoice(m_activation, activation);

    m_form = new QFormLayout(this);
    QFormLayout *form = m_form;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    configform::addRow(form, tr("Hidden layers"), m_hidden,
                       keyToolTip(tr("Units of each hidden layer from input to output, separated "
                                     "by commas: 4 is one layer of 4 units, 8, 8 two layers of "
                                     "8. 1 to %1 layers of 1 to %2 units. The input and output "
                                     "sizes follow from the data.")
                                      .arg(maxLayers)
                                      .arg(maxUnits),
                                  QStringLiteral("network.hidden")));
    form->addRow(m_hiddenError);
    configform::addRow(form, tr("Activation"), m_activation,
                       keyToolTip(tr("Activation function of the hidden layers; the output "
                                     "layer is linear."),
                                  QStringLiteral("network.activation")));
    form->setRowVisible(m_hiddenError, false);

    connect(m_hidden, &QLineEdit::textChanged, this, &NetworkSection::hiddenTextChanged);
    connect(m_hidden, &QLineEdit::editingFinished, this, &NetworkSection::hiddenEditingFinished);
    connect(m_activation, &QComboBox::currentIndexChanged, this, [this] {
        emit activationShown(activationFromString(choicelabels::selectedName(m_activation))
                                 .value_or(Activation::Tanh));
        emit changed();
    });
}

void NetworkSection::setConfig(const NetworkConfig &network)
{
    const QSignalBlocker hiddenBlocker(m_hidden);
    const QSignalBlocker activationBlocker(m_activation);
    m_layers = network.hidden;
    m_hidden->setText(formatLayers(network.hidden));
    choicelabels::selectName(m_activation, toString(network.activation));

    const bool wasValid = m_valid;
    showValidity(true, QString());
    if (!wasValid)
        emit validityChanged(true);
    emit activationShown(network.activation);
}

void NetworkSection::apply(NetworkConfig &network) const
{
    network.hidden = m_layers;
    network.activation =
        activationFromString(choicelabels::selectedName(m_activation)).value_or(network.activation);
}

void NetworkSection::hiddenTextChanged(const QString &text)
{
    QString reason;
    const std::optional<std::vector<int>> layers = parseHiddenLayers(text, &reason);
    const bool valid = layers.has_value();
    const bool wasValid = m_valid;
    showValidity(valid, reason);
    if (valid != wasValid)
        emit validityChanged(valid);
}

void NetworkSection::hiddenEditingFinished()
{
    const std::optional<std::vector<int>> layers = parseHiddenLayers(m_hidden->text(), nullptr);
    if (!layers || *layers == m_layers)
        return;
    m_layers = *layers;
    emit changed();
}

void NetworkSection::showValidity(bool valid, const QString &reason)
{
    m_valid = valid;
    m_hiddenError->setText(reason);
    m_form->setRowVisible(m_hiddenError, !valid);
    // A red frame marks the entry; the style sheet sets no font, so the application font stays.
    m_hidden->setStyleSheet(valid ? QString()
                                  : QStringLiteral("QLineEdit { border: 2px solid #b00020; }"));
}

} // namespace initlab
