#include "app/workbench/cluster_page.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDir>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <algorithm>

#include "app/models/experiment_document.h"
#include "app/workbench/run_controller.h"
#include "app/workbench/stage_map.h"
#include "core/hostfile.h"
#include "cluster/gpipe.h"

namespace ffw {
namespace app {

using nlohmann::json;

std::optional<StagePlacement> stage_placement(const json& e) {
  const std::string variant = e.value("/algorithm/variant"_json_pointer, std::string("sequential"));
  if (variant != "single-layer" && variant != "gpipe-bp") return std::nullopt;
  const int nodes = std::max(1, e.value("/cluster/nodes"_json_pointer, 1));
  const std::string classifier = e.value("/algorithm/classifier"_json_pointer, std::string("softmax"));
  const json layers = e.value("/network/layers"_json_pointer, json::array());
  StagePlacement out;
  std::vector<int> params;  // GPipe balances parameters (weights and biases) per stage
  // The input width the data will have: CIFAR-10's 32 x 32 x 3, else (IDX, and a guess for CSV) 28 x 28.
  long long fan_in = e.value("/data/format"_json_pointer, std::string("idx")) == "cifar10" ? 3072 : 784;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const int w = layers[l].is_object() ? layers[l].value("width", 1) : 1;
    out.stages << QObject::tr("L%1 (%2)").arg(l + 1).arg(w);
    params.push_back(static_cast<int>(fan_in * w + w));
    fan_in = w;
  }
  if (variant == "gpipe-bp") {
    out.stages << QObject::tr("output layer");
    params.push_back(static_cast<int>(fan_in * 10 + 10));
  } else if (classifier == "softmax") {
    out.stages << QObject::tr("softmax head");
  }
  const auto count = static_cast<std::size_t>(out.stages.size());
  const json map = e.value("/cluster/stage_nodes"_json_pointer, json());
  if (map.is_array() && map.size() == count &&
      std::all_of(map.begin(), map.end(), [](const json& n) { return n.is_number_integer(); })) {
    for (const json& n : map) out.node_of.push_back(std::clamp(n.get<int>(), 0, nodes - 1));
    out.mapped = true;
  } else if (variant == "gpipe-bp" && nodes <= static_cast<int>(count)) {
    const auto parts = gpipe_partition(params, nodes);
    out.node_of.resize(count);
    for (std::size_t k = 0; k < parts.size(); ++k)
      for (std::size_t l = parts[k].first; l < parts[k].second; ++l) out.node_of[l] = static_cast<int>(k);
  } else {
    for (std::size_t s = 0; s < count; ++s) out.node_of.push_back(std::min(static_cast<int>(s), nodes - 1));
  }
  return out;
}

QStringList node_roles(const json& e) {
  const int nodes = e.value("/cluster/nodes"_json_pointer, 1);
  const std::string variant = e.value("/algorithm/variant"_json_pointer, std::string("sequential"));
  const json layers = e.value("/network/layers"_json_pointer, json::array());
  const int count = static_cast<int>(layers.size());
  const auto placement = stage_placement(e);
  QStringList out;
  auto all = [&] { return count == 1 ? QObject::tr("layer 1") : QObject::tr("layers 1–%1").arg(count); };
  for (int n = 0; n < nodes; ++n) {
    QString line;
    if (placement) {
      QStringList own;
      for (std::size_t s = 0; s < placement->node_of.size(); ++s)
        if (placement->node_of[s] == n) own << placement->stages[static_cast<qsizetype>(s)];
      line = own.join(QStringLiteral(", "));
    } else if (variant == "all-layers" || variant == "federated") {
      QStringList chapters;
      const int total = e.value("/training/chapters"_json_pointer, 10);
      const json placed = e.value("/cluster/chapter_nodes"_json_pointer, json());
      // cluster.chapter_nodes when it places every chapter, else chapter c on node c mod N.
      const bool mapped = placed.is_array() && static_cast<int>(placed.size()) == total;
      for (int c = 0; c < total && chapters.size() < 4; ++c)
        if (mapped ? placed[static_cast<std::size_t>(c)].is_number_integer() && placed[static_cast<std::size_t>(c)].get<int>() == n
                   : c % nodes == n)
          chapters << QString::number(c + 1);
      line = QObject::tr("%1 in chapters %2…").arg(all(), chapters.join(QStringLiteral(", ")));
      if (variant == "federated") line += QObject::tr(" (on its own shard)");
    } else if (variant == "data-parallel-bp") {
      const json shares = e.value("/cluster/batch_shares"_json_pointer, json());
      double total = 0;
      if (shares.is_array() && static_cast<int>(shares.size()) == nodes)
        for (const auto& w : shares) total += w.is_number() ? w.get<double>() : 0.0;
      if (total > 0 && shares[static_cast<std::size_t>(n)].is_number())  // cluster.batch_shares
        line = QObject::tr("%1 on %2 % of every batch").arg(all()).arg(100 * shares[static_cast<std::size_t>(n)].get<double>() / total, 0, 'f', 0);
      else
        line = QObject::tr("%1 on 1/%2 of every batch").arg(all()).arg(nodes);
    } else {
      line = all();
    }
    out << line;
  }
  return out;
}

ClusterPage::ClusterPage(ExperimentDocument* doc, QWidget* parent) : QWidget(parent), doc_(doc) {
  launcher_ = new QComboBox;
  launcher_->setObjectName(QStringLiteral("launcher"));
  launcher_->addItem(tr("In this process (1 node)"), "in-process");
  launcher_->addItem(tr("Local worker processes (shared memory)"), "local");
  launcher_->addItem(tr("Open MPI ranks (mpirun)"), "mpi");
  launcher_->addItem(tr("Network lab (emulated hosts, shaped links)"), "lab");
  launcher_->setItemData(3,
                         tr("Open MPI ranks on hosts emulated on this machine (network namespaces), joined by links "
                            "held to a bandwidth: what the run would do on a slower network. No latency emulation."),
                         Qt::ToolTipRole);
  lab_hosts_ = new QSpinBox;
  lab_hosts_->setObjectName(QStringLiteral("lab_hosts"));
  lab_hosts_->setRange(0, 64);
  lab_hosts_->setSpecialValueText(tr("one per node"));
  lab_bandwidth_ = new QDoubleSpinBox;
  lab_bandwidth_->setObjectName(QStringLiteral("lab_bandwidth"));
  lab_bandwidth_->setRange(0, 100000);
  lab_bandwidth_->setDecimals(1);
  lab_bandwidth_->setSuffix(tr(" Mbit/s"));
  lab_bandwidth_->setSpecialValueText(tr("unshaped"));
  lab_bandwidth_->setToolTip(tr("Every host's link, shaped in both directions (tbf). 1000 = gigabit Ethernet, "
                                "100 = an old office network, 10 = a slow WAN link."));
  nodes_ = new QSpinBox;
  nodes_->setRange(1, 4096);
  hostfile_ = new QLineEdit;
  hostfile_->setPlaceholderText(tr("none: every rank on this machine"));
  auto* import = new QPushButton(tr("Import hostfile…"));
  auto* test = new QPushButton(tr("Check the hosts"));
  test->setToolTip(tr("ffw doctor: on every host of the experiment, ffw-worker's build, the data files, memory and disk space"));
  test_button_ = test;
  node_table_ = new QTableWidget(0, 3);
  node_table_->setHorizontalHeaderLabels({tr("Node"), tr("Where"), tr("Slowdown ×")});
  node_table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  node_table_->verticalHeader()->hide();
  warning_ = new QLabel;
  warning_->setWordWrap(true);
  stage_map_ = new StageMap;
  map_note_ = new QLabel;
  map_note_->setWordWrap(true);
  preset_ = new QPushButton(tr("Use the variant's preset"));
  optimizer_state_ = new QCheckBox(tr("Send each layer's optimizer state with its weights"));
  optimizer_state_->setToolTip(
      tr("The next node continues a layer with its Adam moments (or SGD velocity) instead of its own, N chapters "
         "old: the same numbers as one node, for 2-3x the bytes on the wire."));
  continue_ = new QCheckBox(tr("When a node is lost, the others go on without it"));
  continue_->setObjectName(QStringLiteral("on_node_failure"));
  test_output_ = new QPlainTextEdit;
  test_output_->setObjectName(QStringLiteral("preflight_output"));
  test_output_->setReadOnly(true);
  test_output_->setMaximumHeight(120);
  test_output_->setPlaceholderText(tr("What the hosts check (ffw doctor) finds appears here"));

  auto* form = new QFormLayout;
  form->addRow(tr("Launcher"), launcher_);
  form->addRow(tr("Nodes"), nodes_);
  auto* hf = new QHBoxLayout;
  hf->addWidget(hostfile_, 1);
  hf->addWidget(import);
  hf->addWidget(test);
  form->addRow(tr("Hostfile"), hf);
  lab_row_ = new QWidget;
  auto* lab_layout = new QHBoxLayout(lab_row_);
  lab_layout->setContentsMargins(0, 0, 0, 0);
  lab_layout->addWidget(new QLabel(tr("Hosts")));
  lab_layout->addWidget(lab_hosts_);
  lab_layout->addWidget(new QLabel(tr("Link bandwidth")));
  lab_layout->addWidget(lab_bandwidth_, 1);
  form->addRow(tr("Network lab"), lab_row_);
  auto* nodes_box = new QGroupBox(tr("Nodes"));
  auto* nl = new QVBoxLayout(nodes_box);
  nl->addLayout(form);
  nl->addWidget(node_table_);
  nl->addWidget(warning_);
  auto* map_box = new QGroupBox(tr("Layers on nodes"));
  auto* ml = new QVBoxLayout(map_box);
  ml->addWidget(stage_map_);
  ml->addWidget(map_note_);
  auto* preset_row = new QHBoxLayout;
  preset_row->addStretch();
  preset_row->addWidget(preset_);
  ml->addLayout(preset_row);
  ml->addWidget(optimizer_state_);
  ml->addWidget(continue_);
  ml->addStretch();
  auto* top = new QHBoxLayout;
  top->addWidget(nodes_box, 3);
  top->addWidget(map_box, 2);
  auto* layout = new QVBoxLayout(this);
  layout->addLayout(top, 1);
  layout->addWidget(test_output_);

  connect(launcher_, &QComboBox::currentIndexChanged, this, [this] {
    if (updating_) return;
    // The lab's settings belong to the lab: leaving it takes them along (one step to undo).
    json after = doc_->document();
    after["cluster"]["launcher"] = launcher_->currentData().toString().toStdString();
    if (after["cluster"]["launcher"] != "lab" && after["cluster"].contains("lab")) after["cluster"].erase("lab");
    doc_->replace(after, tr("Launcher"));
  });
  connect(lab_hosts_, &QSpinBox::valueChanged, this, [this](int h) {
    if (!updating_) doc_->set("/cluster/lab/hosts", h > 0 ? json(h) : json(nullptr), tr("Lab hosts"));
  });
  connect(lab_bandwidth_, &QDoubleSpinBox::valueChanged, this, [this](double b) {
    if (!updating_) doc_->set("/cluster/lab/bandwidth_mbit", b, tr("Link bandwidth"));
  });
  connect(nodes_, &QSpinBox::valueChanged, this, [this](int n) {
    if (updating_) return;
    // A stage or chapter map is for one node count: another count starts from the variant's preset
    // (one step to undo).
    json after = doc_->document();
    after["cluster"]["nodes"] = n;
    for (const char* map : {"stage_nodes", "chapter_nodes", "batch_shares"})
      if (after["cluster"].contains(map)) after["cluster"].erase(map);
    doc_->replace(after, tr("Nodes"));
  });
  connect(stage_map_, &StageMap::stage_moved, this,
          [this](const std::vector<int>& map) { doc_->set("/cluster/stage_nodes", map, tr("Move a layer to a node")); });
  connect(preset_, &QPushButton::clicked, this, [this] { doc_->set("/cluster/stage_nodes", nullptr, tr("Preset mapping")); });
  connect(optimizer_state_, &QCheckBox::toggled, this, [this](bool on) {
    if (!updating_)
      doc_->set("/algorithm/send_optimizer_state", on ? json(true) : json(nullptr), tr("Send optimizer state"));
  });
  connect(continue_, &QCheckBox::toggled, this, [this](bool on) {
    if (!updating_)
      doc_->set("/cluster/on_node_failure", on ? json("continue") : json(nullptr), tr("When a node is lost"));
  });
  connect(hostfile_, &QLineEdit::textEdited, this, [this](const QString& t) {
    doc_->set("/cluster/hostfile", t.isEmpty() ? json(nullptr) : json(t.toStdString()), tr("Hostfile"));
  });
  connect(import, &QPushButton::clicked, this, [this] {
    const QString f = QFileDialog::getOpenFileName(this, tr("Open MPI hostfile"));
    if (!f.isEmpty()) import_hostfile(f);
  });
  connect(test, &QPushButton::clicked, this, &ClusterPage::test_connection);
  connect(node_table_, &QTableWidget::cellChanged, this, [this](int row, int column) {
    if (updating_ || column != 2) return;
    json slow = json::array();
    for (int r = 0; r < node_table_->rowCount(); ++r) {
      bool ok = false;
      const double v = node_table_->item(r, 2) ? node_table_->item(r, 2)->text().toDouble(&ok) : 1.0;
      slow.push_back(ok ? v : 1.0);
    }
    Q_UNUSED(row);
    doc_->set("/cluster/slowdown", slow, tr("Slowdown"));
  });
  connect(&test_, &QProcess::readyReadStandardOutput, this,
          [this] { test_output_->appendPlainText(QString::fromLocal8Bit(test_.readAllStandardOutput()).trimmed()); });
  connect(&test_, &QProcess::readyReadStandardError, this,
          [this] { test_output_->appendPlainText(QString::fromLocal8Bit(test_.readAllStandardError()).trimmed()); });
  connect(&test_, &QProcess::finished, this, [this](int code) {
    test_output_->appendPlainText(code == 0 ? tr("✔ every host is ready for this experiment")
                                            : tr("✘ the pre-flight found problems (exit %1): see the lines above").arg(code));
  });
  connect(doc_, &ExperimentDocument::changed, this, &ClusterPage::from_document);
  from_document();
}

void ClusterPage::import_hostfile(const QString& file) {
  int slot_count = 0;
  try {  // core's reader: a line that looks like an option or carries shell characters is refused
    for (const HostfileEntry& h : read_hostfile(file.toStdString())) slot_count += h.slot_count;
  } catch (const std::exception& x) {
    warning_->setText(QStringLiteral("⚠ ") + QString::fromStdString(x.what()));
    return;
  }
  doc_->set("/cluster/hostfile", file.toStdString(), tr("Hostfile"));
  doc_->set("/cluster/launcher", "mpi", tr("Launcher"));
  if (slot_count > 0) doc_->set("/cluster/nodes", slot_count, tr("Nodes"));
}

void ClusterPage::test_connection() {
  if (test_.state() != QProcess::NotRunning) return;
  test_output_->clear();
  // `ffw doctor` on the experiment as it is now: every host of the hostfile through mpirun (or this
  // machine), ffw-worker's build, the data files, memory and disk, one line per host and problem.
  QFile file(QDir(QDir::tempPath()).filePath(QStringLiteral("ffw-workbench-doctor-%1.json").arg(QCoreApplication::applicationPid())));
  if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
    test_output_->appendPlainText(tr("✘ %1 cannot be written").arg(file.fileName()));
    return;
  }
  json d = doc_->document();
  // A data path relative to the experiment's file stays that, written elsewhere.
  if (d.contains("data") && d["data"].is_object() && d["data"].value("path", json()).is_string() && !doc_->file().isEmpty()) {
    const QString path = QString::fromStdString(d["data"]["path"].get<std::string>());
    if (QDir::isRelativePath(path)) d["data"]["path"] = QFileInfo(doc_->file()).dir().absoluteFilePath(path).toStdString();
  }
  file.write(QByteArray::fromStdString(d.dump(2)));
  file.close();
  test_output_->appendPlainText(QStringLiteral("ffw doctor ") + file.fileName());
  test_.start(ffw_executable(), {QStringLiteral("doctor"), file.fileName()});
}

void ClusterPage::from_document() {
  updating_ = true;
  const json& d = doc_->document();
  const int nodes = doc_->value("/cluster/nodes", 1).get<int>();
  const std::string launcher = doc_->value("/cluster/launcher", "in-process").get<std::string>();
  launcher_->setCurrentIndex(std::max(0, launcher_->findData(QString::fromStdString(launcher))));
  nodes_->setValue(nodes);
  const std::string hostfile = doc_->value("/cluster/hostfile", "").get<std::string>();
  if (hostfile_->text().toStdString() != hostfile) hostfile_->setText(QString::fromStdString(hostfile));
  const bool lab = launcher == "lab";
  lab_row_->setEnabled(lab);
  hostfile_->setEnabled(!lab);
  const int lab_hosts = std::max(1, std::min(nodes, doc_->value("/cluster/lab/hosts", 0).get<int>() > 0
                                                        ? doc_->value("/cluster/lab/hosts", 0).get<int>() : nodes));
  lab_hosts_->setValue(doc_->value("/cluster/lab/hosts", 0).get<int>());
  {
    const json b = doc_->value("/cluster/lab/bandwidth_mbit", 1000.0);
    lab_bandwidth_->setValue(b.is_number() ? b.get<double>() : b.is_array() && !b.empty() && b[0].is_number() ? b[0].get<double>() : 1000.0);
  }
  const int per_host = (nodes + lab_hosts - 1) / lab_hosts;
  const json slow = doc_->value("/cluster/slowdown", json::array());
  node_table_->setRowCount(nodes);
  for (int n = 0; n < nodes; ++n) {
    auto* id = new QTableWidgetItem(QString::number(n));
    id->setFlags(Qt::ItemIsEnabled);
    auto* where = new QTableWidgetItem(lab ? tr("rank %1 on lab host %2").arg(n).arg(n / per_host)
                                       : launcher == "mpi" && !hostfile.empty() ? tr("rank %1 (hostfile)").arg(n)
                                       : launcher == "mpi"                    ? tr("rank %1 on this machine").arg(n)
                                                                              : tr("worker %1 on this machine").arg(n));
    where->setFlags(Qt::ItemIsEnabled);
    const double s = slow.is_array() && n < static_cast<int>(slow.size()) && slow[static_cast<std::size_t>(n)].is_number()
                         ? slow[static_cast<std::size_t>(n)].get<double>() : 1.0;
    node_table_->setItem(n, 0, id);
    node_table_->setItem(n, 1, where);
    node_table_->setItem(n, 2, new QTableWidgetItem(QString::number(s)));
  }
  const int cores = QThread::idealThreadCount();
  if (lab && nodes > cores)
    warning_->setText(tr("⚠ %1 nodes on %2 lab hosts and %3 cores: the hosts share cores, so accuracies and bytes are "
                         "right but times are not those of separate machines.").arg(nodes).arg(lab_hosts).arg(cores));
  else if (lab)
    warning_->setText(tr("Each lab host runs on cores of its own; links are held to the bandwidth in both directions. "
                         "No latency is emulated."));
  else if (launcher != "in-process" && hostfile.empty() && nodes > cores)
    warning_->setText(tr("⚠ %1 ranks on %2 cores: ranks will share cores (mpirun gets --oversubscribe) and timings "
                         "will not show real scaling.").arg(nodes).arg(cores));
  else if (launcher == "in-process" && nodes > 1)
    warning_->setText(tr("⚠ In-process runs one node; choose local workers or Open MPI for %1 nodes.").arg(nodes));
  else
    warning_->clear();
  if (const auto placement = stage_placement(d)) {
    stage_map_->set_pipeline(placement->stages, placement->node_of, nodes);
    QStringList problems;
    for (const Problem& p : doc_->problems())
      if (p.path.startsWith(QStringLiteral("/cluster/stage_nodes")) || p.path == QStringLiteral("/cluster/nodes"))
        problems << QStringLiteral("⚠ ") + p.message;
    map_note_->setText(problems.isEmpty() ? (placement->mapped ? tr("Your mapping: drag a layer onto a node to move it.")
                                                               : tr("The variant's preset: drag a layer onto a node to move it."))
                                          : problems.join('\n'));
    preset_->setEnabled(placement->mapped);
    preset_->setVisible(true);
  } else {
    stage_map_->set_fixed(node_roles(d));
    map_note_->setText(tr("This variant places the layers by its own rule; Single-Layer PFF and GPipe let you map them."));
    preset_->setVisible(false);
  }
  const std::string variant = doc_->value("/algorithm/variant", "sequential").get<std::string>();
  optimizer_state_->setVisible(variant == "all-layers" || variant == "federated");
  optimizer_state_->setChecked(doc_->value("/algorithm/send_optimizer_state", false) == json(true));
  // The elastic ring: the ring variants on local workers (Open MPI 4.1 cannot shrink a job).
  const bool ring = variant == "all-layers" || variant == "federated";
  const bool local = doc_->value("/cluster/launcher", "in-process") == json("local");
  const bool continuing = doc_->value("/cluster/on_node_failure", "stop") == json("continue");
  continue_->setVisible(ring || continuing);
  continue_->setEnabled(local || continuing);
  continue_->setChecked(continuing);
  continue_->setToolTip(local ? tr("The survivors re-form the ring and go on from the last chapter they all have, redoing "
                                   "the lost chapters themselves; the run records when which node was lost")
                              : tr("Only local workers can go on without a node: Open MPI 4.1 cannot shrink a job, so over "
                                   "Open MPI or the network lab a lost node stops the run (resume it afterwards)"));
  updating_ = false;
}

}  // namespace app
}  // namespace ffw
