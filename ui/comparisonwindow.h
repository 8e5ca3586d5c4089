#pragma once

// A window that compares runs differing in one setting. The user picks several values of the
// initializer, learning rate, activation or optimizer and a number of seeds. The window trains
// every (value, seed) run in parallel on a ComparisonTask, then overlays the centre line and band
// of each value on one figure and lists a summary per value.
//
// The figure is a FigureView, drawn by the code of exportFigure(), so that a copy or an export
// of the figure looks as it does on the screen. Training runs off the GUI thread. Closing the
// window while a comparison runs cancels it and returns at once, and destroying the window
// waits only for each run's current update.

#include "comparison.h"
#include "comparisonfigure.h"
#include "runconfig.h"

#include <QWidget>

#include <QElapsedTimer>

#include <functional>
#include <memory>
#include <vector>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QSplitter;
class QStackedWidget;
class QTableView;
class QToolButton;

namespace initlab {

class ComparisonSummaryModel;
class ComparisonTask;
class FigureExportDialog;
class FigureStyleForm;
class FigureView;
struct ComparisonProgress;
struct ComparisonResult;

class ComparisonWindow : public QWidget
{
    Q_OBJECT

public:
    // A top-level window even with a parent; the parent only owns it.
    explicit ComparisonWindow(QWidget *parent = nullptr);
    ~ComparisonWindow() override;

    // Sets the configuration every compared run starts from. baseDir resolves a relative CSV
    // path of config. The window names config by its name and description.
    void setBaseConfig(const RunConfig &config, const QString &baseDir = {});
    const RunConfig &baseConfig() const { return m_base; }
    // Chooses the compared setting by its dotted key ("init.weights", "training.learningRate",
    // "network.activation", "training.optimizer") and checks exactly values, or for learning rates
    // writes them to the field. Returns false and changes nothing for an unknown key, an empty
    // list, a value that is not one of the key's choices, or while a comparison runs.
    bool selectValues(const QString &key, const QStringList &values);

    // Starts a comparison of the chosen values. Returns false, showing the reason in the window,
    // when a value, the target MSE or the resulting configuration is invalid or a comparison is
    // already running.
    bool startComparison();
    // Asks the running comparison to stop; its cancelled result arrives shortly after.
    void cancelComparison();
    bool isRunning() const;

    // Writes the result as writeComparisonCsv() does, replacing path only when the whole file is
    // written. On failure shows a message box naming the path and the reason, and returns false.
    bool saveCsv(const QString &path);
    // Puts the figure on the clipboard as an image of the view's size in device pixels.
    void copyFigure();

    // Opens the export dialog on the figure as shown. The dialog also offers the comparison's CSV
    // and a figure file for initlab-cli figure --config, and deletes itself when closed. Returns
    // null without a result.
    FigureExportDialog *openExportDialog();

    // The last completed comparison; null before the first one, and after a cancelled one.
    const std::shared_ptr<const ComparisonResult> &result() const { return m_result; }
    FigureView *figureView() const { return m_view; }
    ComparisonSummaryModel *summaryModel() const { return m_summaryModel; }
    // The message line: an error, or the outcome of the last comparison.
    QString message() const;

signals:
    // The user requested to compare from the main window's current settings. The main window
    // responds by calling setBaseConfig().
    void baseConfigRequested();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *createSetup();
    QWidget *createFigureOptions();
    QWidget *createResults();
    QListWidget *createChoiceList(const char *objectName, const QStringList &names,
        const QStringList &labels, const QStringList &checked);

    // Reads the setup into spec; returns false and shows the reason when a field is invalid.
    bool readSpec(ComparisonSpec &spec);
    QString selectedKey() const;
    void showKeyValues();
    void validateLearningRates();

    void setRunning(bool running);
    void showProgress(const ComparisonProgress &progress);
    void showResult(std::shared_ptr<const ComparisonResult> result);
    void showFailure(const QString &message);
    void showMessage(const QString &text, bool isError);
    void updateFigure();
    ComparisonFigureOptions curveOptions() const;
    QByteArray figureFileJson(const FigureStyle &style, const FigureSize &size) const;
    void fitSummaryTable();
    void updateActions();
    void saveCsvDialog();

    RunConfig m_base;
    QString m_baseDir;
    ComparisonTask *m_task = nullptr;
    std::shared_ptr<const ComparisonResult> m_result;
    ComparisonSummaryModel *m_summaryModel = nullptr;
    ComparisonSpec m_spec; // of the comparison last started
    QElapsedTimer m_clock;
    QString m_lastDirectory;

    QLabel *m_baseLabel = nullptr;
    QPushButton *m_useCurrent = nullptr;
    QComboBox *m_key = nullptr;
    QStackedWidget *m_values = nullptr;
    QListWidget *m_initializers = nullptr;
    QListWidget *m_activations = nullptr;
    QListWidget *m_optimizers = nullptr;
    QLineEdit *m_learningRates = nullptr;
    QSpinBox *m_seeds = nullptr;
    QLineEdit *m_target = nullptr;
    QPushButton *m_runButton = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_message = nullptr;
    bool m_messageIsError = false; // an error stays until fixed; other messages until replaced

    QComboBox *m_center = nullptr;
    QComboBox *m_band = nullptr;
    FigureStyleForm *m_styleForm = nullptr;
    FigureView *m_view = nullptr;
    QTableView *m_table = nullptr;
    QSplitter *m_splitter = nullptr;

    QAction *m_copyAction = nullptr;
    QAction *m_saveCsvAction = nullptr;
    QAction *m_exportAction = nullptr;
};

} // namespace initlab
