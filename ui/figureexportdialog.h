#pragma once

// The dialog that exports a figure as PNG, SVG or PDF, with the CSV of its series and the
// configuration that regenerates it beside the figure on request. Its preview is drawn by the
// same code as the file, laid out for the chosen page size.

#include "figure.h"

#include <QByteArray>
#include <QDialog>

#include <functional>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QIODevice;
class QLabel;
class QSpinBox;

namespace initlab {

class FigureStyleForm;
class FigureView;

struct FigureExportSource
{
    std::vector<FigureCurve> curves;
    FigureStyle style;
    FigureSize size;
    // Writes the CSV of every plotted series; when empty, writeCurvesCsv() of curves is used.
    std::function<bool(QIODevice &)> writeCsv;
    // Returns the JSON that regenerates the figure drawn with the style and size chosen, written
    // beside it on request; empty: not offered.
    std::function<QByteArray(const FigureStyle &, const FigureSize &)> configJson;
    // Base name offered in the save dialog, without extension.
    QString suggestedName = QStringLiteral("figure");
    // Folder the save dialog starts in.
    QString directory;
};

class FigureExportDialog : public QDialog
{
    Q_OBJECT

public:
    explicit FigureExportDialog(FigureExportSource source, QWidget *parent = nullptr);
    ~FigureExportDialog() override;

    FigureStyleForm *styleForm() const { return m_styleForm; }
    FigureView *preview() const { return m_preview; }

    FigureStyle figureStyle() const;
    // Shows size in the size fields, converting nothing.
    void setFigureSize(const FigureSize &size);
    FigureSize figureSize() const;

    // Whether the CSV and the configuration are written beside the figure.
    void setWritesCsv(bool on);
    void setWritesConfig(bool on);
    bool writesCsv() const;
    bool writesConfig() const;

    // Writes the figure to path, in the format of its extension, then, when their boxes are
    // checked, the CSV and the configuration under the same base name with ".csv" and ".json".
    // Each file is written whole or not at all. On failure the dialog shows a message naming the
    // file and the reason, and the files written before it, and returns false.
    bool exportTo(const QString &path);
    // Puts the figure on the clipboard as an image at the chosen size and dpi.
    bool copyToClipboard();

    // The message shown under the options: the files written, or the last error.
    QString message() const;
    // The warning shown under the size when text would be cut short at the chosen size and font
    // size; empty when everything fits.
    QString fitWarning() const;
    QStringList writtenFiles() const { return m_written; }

signals:
    void exported(const QStringList &files);

private:
    void chooseFileAndExport();
    void updatePreview();
    void updateSizeText();
    void convertUnit(int index);
    void showMessage(const QString &text, bool error);
    bool writeBeside(const QString &path, const QString &what,
        const std::function<bool(QIODevice &)> &write, QString *error);

    FigureExportSource m_source;
    FigureView *m_preview;
    FigureStyleForm *m_styleForm;
    QDoubleSpinBox *m_width;
    QDoubleSpinBox *m_height;
    QComboBox *m_unit;
    QSpinBox *m_dpi;
    QLabel *m_sizeText;
    QCheckBox *m_csv;
    QCheckBox *m_config;
    QLabel *m_message;
    QLabel *m_fitWarning;
    FigureSize::Unit m_shownUnit = FigureSize::Centimetres;
    QStringList m_written;
};

} // namespace initlab
