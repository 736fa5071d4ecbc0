#include "app/workbench/sweep_dialog.h"

#include <signal.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProcess>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTemporaryFile>
#include <QVBoxLayout>
#include <fstream>

#include "app/models/experiment_document.h"
#include "app/models/kpi.h"
#include "app/models/run_store.h"
#include "app/workbench/run_controller.h"
#include "core/error.h"
#include "core/sweep.h"

namespace ffw {
namespace app {

using nlohmann::json;

namespace {

json read_json(const QString& file) {
  std::ifstream in(file.toStdString());
  return json::parse(in, nullptr, false);
}

// "2, 4" -> [2, 4]; "sequential, all-layers" -> ["sequential", "all-layers"]; a JSON array as it is.
json parse_values(const QString& text) {
  const QString t = text.trimmed();
  if (t.startsWith(QLatin1Char('['))) return json::parse(t.toStdString(), nullptr, false);
  json out = json::array();
  for (const QString& token : t.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
    const std::string word = token.trimmed().toStdString();
    const json v = json::parse(word, nullptr, false);
    out.push_back(!v.is_discarded() && (v.is_number() || v.is_boolean() || v.is_string()) ? v : json(word));
  }
  return out;
}

// The paths people vary most, offered in the path column (any other path can be typed).
const char* const kCommonPaths[] = {"/training/chapters", "/training/epochs", "/cluster/nodes", "/algorithm/variant",
                                    "/algorithm/negatives", "/algorithm/classifier", "/training/batch_size",
                                    "/training/optimizer/learning_rate", "/training/threads"};

}  // namespace

SweepDialog::SweepDialog(ExperimentDocument* doc, QWidget* parent) : QDialog(parent), doc_(doc) {
  setWindowTitle(tr("Queue / Sweep"));
  auto* intro = new QLabel(tr("Runs every combination of the values below on the current experiment, one after another, so "
                              "their times stay comparable. The sweep runs on its own: closing the workbench does not stop it, "
                              "and the workbench follows or resumes it when it opens again."));
  intro->setWordWrap(true);
  name_ = new QLineEdit;
  name_->setToolTip(tr("The sweep's name: its runs are NAME-1, NAME-2, … and its state is NAME.sweep-state.json in the runs folder"));
  seeds_ = new QLineEdit(QStringLiteral("1, 2, 3"));
  seeds_->setPlaceholderText(tr("e.g. 1, 2, 3 (empty: the experiment's own seed)"));
  seeds_->setToolTip(tr("Every combination runs once per seed; the Compare page shows their median and spread"));
  sequential_ = new QCheckBox(tr("Also run Sequential FF on one node, the baseline, for every combination"));
  sequential_->setChecked(true);
  oversubscribe_ = new QCheckBox(tr("Allow more nodes than this machine has cores (for accuracy only: their times compare nothing)"));
  vary_ = new QTableWidget(0, 2);
  vary_->setHorizontalHeaderLabels({tr("Setting (JSON path)"), tr("Values, separated by commas")});
  vary_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Interactive);
  vary_->horizontalHeader()->setStretchLastSection(true);
  vary_->setColumnWidth(0, 280);
  vary_->verticalHeader()->hide();
  vary_->setMinimumHeight(110);
  auto* add = new QPushButton(tr("Add a setting"));
  auto* remove = new QPushButton(tr("Remove"));
  summary_ = new QLabel;
  summary_->setWordWrap(true);
  start_ = new QPushButton(tr("Start sweep"));
  stop_ = new QPushButton(tr("Stop"));
  resume_ = new QPushButton(tr("Resume"));
  compare_ = new QPushButton(tr("Show on the Compare page"));
  status_ = new QLabel;
  status_->setWordWrap(true);
  items_ = new QTableWidget(0, 7);
  items_->setHorizontalHeaderLabels({tr("#"), tr("Settings"), tr("Seed"), tr("Status"), tr("Progress"), tr("Test accuracy"), tr("Run")});
  items_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  items_->horizontalHeader()->setStretchLastSection(true);
  items_->verticalHeader()->hide();
  items_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  items_->setMinimumHeight(140);
  items_->setWordWrap(false);

  auto* form = new QFormLayout;
  form->addRow(tr("Name"), name_);
  form->addRow(tr("Seeds"), seeds_);
  form->addRow(QString(), sequential_);
  form->addRow(QString(), oversubscribe_);
  auto* vary_buttons = new QHBoxLayout;
  vary_buttons->addWidget(add);
  vary_buttons->addWidget(remove);
  vary_buttons->addStretch(1);
  auto* buttons = new QHBoxLayout;
  buttons->addWidget(start_);
  buttons->addWidget(stop_);
  buttons->addWidget(resume_);
  buttons->addStretch(1);
  buttons->addWidget(compare_);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(intro);
  layout->addLayout(form);
  layout->addWidget(new QLabel(tr("Values to vary")));
  layout->addWidget(vary_, 1);
  layout->addLayout(vary_buttons);
  layout->addWidget(summary_);
  layout->addLayout(buttons);
  layout->addWidget(status_);
  layout->addWidget(items_, 2);
  resize(900, 640);

  connect(add, &QPushButton::clicked, this, [this] { add_vary(QStringLiteral("/training/chapters"), QString()); });
  connect(remove, &QPushButton::clicked, this, [this] {
    if (vary_->currentRow() >= 0) vary_->removeRow(vary_->currentRow());
    update_summary();
  });
  connect(vary_, &QTableWidget::itemChanged, this, &SweepDialog::update_summary);
  connect(seeds_, &QLineEdit::textChanged, this, &SweepDialog::update_summary);
  connect(name_, &QLineEdit::textChanged, this, &SweepDialog::update_summary);
  connect(sequential_, &QCheckBox::toggled, this, &SweepDialog::update_summary);
  connect(oversubscribe_, &QCheckBox::toggled, this, &SweepDialog::update_summary);
  // A new name for each experiment (runs of two sweeps never share one), and its summary.
  const auto adopt = [this] {
    const json name = doc_->value("/name", "sweep");
    name_->setText(QString::fromStdString(name.is_string() ? name.get<std::string>() : std::string("sweep")) +
                   QDateTime::currentDateTime().toString(QStringLiteral("-'sweep'-yyyyMMdd-HHmmss")));
    update_summary();
  };
  connect(doc_, &ExperimentDocument::changed, this, adopt);
  connect(start_, &QPushButton::clicked, this, [this] {
    QString error;
    if (!start(&error)) status_->setText(error);
  });
  connect(resume_, &QPushButton::clicked, this, [this] {
    QString error;
    if (!resume(&error)) status_->setText(error);
  });
  connect(stop_, &QPushButton::clicked, this, &SweepDialog::stop);
  connect(compare_, &QPushButton::clicked, this, [this] { emit sweep_finished(run_dirs()); });
  connect(&poll_, &QTimer::timeout, this, &SweepDialog::refresh);
  poll_.start(1000);
  adopt();
  refresh();
}

void SweepDialog::add_vary(const QString& path, const QString& values) {
  const QSignalBlocker block(vary_);
  const int row = vary_->rowCount();
  vary_->insertRow(row);
  auto* paths = new QComboBox;
  paths->setEditable(true);
  for (const char* p : kCommonPaths) paths->addItem(QString::fromLatin1(p));
  paths->setCurrentText(path);
  paths->setToolTip(tr("Any setting of the experiment, by the JSON path the rulebook names (docs/experiment.md)"));
  connect(paths, &QComboBox::currentTextChanged, this, &SweepDialog::update_summary);
  vary_->setCellWidget(row, 0, paths);
  vary_->setItem(row, 1, new QTableWidgetItem(values));
  vary_->setCurrentCell(row, 1);
  update_summary();
}

json SweepDialog::sweep_document() const {
  const json base = doc_->document();
  json vary = json::array();
  for (int r = 0; r < vary_->rowCount(); ++r) {
    const auto* path = qobject_cast<QComboBox*>(vary_->cellWidget(r, 0));
    const QTableWidgetItem* values = vary_->item(r, 1);
    if (!path || path->currentText().trimmed().isEmpty() || !values || values->text().trimmed().isEmpty()) continue;
    vary.push_back({{path->currentText().trimmed().toStdString(), parse_values(values->text())}});
  }
  // The baseline beside the experiment as designed: the same network, data and epochs, with the
  // whole cluster section swapped, so nothing of the distributed set-up leaks into it.
  const std::string variant = base.is_object() ? base.value("/algorithm/variant"_json_pointer, std::string("sequential")) : "";
  if (sequential_->isChecked() && variant != "sequential")
    vary.push_back(json::array({{{"/algorithm/variant", "sequential"}, {"/cluster", {{"launcher", "in-process"}, {"nodes", 1}}}},
                                {{"/algorithm/variant", variant}, {"/cluster", base.value("cluster", json::object())}}}));
  json s = {{"schema", "ffw-sweep-1"}, {"name", name_->text().trimmed().toStdString()}, {"base", base}, {"vary", vary}};
  if (oversubscribe_->isChecked()) s["oversubscribe"] = true;
  json seeds = json::array();
  bool seeds_ok = true;
  for (const QString& token : seeds_->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts)) {
    bool ok = false;
    const long long seed = token.toLongLong(&ok);
    if (ok) seeds.push_back(seed);
    else seeds_ok = false;
  }
  if (!seeds_ok) s["seeds"] = seeds_->text().toStdString();  // not numbers: the rulebook says so
  else if (!seeds.empty()) s["seeds"] = seeds;
  return s;
}

int SweepDialog::validate(QString* error) const {
  QTemporaryFile file(QDir::temp().filePath(QStringLiteral("ffw-sweep-XXXXXX.json")));
  if (!file.open() || file.write(QByteArray::fromStdString(sweep_document().dump())) < 0 || !file.flush()) {
    if (error) *error = tr("%1 cannot be written").arg(file.fileName());
    return -1;
  }
  try {
    return static_cast<int>(load_sweep(file.fileName().toStdString()).items.size());
  } catch (const std::exception& x) {
    // The rulebook's words, naming the sweep rather than the scratch file it was checked in.
    if (error) *error = QString::fromStdString(x.what()).replace(file.fileName() + QStringLiteral(": "), QString());
    return -1;
  }
}

void SweepDialog::update_summary() {
  QString error;
  const int runs = validate(&error);
  summary_->setStyleSheet(runs < 0 ? QStringLiteral("color: #c0392b;") : QString());
  summary_->setText(runs < 0 ? error.left(600)
                             : (runs == 1 ? tr("1 run, in %1") : tr("%1 runs, one after another, in %2").arg(runs))
                                   .arg(root_.isEmpty() ? tr("the runs folder") : root_));
  start_->setEnabled(runs > 0 && !sweep_running());
}

void SweepDialog::set_runs_root(const QString& root) {
  root_ = root;
  // The newest sweep of this folder: a workbench started again follows (or resumes) it.
  const QFileInfoList states = QDir(root).entryInfoList({QStringLiteral("*.sweep-state.json")}, QDir::Files, QDir::Time);
  follow(states.isEmpty() ? QString() : states.front().filePath());
  update_summary();
}

void SweepDialog::follow(const QString& state_file) {
  state_file_ = state_file;
  state_ = json();
  seen_unfinished_ = false;
  items_->setRowCount(0);
  refresh();
}

bool SweepDialog::sweep_running() const {
  return !state_file_.isEmpty() && running_sweep_pid(state_file_.toStdString()) > 0;
}

QStringList SweepDialog::run_dirs() const {
  QStringList out;
  if (state_.is_object() && state_.value("items", json()).is_array())
    for (const json& item : state_["items"])
      if (item.is_object() && item.value("status", std::string()) == "finished")
        out << QString::fromStdString(item.value("run_dir", std::string()));
  return out;
}

namespace {

// Starts `ffw sweep FILE --runs ROOT` on its own (not a child of the workbench), its output
// appended to the sweep's log.
bool launch_sweep(const QString& file, const QString& root, const QString& log, QString* error) {
  QDir().mkpath(QFileInfo(log).absolutePath());
  QProcess p;
  p.setProgram(ffw_executable());
  p.setArguments({QStringLiteral("sweep"), file, QStringLiteral("--runs"), root});
  p.setStandardOutputFile(log, QIODevice::Append);
  p.setStandardErrorFile(log, QIODevice::Append);
  if (!p.startDetached()) {
    if (error) *error = SweepDialog::tr("%1 could not be started: %2").arg(ffw_executable(), p.errorString());
    return false;
  }
  return true;
}

}  // namespace

bool SweepDialog::start(QString* error) {
  const int runs = validate(error);
  if (runs <= 0) return false;
  const QString name = name_->text().trimmed();
  const QDir root(root_);
  if (!root.mkpath(QStringLiteral("."))) {
    if (error) *error = tr("%1 cannot be created").arg(root_);
    return false;
  }
  if (QFileInfo::exists(root.filePath(name + QStringLiteral(".sweep-state.json")))) {
    if (error) *error = tr("A sweep named %1 is already in this runs folder: give this one another name.").arg(name);
    return false;
  }
  const QString file = root.filePath(name + QStringLiteral(".sweep.json"));
  QFile f(file);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(QByteArray::fromStdString(sweep_document().dump(2) + "\n")) <= 0) {
    if (error) *error = tr("%1 cannot be written").arg(file);
    return false;
  }
  f.close();
  if (!launch_sweep(file, root_, root.filePath(name + QStringLiteral(".sweep/sweep.log")), error)) return false;
  follow(root.filePath(name + QStringLiteral(".sweep-state.json")));
  seen_unfinished_ = true;
  status_->setText(tr("Starting sweep %1…").arg(name));
  start_->setEnabled(false);
  return true;
}

bool SweepDialog::resume(QString* error) {
  const QString file = state_.is_object() ? QString::fromStdString(state_.value("sweep", std::string())) : QString();
  if (file.isEmpty() || !QFileInfo::exists(file)) {
    if (error) *error = tr("The sweep file %1 is gone: this sweep cannot go on.").arg(file);
    return false;
  }
  if (sweep_running()) return true;
  const QString name = QString::fromStdString(state_.value("name", std::string("sweep")));
  if (!launch_sweep(file, root_, QDir(root_).filePath(name + QStringLiteral(".sweep/sweep.log")), error)) return false;
  seen_unfinished_ = true;
  resume_->setEnabled(false);
  status_->setText(tr("Resuming sweep %1…").arg(name));
  return true;
}

void SweepDialog::stop() {
  if (const long long pid = running_sweep_pid(state_file_.toStdString()); pid > 0) {
    ::kill(static_cast<pid_t>(pid), SIGINT);  // the sweep passes it to its run, which keeps its last checkpoint
    status_->setText(tr("Stopping… the run in progress keeps its last checkpoint; Resume goes on from there."));
  }
}

QString SweepDialog::values_text(const json& values) const {
  // "Sequential FF · 1 node · chapters 2": the variant by its name, a cluster section by its nodes.
  QStringList parts;
  for (const auto& [path, v] : values.items()) {
    if (path == "/training/seed") continue;
    const QString leaf = QString::fromStdString(path).section(QLatin1Char('/'), -1);
    if (path == "/algorithm/variant" && v.is_string())
      parts << variant_label(QString::fromStdString(v.get<std::string>()), false);
    else if (path == "/cluster" && v.is_object())
    {
      const QString launcher = QString::fromStdString(v.value("launcher", std::string("in-process")));
      const int nodes = v.value("nodes", 1);
      parts << (nodes == 1 ? tr("1 node, %1").arg(launcher) : tr("%1 nodes, %2").arg(nodes).arg(launcher));
    }
    else
      parts << QStringLiteral("%1 %2").arg(leaf, QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump()));
  }
  return parts.join(QStringLiteral(" · "));
}

void SweepDialog::refresh() {
  if (state_file_.isEmpty()) {
    status_->setText(tr("No sweep in this runs folder yet."));
    stop_->setEnabled(false);
    resume_->setEnabled(false);
    compare_->setEnabled(false);
    return;
  }
  const json state = read_json(state_file_);
  const bool running = sweep_running();
  if (!state.is_object() || !state.value("items", json()).is_array()) {
    stop_->setEnabled(running);
    return;  // not written yet (the sweep is starting), or being replaced
  }
  state_ = state;
  const json& items = state_["items"];
  items_->setRowCount(static_cast<int>(items.size()));
  int finished = 0, failed = 0, waiting = 0, current = -1;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    if (!item.is_object()) continue;
    const QString run_dir = QString::fromStdString(item.value("run_dir", std::string()));
    QString status = QString::fromStdString(item.value("status", std::string("pending")));
    if (status == QLatin1String("running") && !running) status = QStringLiteral("interrupted");
    QString progress;
    // Only the run in progress, and a finished one once, are read: a long queue costs no more per second.
    const bool read = !run_dir.isEmpty() && (status == QLatin1String("running") || (status == QLatin1String("finished") && !accuracy_.contains(run_dir)));
    const json summary = read ? read_json(QDir(run_dir).filePath(QStringLiteral("summary.json"))) : json();
    if (status == QLatin1String("running")) {
      current = static_cast<int>(i);
      const json experiment = read_json(QDir(run_dir).filePath(QStringLiteral("experiment.json")));
      const int chapters = experiment.is_object() ? experiment.value("/training/chapters"_json_pointer, 0) : 0;
      const int done = summary.is_object() ? summary.value("chapters_done", 0) : 0;
      progress = chapters > 0 ? tr("chapter %1 of %2").arg(std::min(done + 1, chapters)).arg(chapters) : tr("starting");
    } else if (status == QLatin1String("finished")) {
      ++finished;
      if (!accuracy_.contains(run_dir) && summary.is_object()) accuracy_[run_dir] = summary.value("test_accuracy", -1.0);
    } else if (status == QLatin1String("failed")) {
      ++failed;
    } else if (status == QLatin1String("pending")) {
      ++waiting;
    }
    const json values = item.value("values", json::object());
    const json seed = values.is_object() ? values.value("/training/seed", json()) : json();
    const double accuracy = accuracy_.value(run_dir, -1.0);
    const QStringList cells = {QString::number(i + 1), values_text(values), seed.is_null() ? QString() : QString::fromStdString(seed.dump()),
                               status == QLatin1String("pending") ? tr("waiting") : RunStore::status_text(status), progress,
                               accuracy >= 0 ? QStringLiteral("%1 %").arg(QLocale().toString(100 * accuracy, 'f', 2)) : QString(),
                               QFileInfo(run_dir).fileName()};
    for (int c = 0; c < cells.size(); ++c) {
      QTableWidgetItem* cell = items_->item(static_cast<int>(i), c);
      if (!cell) items_->setItem(static_cast<int>(i), c, cell = new QTableWidgetItem);
      if (cell->text() != cells[c]) cell->setText(cells[c]);
    }
    items_->item(static_cast<int>(i), 6)->setToolTip(run_dir);
  }
  const QString name = QString::fromStdString(state_.value("name", std::string()));
  const int total = static_cast<int>(items.size());
  const bool done = !running && finished + failed == total;
  if (running)
    status_->setText(current >= 0 ? tr("Sweep %1: %2 of %3 runs finished; run %4 in progress.").arg(name).arg(finished).arg(total).arg(current + 1)
                                 : tr("Sweep %1: %2 of %3 runs finished.").arg(name).arg(finished).arg(total));
  else if (done)
    status_->setText(failed ? tr("Sweep %1 ended: %2 of %3 runs finished, %4 failed (their logs are in %1.sweep).").arg(name).arg(finished).arg(total).arg(failed)
                           : tr("Sweep %1 finished: all %2 runs.").arg(name).arg(total));
  else
    status_->setText(tr("Sweep %1 is not running: %2 of %3 runs finished. Resume goes on from there.").arg(name).arg(finished).arg(total));
  stop_->setEnabled(running);
  resume_->setEnabled(!running && !done);
  compare_->setEnabled(finished > 0);
  start_->setEnabled(!running && !summary_->text().isEmpty() && summary_->styleSheet().isEmpty());
  if (!done) {
    seen_unfinished_ = seen_unfinished_ || waiting > 0 || running;
  } else if (seen_unfinished_) {
    seen_unfinished_ = false;
    emit sweep_finished(run_dirs());
  }
}

}  // namespace app
}  // namespace ffw
