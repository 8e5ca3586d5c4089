#pragma once

#include "runconfig.h"

#include <QGroupBox>

#include <optional>
#include <vector>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;

namespace initlab {

// Reads hidden-layer sizes as network.hidden takes them: whole numbers separated by commas,
// optionally in brackets ("8, 8", "[8,8]", "4"). Returns nothing, and sets reason to a sentence
// for the user, when text is not 1 to 16 layers of 1 to 1024 units.
std::optional<std::vector<int>> parseHiddenLayers(const QString &text, QString *reason);

// The network part of the experiment panel: hidden-layer sizes and activation.
class NetworkSection : public QGroupBox
{
    Q_OBJECT

public:
    explicit NetworkSection(QWidget *parent = nullptr);

    // Shows network without emitting changed().
    void setConfig(const NetworkConfig &network);
    // Writes the values shown into network. The layer sizes are those of the last finished
    // entry (Return or leaving the field), so text being typed or invalid text does not count.
    void apply(NetworkConfig &network) const;
    bool isValid() const { return m_valid; }

signals:
    // The user changed a value: the activation, or the layer sizes on finishing the entry.
    void changed();
    void validityChanged(bool valid);
    // The activation changed, by the user or by setConfig().
    void activationShown(initlab::Activation activation);

private:
    void hiddenTextChanged(const QString &text);
    void hiddenEditingFinished();
    void showValidity(bool valid, const QString &reason);

    QFormLayout *m_form = nullptr;
    QLineEdit *m_hidden = nullptr;
    QLabel *m_hiddenError = nullptr;
    QComboBox *m_activation = nullptr;

    std::vector<int> m_layers{4}; // layer sizes of the last finished entry or setConfig()
    bool m_valid = true;
};

} // namespace initlab
