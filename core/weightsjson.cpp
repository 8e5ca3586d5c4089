#include "weightsjson.h"

#include <QJsonArray>

namespace initlab {

QJsonObject parametersToJson(const NetworkParameters &parameters)
{
    QJsonArray layers;
    for (const LayerParameters &layer : parameters) {
        QJsonArray rows;
        for (Eigen::Index unit = 0; unit < layer.weights.rows(); ++unit) {
            QJsonArray row;
            for (Eigen::Index input = 0; input < layer.weights.cols(); ++input)
                row.append(layer.weights(unit, input));
            rows.append(row);
        }
        QJsonArray bias;
        for (Eigen::Index unit = 0; unit < layer.biases.size(); ++unit)
            bias.append(layer.biases(unit));
        layers.append(QJsonObject{{QStringLiteral("weights"), rows}, {QStringLiteral("bias"), bias}});
    }
    return QJsonObject{{QStringLiteral("layers"), layers}};
}

QJsonObject weightsToJson(const Trainer &trainer)
{
    return QJsonObject{{QStringLiteral("initial"), parametersToJson(trainer.initialParameters())},
                       {QStringLiteral("final"), parametersToJson(trainer.currentParameters())}};
}

} // namespace initlab
