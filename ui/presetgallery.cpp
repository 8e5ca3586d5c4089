#include "presetgallery.h"

#include "presets.h"
#include "uilogging.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QSplitter>
#include <QVBoxLayout>

#include <algorithm>

namespace initlab {

namespace {

const QString initializationGroup = QStringLiteral("Initialization");
const QString spikesGroup = QStringLiteral("Loss spikes");
const QString moreGroup = QStringLiteral("More");

// Item data role of an entry's index in m_entries; group headings have none.
constexpr int entryRole = Qt::UserRole;

// The lessons, in the order the gallery lists them. The numbers were measured with initlab-cli
// train on each preset's own seed; tests/core/presets/tst_presets.cpp checks the effects.
QList<PresetGalleryEntry> lessons()
{
    const QString compareKey = QStringLiteral("init.weights");
    const QStringList xavierAndHe {QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")};
    return {
        {QStringLiteral("zero-init"), initializationGroup,
            PresetGallery::tr("All weights zero: the hidden units never differ"),
            PresetGallery::tr(
                "Every weight and bias starts at zero, so every hidden unit computes the same "
                "value and receives the same gradient. The units stay identical copies of each "
                "other for the whole run, and the network can only output a constant."),
            PresetGallery::tr(
                "Watch the training MSE on the loss chart: it stays flat at 0.4975 from the first "
                "to the last iteration, the error of always answering the mean. The same network "
                "with Xavier weights ends at 0.012."),
            compareKey, {QStringLiteral("zeros"), QStringLiteral("xavier_uniform")}},
        {QStringLiteral("too-small"), initializationGroup,
            PresetGallery::tr("Weights too small: the signal vanishes"),
            PresetGallery::tr(
                "Six tanh layers start with weights of standard deviation 0.01. Each layer "
                "shrinks the signal about tenfold, so the output barely depends on the input and "
                "the gradients of the first layers are tiny."),
            PresetGallery::tr(
                "Watch the loss chart: the MSE sits on a flat plateau at 0.4975 for all 3000 "
                "iterations, because the gradient is only about 1e-6. Compare with Xavier on the "
                "same network, which falls below 0.02 within 200 iterations."),
            compareKey, {QStringLiteral("normal"), QStringLiteral("xavier_uniform")}},
        {QStringLiteral("too-large"), initializationGroup,
            PresetGallery::tr("Weights too large: saturated tanh units"),
            PresetGallery::tr(
                "Six tanh layers start with weights of standard deviation 2. Four in five units "
                "sit in the flat part of tanh near -1 or +1, where the slope is almost zero, and "
                "the huge weights make the output swing far from the targets."),
            PresetGallery::tr(
                "Watch the loss chart with the log scale: the MSE starts near 200 and then "
                "wanders between 10 and 80 instead of falling. Xavier with the same settings ends "
                "below 0.001."),
            compareKey, {QStringLiteral("normal"), QStringLiteral("xavier_uniform")}},
        {QStringLiteral("deep-relu-xavier"), initializationGroup,
            PresetGallery::tr("Deep ReLU with Xavier init: too weak for ReLU"),
            PresetGallery::tr(
                "Eight ReLU layers start with Xavier uniform weights, which were derived for tanh. "
                "ReLU zeroes half of each layer's signal, so the signal's variance halves at "
                "every layer and learning stalls."),
            PresetGallery::tr(
                "Watch the MSE stay above 0.2 for nine tenths of the 2000 iterations and end near "
                "0.18. Then load the He entry below, or press Compare Xavier and He to see both "
                "on one figure."),
            compareKey, xavierAndHe},
        {QStringLiteral("deep-relu"), initializationGroup,
            PresetGallery::tr("Deep ReLU with He init: the right scale"),
            PresetGallery::tr(
                "The same eight-layer ReLU network with He normal weights, whose variance of 2 / "
                "fan-in makes up for the half that ReLU zeroes. The signal keeps its size through "
                "all layers and the network learns the spiral."),
            PresetGallery::tr(
                "Watch the MSE fall below 0.05 near iteration 500, while the Xavier run is still "
                "above 0.2. Compare Xavier and He trains both over several seeds side by side."),
            compareKey, xavierAndHe},

        {QStringLiteral("default"), spikesGroup,
            PresetGallery::tr("Default: two spikes from curvature"),
            PresetGallery::tr(
                "Four tanh units learn a sine with plain gradient descent. Late in training the "
                "loss surface grows steeper than the fixed step size allows, and the step "
                "overshoots."),
            PresetGallery::tr(
                "Watch the loss chart near iteration 1,900: two spikes appear and the spike table "
                "lists them as \"Learning rate too high\". The MSE recovers after each one."),
            {}, {}},
        {QStringLiteral("four-neuron-spikes"), spikesGroup,
            PresetGallery::tr("Four neurons with Adam: repeated spikes"),
            PresetGallery::tr(
                "The same small network trained with Adam reaches a very low error. Adam's step "
                "then grows where the gradient is tiny, until it overshoots and the loss jumps."),
            PresetGallery::tr(
                "Turn on the log scale and watch the MSE flatten near 1e-5, then spike about every "
                "1,000 iterations from iteration 4,000. Each spike appears as a row in the spike "
                "table."),
            {}, {}},
        {QStringLiteral("lr-too-high"), spikesGroup, PresetGallery::tr("Learning rate too high"),
            PresetGallery::tr(
                "Gradient descent with learning rate 0.35 on four tanh units. The step is too "
                "long for the sharpest direction of the loss surface, so the update jumps past "
                "the valley floor."),
            PresetGallery::tr(
                "Watch the spike markers on the loss chart and the spike table: each spike is "
                "diagnosed as \"Learning rate too high\". Set the learning rate to 0.02 in the "
                "panel and reset: the run then has no spike at all."),
            {}, {}},
        {QStringLiteral("exploding-gradient"), spikesGroup, PresetGallery::tr("Exploding gradient"),
            PresetGallery::tr(
                "Six narrow tanh layers with large initial weights. The gradient grows as it "
                "passes back through the layers, until one update throws the weights far "
                "away."),
            PresetGallery::tr(
                "Watch the loss chart near iteration 120: the MSE jumps 55-fold in one step, and "
                "again near iteration 230. The spike table names the cause \"Exploding "
                "gradient\", because the gradient norm rose to 161 times its recent median."),
            {}, {}},
        {QStringLiteral("outlier-batch"), spikesGroup, PresetGallery::tr("Outlier in a mini-batch"),
            PresetGallery::tr(
                "Mini-batches of four samples from a sine where one sample's target is shifted "
                "by 5. Every batch that contains that sample pulls the fit towards it."),
            PresetGallery::tr(
                "Watch the raw training MSE: short spikes appear whenever the outlier's batch "
                "comes up, and the loss drops back right after. The spike table names them "
                "\"Outlier batch\"."),
            {}, {}},
        {QStringLiteral("numerical-instability"), spikesGroup,
            PresetGallery::tr("Numerical instability in float32"),
            PresetGallery::tr(
                "A ReLU network in single precision with learning rate 1. The weights grow so "
                "fast that within seven updates they pass 1e19 and the loss overflows float32."),
            PresetGallery::tr(
                "Watch the run end early with a divergence marker on the chart. The spike table "
                "names the cause \"Numerical instability\", and the status bar explains it."),
            {}, {}},
    };
}

} // namespace

QStringList PresetGallery::groups()
{
    return {initializationGroup, spikesGroup, moreGroup};
}

QList<PresetGalleryEntry> PresetGallery::entries()
{
    const QStringList names = presetNames();
    QList<PresetGalleryEntry> result;
    for (const PresetGalleryEntry &lesson : lessons()) {
        if (names.contains(lesson.preset))
            result.append(lesson);
    }
    for (const QString &name : names) {
        const bool listed = std::any_of(result.cbegin(), result.cend(),
            [&name](const PresetGalleryEntry &entry) { return entry.preset == name; });
        if (listed)
            continue;
        PresetGalleryEntry entry;
        entry.preset = name;
        entry.group = moreGroup;
        entry.title = name;
        entry.whatItShows = loadPreset(name).description;
        entry.whatToLookFor =
            tr("Watch the training MSE on the loss chart and the spike table below it.");
        result.append(entry);
    }
    return result;
}

PresetGallery::PresetGallery(QWidget *parent)
    : QDialog(parent)
    , m_entries(entries())
{
    setObjectName(QStringLiteral("presetGallery"));
    setWindowTitle(tr("Preset gallery"));

    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("presetList"));
    m_list->setSelectionMode(QAbstractItemView::SingleSelection);
    m_list->setSpacing(2);
    for (const QString &group : groups()) {
        bool headed = false;
        for (qsizetype i = 0; i < m_entries.size(); ++i) {
            const PresetGalleryEntry &entry = m_entries[i];
            if (entry.group != group)
                continue;
            if (!headed) {
                auto *heading = new QListWidgetItem(group, m_list);
                // Disabled, so that the arrow keys skip it; the explicit colour keeps it from
                // being drawn greyed out.
                heading->setFlags(Qt::NoItemFlags);
                heading->setForeground(palette().brush(QPalette::Active, QPalette::Text));
                QFont font = heading->font();
                font.setBold(true);
                heading->setFont(font);
                headed = true;
            }
            // Indented under the heading.
            auto *item = new QListWidgetItem(QStringLiteral("    ") + entry.title, m_list);
            item->setData(entryRole, int(i));
            item->setToolTip(entry.preset);
        }
    }

    m_title = new QLabel;
    m_title->setObjectName(QStringLiteral("galleryTitle"));
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    auto makeText = [](const char *objectName) {
        auto *label = new QLabel;
        label->setObjectName(QLatin1String(objectName));
        label->setWordWrap(true);
        label->setTextFormat(Qt::PlainText);
        label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
        return label;
    };
    m_shows = makeText("galleryShows");
    m_lookFor = makeText("galleryLookFor");
    m_settings = makeText("gallerySettings");
    m_settings->setForegroundRole(QPalette::PlaceholderText);
    auto heading = [](const QString &text) {
        auto *label = new QLabel(text);
        QFont font = label->font();
        font.setBold(true);
        label->setFont(font);
        return label;
    };

    auto *details = new QWidget;
    auto *detailsLayout = new QVBoxLayout(details);
    detailsLayout->addWidget(m_title);
    detailsLayout->addSpacing(6);
    detailsLayout->addWidget(heading(tr("What it shows")));
    detailsLayout->addWidget(m_shows);
    detailsLayout->addSpacing(6);
    detailsLayout->addWidget(heading(tr("What to look for")));
    detailsLayout->addWidget(m_lookFor);
    detailsLayout->addSpacing(6);
    detailsLayout->addWidget(m_settings);
    detailsLayout->addStretch(1);
    auto *scroll = new QScrollArea;
    scroll->setWidget(details);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto *splitter = new QSplitter;
    splitter->addWidget(m_list);
    splitter->addWidget(scroll);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({360, 600});
    splitter->setChildrenCollapsible(false);

    m_loadButton = new QPushButton(tr("&Load"));
    m_loadButton->setObjectName(QStringLiteral("galleryLoad"));
    m_loadButton->setToolTip(tr("Load the preset into the main window (Enter)"));
    m_startButton = new QPushButton(tr("Load and &start"));
    m_startButton->setObjectName(QStringLiteral("galleryLoadAndStart"));
    m_startButton->setToolTip(tr("Load the preset and start training at once"));
    m_compareButton = new QPushButton(tr("&Compare Xavier and He"));
    m_compareButton->setObjectName(QStringLiteral("galleryCompare"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    buttons->addButton(m_loadButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_startButton, QDialogButtonBox::ActionRole);
    buttons->addButton(m_compareButton, QDialogButtonBox::ActionRole);
    // Enter on the list loads; no button takes it as the default.
    for (QPushButton *button :
        {m_loadButton, m_startButton, m_compareButton, buttons->button(QDialogButtonBox::Close)}) {
        button->setAutoDefault(false);
        button->setDefault(false);
    }

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);

    connect(m_list, &QListWidget::currentItemChanged, this, &PresetGallery::showCurrent);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        if (item && item->data(entryRole).isValid())
            load();
    });
    connect(m_loadButton, &QPushButton::clicked, this, &PresetGallery::load);
    connect(m_startButton, &QPushButton::clicked, this, &PresetGallery::loadAndStart);
    connect(m_compareButton, &QPushButton::clicked, this, &PresetGallery::compare);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    if (!m_entries.isEmpty())
        selectPreset(m_entries.constFirst().preset);
    showCurrent();
    m_list->setFocus();
    resize(960, 560);
}

PresetGallery::~PresetGallery() = default;

QString PresetGallery::currentPreset() const
{
    const PresetGalleryEntry *entry = currentEntry();
    return entry ? entry->preset : QString();
}

bool PresetGallery::selectPreset(const QString &name)
{
    for (int row = 0; row < m_list->count(); ++row) {
        const QVariant index = m_list->item(row)->data(entryRole);
        if (index.isValid() && m_entries[index.toInt()].preset == name) {
            m_list->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

void PresetGallery::load()
{
    if (const PresetGalleryEntry *entry = currentEntry())
        emit loadRequested(entry->preset, false);
}

void PresetGallery::loadAndStart()
{
    if (const PresetGalleryEntry *entry = currentEntry())
        emit loadRequested(entry->preset, true);
}

void PresetGallery::compare()
{
    const PresetGalleryEntry *entry = currentEntry();
    if (entry && !entry->compareKey.isEmpty())
        emit compareRequested(entry->preset, entry->compareKey, entry->compareValues);
}

const PresetGalleryEntry *PresetGallery::currentEntry() const
{
    const QListWidgetItem *item = m_list->currentItem();
    const QVariant index = item ? item->data(entryRole) : QVariant();
    return index.isValid() ? &m_entries[index.toInt()] : nullptr;
}

void PresetGallery::showCurrent()
{
    const PresetGalleryEntry *entry = currentEntry();
    m_loadButton->setEnabled(entry);
    m_startButton->setEnabled(entry);
    m_compareButton->setVisible(entry && !entry->compareKey.isEmpty());
    if (!entry) {
        m_title->setText(tr("Choose a preset from the list"));
        m_shows->clear();
        m_lookFor->clear();
        m_settings->clear();
        return;
    }
    m_title->setText(entry->title);
    m_shows->setText(entry->whatItShows);
    m_lookFor->setText(entry->whatToLookFor);
    m_settings->setText(
        tr("Preset %1: %2").arg(entry->preset, loadPreset(entry->preset).description));
    m_compareButton->setText(entry->compareValues.contains(QStringLiteral("he_normal"))
            ? tr("&Compare Xavier and He")
            : tr("&Compare with Xavier"));
    m_compareButton->setToolTip(
        tr("Open the comparison window on this preset with %1 = %2")
            .arg(entry->compareKey, entry->compareValues.join(QStringLiteral(", "))));
}

} // namespace initlab
