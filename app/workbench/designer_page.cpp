#include "app/workbench/designer_page.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "app/models/experiment_document.h"
#include "app/models/layer_table_model.h"
#include "app/workbench/network_diagram.h"

namespace ffw {
namespace app {

using nlohmann::json;

DesignerPage::DesignerPage(ExperimentDocument* doc, QWidget* parent)
    : QWidget(parent), doc_(doc), layers_(new LayerTableModel(this)) {
  // Layers.
  layer_view_ = new QTableView;
  layer_view_->setModel(layers_);
  layer_view_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  layer_view_->setSelectionBehavior(QAbstractItemView::SelectRows);
  layer_view_->setSelectionMode(QAbstractItemView::SingleSelection);
  layer_view_->setMinimumHeight(150);
  layer_view_->verticalHeader()->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(tr("Layer %1").arg(88)) + 12);
  auto* add = new QPushButton(tr("Add layer"));
  add->setObjectName(QStringLiteral("add_layer"));
  auto* remove = new QPushButton(tr("Remove"));
  auto* up = new QPushButton(tr("Move up"));
  auto* down = new QPushButton(tr("Move down"));
  auto current_row = [this] { return layer_view_->currentIndex().isValid() ? layer_view_->currentIndex().row() : -1; };
  connect(add, &QPushButton::clicked, this, [this, current_row] {
    const int row = current_row() >= 0 ? current_row() + 1 : layers_->rowCount();
    layers_->insertRows(row, 1);
    layer_view_->selectRow(row);
  });
  connect(remove, &QPushButton::clicked, this, [this, current_row] {
    if (current_row() >= 0 && layers_->rowCount() > 1) layers_->removeRows(current_row(), 1);
  });
  connect(up, &QPushButton::clicked, this, [this, current_row] {
    const int r = current_row();
    if (r > 0 && layers_->moveRows({}, r, 1, {}, r - 1)) layer_view_->selectRow(r - 1);
  });
  connect(down, &QPushButton::clicked, this, [this, current_row] {
    const int r = current_row();
    if (r >= 0 && r + 1 < layers_->rowCount() && layers_->moveRows({}, r, 1, {}, r + 2)) layer_view_->selectRow(r + 1);
  });
  connect(layers_, &LayerTableModel::layers_changed, this, [this] {
    if (updating_) return;
    json arr = json::array();
    for (const auto& l : layers_->layers()) {
      json j = {{"width", l.width}};
      if (l.threshold) j["threshold"] = *l.threshold;
      if (l.learning_rate) j["learning_rate"] = *l.learning_rate;
      arr.push_back(j);
    }
    doc_->set("/network/layers", arr, tr("Edit layers"));
  });
  auto* layer_buttons = new QHBoxLayout;
  for (auto* b : {add, remove, up, down}) layer_buttons->addWidget(b);
  layer_buttons->addStretch();
  auto* layer_box = new QGroupBox(tr("Layers"));
  auto* layer_layout = new QVBoxLayout(layer_box);
  layer_layout->addWidget(layer_view_);
  layer_layout->addLayout(layer_buttons);

  // Algorithm and training.
  name_ = new QLineEdit;
  fields_["/name"] = name_;
  connect(name_, &QLineEdit::textEdited, this, [this](const QString& t) { doc_->set("/name", t.toStdString(), tr("Rename")); });
  auto* variant = new QComboBox, *negatives = new QComboBox, *classifier = new QComboBox, *format = new QComboBox;
  bind_combo(variant, "/algorithm/variant",
             {"sequential", "single-layer", "all-layers", "federated", "bp", "gpipe-bp", "data-parallel-bp"},
             {tr("Sequential FF (1 node)"), tr("Single-Layer PFF"), tr("All-Layers PFF"), tr("Federated PFF"),
              tr("Backprop (1 node)"), tr("GPipe backprop pipeline"), tr("Data-parallel backprop")});
  bind_combo(negatives, "/algorithm/negatives", {"random", "adaptive", "fixed", "none"},
             {tr("Random (redrawn each chapter)"), tr("Adaptive (hardest wrong label)"), tr("Fixed"), tr("None (local heads, backprop)")});
  bind_combo(classifier, "/algorithm/classifier", {"softmax", "goodness", "local-heads"},
             {tr("Softmax head"), tr("Goodness over labels"), tr("Local heads")});
  bind_combo(format, "/data/format", {"idx", "cifar10", "csv"}, {tr("IDX (MNIST, Fashion-MNIST)"), tr("CIFAR-10 binary"), tr("CSV")});
  auto* epochs = new QSpinBox, *chapters = new QSpinBox, *batch = new QSpinBox, *seed = new QSpinBox;
  epochs->setRange(1, 100000);
  chapters->setRange(1, 100000);
  batch->setRange(1, 1 << 20);
  seed->setRange(0, 1 << 30);
  bind_int(epochs, "/training/epochs");
  bind_int(chapters, "/training/chapters");
  bind_int(batch, "/training/batch_size");
  bind_int(seed, "/training/seed");
  auto* lr = new QDoubleSpinBox;
  lr->setDecimals(5);
  lr->setRange(1e-5, 10);
  lr->setSingleStep(1e-4);
  fields_["/training/optimizer/learning_rate"] = lr;
  connect(lr, &QDoubleSpinBox::valueChanged, this, [this](double v) {
    if (!updating_) doc_->set("/training/optimizer/learning_rate", v, tr("Learning rate"));
  });
  data_path_ = new QLineEdit;
  fields_["/data/path"] = data_path_;
  connect(data_path_, &QLineEdit::textEdited, this, [this](const QString& t) { doc_->set("/data/path", t.toStdString(), tr("Data path")); });
  auto* browse = new QPushButton(tr("Browse…"));
  connect(browse, &QPushButton::clicked, this, [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Data directory"), data_path_->text());
    if (!dir.isEmpty()) doc_->set("/data/path", dir.toStdString(), tr("Data path"));
  });
  auto* path_row = new QHBoxLayout;
  path_row->addWidget(data_path_, 1);
  path_row->addWidget(browse);

  // What each setting means for PFF, on hover (a problem with the field is said first).
  help_ = {
      {"/name", tr("The run's name: its directory in the runs folder is named after it")},
      {"/algorithm/variant",
       tr("How the layers are trained on the nodes. Sequential FF: every layer on one node. Single-Layer PFF: each node "
          "trains its own layers and hands them on, a pipeline over chapters. All-Layers PFF: every node trains every "
          "layer, and the chapters go round the nodes in a ring. Federated PFF: All-Layers where each node keeps its own "
          "share of the data. The backprop variants are the baselines, measured with the same instruments")},
      {"/algorithm/negatives",
       tr("Forward-Forward learns to tell positive data (an image with its true label) from negative data (the image with "
          "a wrong label). Random: a new wrong label each chapter. Adaptive: the wrong label the network finds most likely "
          "(harder examples, usually more accurate, one more forward pass). Fixed: drawn once. None: local heads and backprop")},
      {"/algorithm/classifier",
       tr("How the trained network names a class. Softmax head: a small classifier trained on the layers' activity. "
          "Goodness over labels: the label whose overlay gives the most goodness (one pass per class). Local heads: each "
          "layer has its own")},
      {"/training/epochs", tr("Passes over the training data in all")},
      {"/training/chapters",
       tr("The epochs are split into chapters; in PFF the layers travel between the nodes once per chapter. More chapters: "
          "more, smaller exchanges and a shorter pipeline ramp, more bytes on the network. Must divide the epochs")},
      {"/training/batch_size", tr("Samples per training step; larger batches use the CPU better (Forward-Forward usually trains with 100)")},
      {"/training/optimizer/learning_rate", tr("Adam's step size for every layer (the layer table can give a layer its own)")},
      {"/training/seed", tr("Seeds the initial weights, the shuffling and the negative labels: the same seed gives the same run")},
      {"/data/format", tr("IDX: the MNIST family (Fashion-MNIST too); CIFAR-10's binary batches; or CSV with a label column")},
      {"/data/path", tr("The directory with the dataset's files; with Open MPI on several hosts, every host needs it at this path")}};

  auto* form = new QFormLayout;
  form->addRow(tr("Name"), name_);
  form->addRow(tr("Variant"), variant);
  form->addRow(tr("Negative data"), negatives);
  form->addRow(tr("Classifier"), classifier);
  form->addRow(tr("Epochs"), epochs);
  form->addRow(tr("Chapters"), chapters);
  form->addRow(tr("Batch size"), batch);
  form->addRow(tr("Learning rate"), lr);
  form->addRow(tr("Seed"), seed);
  form->addRow(tr("Dataset format"), format);
  form->addRow(tr("Dataset directory"), path_row);
  auto* settings = new QGroupBox(tr("Algorithm and training"));
  settings->setLayout(form);

  diagram_ = new NetworkDiagram;
  problems_ = new QLabel;
  problems_->setWordWrap(true);
  problems_->setTextInteractionFlags(Qt::TextSelectableByMouse);

  auto* top = new QHBoxLayout;
  top->addWidget(settings, 2);
  top->addWidget(layer_box, 3);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top, 3);
  auto* diagram_box = new QGroupBox(tr("Network"));
  auto* dl = new QVBoxLayout(diagram_box);
  dl->addWidget(diagram_);
  layout->addWidget(diagram_box, 2);
  layout->addWidget(problems_);

  connect(doc_, &ExperimentDocument::changed, this, &DesignerPage::from_document);
  from_document();
}

QWidget* DesignerPage::field(const std::string& pointer) const {
  auto it = fields_.find(pointer);
  return it == fields_.end() ? nullptr : it->second;
}

void DesignerPage::bind_combo(QComboBox* box, const std::string& pointer, const QStringList& ids, const QStringList& labels) {
  for (int i = 0; i < ids.size(); ++i) box->addItem(labels[i], ids[i]);
  fields_[pointer] = box;
  connect(box, &QComboBox::currentIndexChanged, this, [this, box, pointer] {
    if (!updating_) doc_->set(pointer, box->currentData().toString().toStdString(), tr("Change %1").arg(QString::fromStdString(pointer)));
  });
}

void DesignerPage::bind_int(QSpinBox* box, const std::string& pointer) {
  fields_[pointer] = box;
  connect(box, &QSpinBox::valueChanged, this, [this, pointer](int v) {
    if (!updating_) doc_->set(pointer, v, tr("Change %1").arg(QString::fromStdString(pointer)));
  });
}

void DesignerPage::from_document() {
  updating_ = true;
  const json& d = doc_->document();
  if (name_->text().toStdString() != d.value("name", std::string())) name_->setText(QString::fromStdString(d.value("name", std::string())));
  const std::string path = doc_->value("/data/path", std::string()).get<std::string>();
  if (data_path_->text().toStdString() != path) data_path_->setText(QString::fromStdString(path));
  const std::map<std::string, json> defaults = {{"/algorithm/variant", "sequential"}, {"/algorithm/negatives", "random"},
                                                {"/algorithm/classifier", "softmax"}, {"/data/format", "idx"},
                                                {"/training/epochs", 10}, {"/training/chapters", 10},
                                                {"/training/batch_size", 100}, {"/training/seed", 1},
                                                {"/training/optimizer/learning_rate", 0.001}};
  for (const auto& [pointer, fallback] : defaults) {
    const json v = doc_->value(pointer, fallback);
    if (auto* box = qobject_cast<QComboBox*>(fields_[pointer])) {
      const int i = box->findData(QString::fromStdString(v.is_string() ? v.get<std::string>() : std::string()));
      if (i >= 0) box->setCurrentIndex(i);
    } else if (auto* spin = qobject_cast<QSpinBox*>(fields_[pointer])) {
      if (v.is_number()) spin->setValue(v.get<int>());
    } else if (auto* dspin = qobject_cast<QDoubleSpinBox*>(fields_[pointer])) {
      if (v.is_number()) dspin->setValue(v.get<double>());
    }
  }
  std::vector<LayerSpec> layers;
  const json arr = doc_->value("/network/layers", json::array());
  if (arr.is_array())
    for (const auto& l : arr) {
      if (!l.is_object()) continue;
      LayerSpec s;
      s.width = l.value("width", 0);
      if (l.contains("threshold") && l["threshold"].is_number()) s.threshold = l["threshold"].get<double>();
      if (l.contains("learning_rate") && l["learning_rate"].is_number()) s.learning_rate = l["learning_rate"].get<double>();
      layers.push_back(s);
    }
  bool same = layers.size() == layers_->layers().size();
  for (std::size_t i = 0; same && i < layers.size(); ++i)
    same = layers[i].width == layers_->layers()[i].width && layers[i].threshold == layers_->layers()[i].threshold &&
           layers[i].learning_rate == layers_->layers()[i].learning_rate;
  if (!same) layers_->set_layers(layers, 784);
  diagram_->set_experiment(d);
  updating_ = false;
  show_problems();
}

QString DesignerPage::field_help(const std::string& pointer) const {
  const auto it = help_.find(pointer);
  return it == help_.end() ? QString() : it->second;
}

void DesignerPage::show_problems() {
  for (auto& [pointer, w] : fields_) {
    w->setStyleSheet({});
    w->setToolTip(field_help(pointer));
  }
  const auto problems = doc_->problems();
  const bool valid = !has_errors(problems);
  QStringList lines;
  if (valid) lines << tr("✔ The experiment is valid.");
  for (const Problem& pr : problems) {
    // Errors in red, warnings in amber, each beside its field too.
    const QString colour = pr.warning ? QStringLiteral("#b9770e") : QStringLiteral("#c0392b");
    const QString text = pr.warning ? tr("Warning: %1").arg(pr.message) : pr.message;
    lines << QStringLiteral("<span style=\"color: %1;\">%2</span>")
                 .arg(colour, pr.path.isEmpty() ? text.toHtmlEscaped()
                                                : QStringLiteral("<b>%1</b>: %2").arg(pr.path.toHtmlEscaped(), text.toHtmlEscaped()));
    for (auto& [pointer, w] : fields_)
      if (!pr.path.isEmpty() && (pr.path.toStdString() == pointer || pr.path.startsWith(QString::fromStdString(pointer) + '/'))) {
        w->setStyleSheet(QStringLiteral("border: 2px solid %1;").arg(colour));
        w->setToolTip(field_help(pointer).isEmpty() ? text : text + QStringLiteral("\n\n") + field_help(pointer));
      }
  }
  problems_->setText(lines.join(QStringLiteral("<br>")));
  problems_->setStyleSheet(valid ? QStringLiteral("color: #2a7a2a;") : QString());
}

}  // namespace app
}  // namespace ffw
