#include "app/workbench/plan_page.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>
#include <set>

#include "app/models/experiment_document.h"
#include "app/models/kpi.h"
#include "app/models/plan_table_model.h"
#include "app/models/run_list_model.h"
#include "app/views/plan_chart.h"
#include "app/views/timeline_view.h"
#include "app/workbench/run_controller.h"
#include "core/error.h"

namespace ffw {
namespace app {

using nlohmann::json;

PlanPage::PlanPage(ExperimentDocument* doc, RunListModel* runs, QWidget* parent)
    : QWidget(parent), doc_(doc), runs_(runs), model_(new PlanTableModel(this)) {
  nodes_ = new QLineEdit(QStringLiteral("1,2,4,8,16"));
  nodes_->setToolTip(tr("Node counts to predict, separated by commas"));
  bandwidth_ = new QDoubleSpinBox;
  bandwidth_->setRange(0, 100000);
  bandwidth_->setDecimals(0);
  bandwidth_->setSuffix(tr(" Mbit/s"));
  bandwidth_->setSpecialValueText(tr("one machine"));
  bandwidth_->setToolTip(tr("0: the nodes share this machine (shared memory); else one host per node on links of this rate"));
  latency_ = new QDoubleSpinBox;
  latency_->setRange(0, 1000);
  latency_->setDecimals(2);
  latency_->setSuffix(tr(" ms"));
  latency_->setToolTip(tr("Per message. Not validated: the network lab cannot emulate latency"));
  slow_nodes_ = new QSpinBox;
  slow_nodes_->setRange(0, 63);
  slow_nodes_->setToolTip(tr("Nodes 1, 2, … are this much slower (older machines); node 0 keeps this machine's speed"));
  slowdown_ = new QDoubleSpinBox;
  slowdown_->setRange(1, 100);
  slowdown_->setValue(2);
  slowdown_->setSingleStep(0.5);
  slowdown_->setPrefix(QStringLiteral("× "));
  goal_ = new QComboBox;
  goal_->addItem(tr("Fastest"));
  goal_->addItem(tr("Cheapest"));
  auto_placement_ = new QCheckBox(tr("Place the work for slow nodes"));
  auto_placement_->setChecked(true);
  auto_placement_->setToolTip(tr("Simulate the placements each variant allows and keep the fastest (cluster.placement \"auto\")"));
  source_ = new QLabel(tr("No costs yet: probe this machine or open a calibration."));
  source_->setWordWrap(true);
  probe_ = new QPushButton(tr("Probe this machine"));
  probe_->setToolTip(tr("ffw probe: measures every instruction's cost at this experiment's shapes (about 30 s)"));
  open_ = new QPushButton(tr("Open calibration…"));
  open_->setToolTip(tr("A calibration file from ffw probe, or a finished run's directory"));
  recommendation_ = new QLabel;
  recommendation_->setWordWrap(true);
  use_ = new QPushButton(tr("Use this plan"));
  use_->setToolTip(tr("Writes the selected row's variant, nodes and placement into the experiment (undoable)"));
  use_->setEnabled(false);

  auto* controls = new QGroupBox(tr("What if"));
  auto* form = new QFormLayout(controls);
  form->addRow(tr("Nodes"), nodes_);
  form->addRow(tr("Network"), bandwidth_);
  form->addRow(tr("Latency"), latency_);
  auto* slow = new QHBoxLayout;
  slow->addWidget(slow_nodes_);
  slow->addWidget(slowdown_);
  form->addRow(tr("Slow nodes"), slow);
  form->addRow(tr("Goal"), goal_);
  form->addRow(auto_placement_);
  auto* costs = new QGroupBox(tr("Costs"));
  auto* cl = new QVBoxLayout(costs);
  cl->addWidget(source_);
  cl->addWidget(probe_);
  cl->addWidget(open_);
  auto* left = new QWidget;
  auto* ll = new QVBoxLayout(left);
  ll->addWidget(controls);
  ll->addWidget(costs);
  ll->addWidget(recommendation_);
  ll->addWidget(use_);
  ll->addStretch(1);
  left->setMaximumWidth(330);

  chart_view_ = new QChartView(new QChart);
  chart_view_->setRenderHint(QPainter::Antialiasing);
  chart_view_->chart()->setTitle(tr("Speed-up against Sequential FF on one node: predicted (lines), measured (squares)"));
  chart_view_->chart()->legend()->setAlignment(Qt::AlignBottom);
  chart_view_->setMinimumHeight(250);
  table_ = new QTableView;
  table_->setModel(model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  gantt_ = new TimelineView;
  gantt_->setMinimumHeight(120);
  gantt_title_ = new QLabel(tr("Predicted timeline: select a row"));
  auto* gantt_box = new QWidget;
  auto* gl = new QVBoxLayout(gantt_box);
  gl->setContentsMargins(0, 0, 0, 0);
  gl->addWidget(gantt_title_);
  gl->addWidget(gantt_, 1);
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(chart_view_);
  right->addWidget(table_);
  right->addWidget(gantt_box);
  right->setStretchFactor(0, 4);
  right->setStretchFactor(1, 3);
  right->setStretchFactor(2, 2);
  auto* split = new QSplitter;
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 4);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);

  debounce_.setSingleShot(true);
  debounce_.setInterval(250);
  connect(&debounce_, &QTimer::timeout, this, &PlanPage::recompute);
  auto later = [this] { debounce_.start(); };
  connect(nodes_, &QLineEdit::editingFinished, this, later);
  connect(bandwidth_, &QDoubleSpinBox::valueChanged, this, later);
  connect(latency_, &QDoubleSpinBox::valueChanged, this, later);
  connect(slow_nodes_, &QSpinBox::valueChanged, this, later);
  connect(slowdown_, &QDoubleSpinBox::valueChanged, this, later);
  connect(goal_, &QComboBox::currentIndexChanged, this, later);
  connect(auto_placement_, &QCheckBox::toggled, this, later);
  connect(doc_, &ExperimentDocument::changed, this, later);
  connect(runs_, &QAbstractItemModel::modelReset, this, later);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
          [this](const QModelIndex& now) { show_row(now.row()); });
  connect(use_, &QPushButton::clicked, this, &PlanPage::use_selected);
  connect(open_, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getOpenFileName(this, tr("Open calibration"), QString(),
                                                      tr("Calibration or run summary (*.json)"));
    if (file.isEmpty()) return;
    // A run's summary.json stands for its directory.
    const QString target = QFileInfo(file).fileName() == QStringLiteral("summary.json") ? QFileInfo(file).absolutePath() : file;
    QString error;
    if (!load_calibration(target, &error)) source_->setText(QStringLiteral("⚠ ") + error);
  });
  connect(probe_, &QPushButton::clicked, this, &PlanPage::probe);
  probe_process_.setProcessChannelMode(QProcess::MergedChannels);
  connect(&probe_process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
    probe_->setEnabled(true);
    const QString output = QString::fromLocal8Bit(probe_process_.readAll()).trimmed();
    QString error;
    if (status != QProcess::NormalExit || code != 0)
      source_->setText(QStringLiteral("⚠ ") + tr("ffw probe failed (exit %1): %2").arg(code).arg(output.right(400)));
    else if (!load_calibration(probe_file_, &error))
      source_->setText(QStringLiteral("⚠ ") + error);
  });
}

PlanPage::~PlanPage() {
  if (probe_process_.state() != QProcess::NotRunning) {
    probe_process_.kill();
    probe_process_.waitForFinished(2000);
  }
}

bool PlanPage::load_calibration(const QString& file_or_dir, QString* error) {
  try {
    const std::filesystem::path p = file_or_dir.toStdString();
    const Calibration c = std::filesystem::is_directory(p) ? calibration_from_run(p) : Calibration::load(p);
    set_calibration(c, file_or_dir);
    return true;
  } catch (const std::exception& x) {
    if (error) *error = QString::fromStdString(x.what());
    return false;
  }
}

void PlanPage::set_calibration(const Calibration& c, const QString& source) {
  calibration_ = c;
  const QString cpu = c.machine.is_object() ? QString::fromStdString(c.machine.value("cpu_model", std::string())) : QString();
  QString text = tr("Costs measured on %1 (%2)").arg(cpu.isEmpty() ? tr("this machine") : cpu, QDir::toNativeSeparators(source));
  if (!c.node_slowdown.empty())
    text += QStringLiteral("; ") + tr("node speeds measured on %n host(s), used while no slow nodes are set", nullptr,
                                      static_cast<int>(std::set<std::string>(c.node_hosts.begin(), c.node_hosts.end()).size()));
  source_->setText(text);
  source_->setToolTip(source);
  recompute();
  emit calibration_changed();
}

void PlanPage::probe() {
  if (probe_process_.state() != QProcess::NotRunning) return;
  const QString dir = QStandardPaths::writableLocation(QStandardPaths::TempLocation);
  const QString experiment = QDir(dir).filePath(QStringLiteral("ffw-plan-experiment.json"));
  probe_file_ = QDir(dir).filePath(QStringLiteral("ffw-plan.calibration.json"));
  QFile f(experiment);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
    source_->setText(QStringLiteral("⚠ ") + tr("cannot write %1").arg(experiment));
    return;
  }
  // Relative data paths stay relative to the experiment's own file.
  json d = doc_->document();
  if (!doc_->file().isEmpty() && d.contains("data") && d["data"].contains("path")) {
    const QString path = QString::fromStdString(d["data"]["path"].get<std::string>());
    if (QFileInfo(path).isRelative())
      d["data"]["path"] = QFileInfo(doc_->file()).absoluteDir().absoluteFilePath(path).toStdString();
  }
  f.write(QByteArray::fromStdString(d.dump(2)));
  f.close();
  probe_->setEnabled(false);
  source_->setText(tr("Probing this machine… (about 30 s)"));
  probe_process_.start(ffw_executable(), {QStringLiteral("probe"), experiment, QStringLiteral("--out"), probe_file_});
}

void PlanPage::set_cost(const CostSettings& cost) {
  cost_ = cost;
  if (calibration_) recompute();
}

PlanRequest PlanPage::request() const {
  PlanRequest r;
  r.nodes.clear();
  for (const QString& part : nodes_->text().split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    bool ok = false;
    const int n = part.trimmed().toInt(&ok);
    if (ok && n >= 1 && n <= 64 && std::find(r.nodes.begin(), r.nodes.end(), n) == r.nodes.end()) r.nodes.push_back(n);
  }
  std::sort(r.nodes.begin(), r.nodes.end());
  if (r.nodes.empty()) r.nodes = {1, 2, 4, 8};
  r.bandwidth_mbit = bandwidth_->value();
  r.latency_ms = latency_->value();
  r.mpi = r.bandwidth_mbit > 0;
  if (slow_nodes_->value() > 0) {
    r.slowdown.assign(static_cast<std::size_t>(1 + slow_nodes_->value()), slowdown_->value());
    r.slowdown[0] = 1;
  } else if (calibration_ && !calibration_->node_slowdown.empty()) {
    // The nodes' speeds measured on their hosts (ffw probe --node-speeds), as `ffw plan` takes them.
    for (double f : calibration_->node_slowdown) r.slowdown.push_back(std::max(1.0, f));
  }
  r.price_per_node_hour = cost_.price_per_node_hour;
  r.watts_per_node = cost_.watts_per_node;
  r.goal = goal_->currentIndex() == 1 ? PlanGoal::Cheapest : PlanGoal::Fastest;
  r.auto_placement = auto_placement_->isChecked();
  return r;
}

void PlanPage::recompute() {
  debounce_.stop();
  if (!calibration_) {
    use_->setEnabled(false);
    return;
  }
  Experiment e;
  try {
    e = parse_experiment(doc_->document());
  } catch (const Error& x) {
    recommendation_->setText(QStringLiteral("⚠ ") + tr("Fix the experiment first: %1").arg(QString::fromStdString(x.what()).left(300)));
    model_->set_plan({});
    return;
  }
  const int keep = selected_row();
  Plan plan;
  try {
    plan = make_plan(e, *calibration_, request());
  } catch (const std::exception& x) {
    recommendation_->setText(QStringLiteral("⚠ ") + QString::fromStdString(x.what()));
    model_->set_plan({});
    return;
  }
  model_->set_plan(plan);
  double sequential = 0;
  for (const PlanRow& r : plan.rows)
    if (r.variant == Variant::Sequential && r.nodes == 1 && r.skipped.empty()) sequential = r.seconds;
  fill_plan_chart(chart_view_->chart(), plan, measured_points(*runs_, e, sequential));
  if (plan.recommended >= 0) {
    const PlanRow& best = plan.rows[static_cast<std::size_t>(plan.recommended)];
    recommendation_->setText(tr("Recommended (%1): %2 on %n node(s), %3 s predicted, %4× Sequential FF on one node, cost %5, %6 Wh",
                                nullptr, best.nodes)
                                 .arg(goal_->currentText(), variant_title(best.variant))
                                 .arg(best.seconds, 0, 'f', 1)
                                 .arg(best.speedup_vs_sequential, 0, 'f', 2)
                                 .arg(best.cost, 0, 'f', 4)
                                 .arg(best.energy_wh, 0, 'f', 2));
  } else {
    recommendation_->setText(tr("No variant can run so."));
  }
  select_row(keep >= 0 && keep < model_->rowCount() ? keep : plan.recommended);
}

int PlanPage::selected_row() const {
  const QModelIndex i = table_->selectionModel()->currentIndex();
  return i.isValid() ? i.row() : -1;
}

void PlanPage::select_row(int row) {
  if (row < 0 || row >= model_->rowCount()) {
    show_row(-1);
    return;
  }
  table_->selectionModel()->setCurrentIndex(model_->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
  show_row(row);
}

void PlanPage::show_row(int row) {
  const PlanRow* r = model_->row(row);
  use_->setEnabled(r && r->skipped.empty());
  if (!r || !r->skipped.empty() || !calibration_) {
    gantt_->set_segments({}, 1);
    gantt_title_->setText(tr("Predicted timeline: select a row"));
    return;
  }
  // The row again, with its timeline kept (the table's rows keep none, to stay small).
  PlanRequest q = request();
  q.record_timeline = true;
  PlanRow timed;
  try {  // the experiment may have changed since the plan (it is recomputed shortly)
    Experiment p = plan_experiment(parse_experiment(doc_->document()), q, r->variant, r->nodes);
    r->placement.apply_to(p);
    timed = predict(p, *calibration_, q);
  } catch (const std::exception& x) {
    gantt_->set_segments({}, 1);
    gantt_title_->setText(QStringLiteral("⚠ ") + QString::fromStdString(x.what()).left(200));
    return;
  }
  gantt_->set_segments(timed.timeline, r->nodes);
  gantt_title_->setText(tr("Predicted timeline: %1 on %n node(s), %2 s", nullptr, r->nodes)
                            .arg(variant_title(r->variant))
                            .arg(r->seconds, 0, 'f', 1));
}

void PlanPage::use_selected() {
  const PlanRow* r = model_->row(selected_row());
  if (!r || !r->skipped.empty()) return;
  json d = doc_->document();
  d["algorithm"]["variant"] = to_string(r->variant);
  json& cluster = d["cluster"];
  cluster["nodes"] = r->nodes;
  const std::string launcher = cluster.value("launcher", std::string("in-process"));
  if (r->nodes == 1)
    cluster["launcher"] = "in-process";
  else if (launcher == "in-process")
    cluster["launcher"] = "local";
  for (const char* key : {"stage_nodes", "chapter_nodes", "batch_shares"})
    if (cluster.contains(key)) cluster.erase(key);
  if (!r->placement.empty()) cluster[r->placement.key()] = r->placement.values();
  doc_->replace(d, tr("Use this plan"));
}

}  // namespace app
}  // namespace ffw
