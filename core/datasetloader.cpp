#include "datasetloader.h"

#include "csvimport.h"
#include "datagenerators.h"
#include "errors.h"
#include "logging.h"
#include "runconfig.h"

#include <QDir>


namespace initlab {

Dataset loadDataset(const RunConfig &config, const QString &baseDirectory)
{
    const DatasetConfig &data = config.dataset;
    Dataset dataset;
    if (data.kind == DatasetKind::Csv) {
        if (data.path.isEmpty())
            throw ConfigError(QStringLiteral("dataset.path"),
                              QStringLiteral("dataset.path is empty; dataset.kind \"csv\" needs "
                                             "the path of a CSV file"));
        const QString path = baseDirectory.isEmpty() ? data.path
                                                     : QDir(baseDirectory).filePath(data.path);
        dataset = datasetFromTable(readCsvFile(path), data.targets);
    } else {
        Rng rng(config.seed, RandomStream::Data);
        dataset = generateDataset(data, rng);
    }

    if (data.testFraction > 0.0) {
        Rng rng(config.seed, RandomStream::Split);
        splitTrainTest(dataset, data.testFraction, rng);
    }
    if (data.kind == DatasetKind::Csv && data.standardize)
        standardize(dataset);

    qCDebug(lcData) << "dataset" << toString(data.kind) << "with" << dataset.trainCount()
                    << "training and" << dataset.testCount() << "test samples";
    return dataset;
}

} // namespace initlab
