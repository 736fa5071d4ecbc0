#include "app/workbench/run_page.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>
#include <algorithm>

#include "app/models/experiment_document.h"
#include "app/models/run_store.h"
#include "app/views/chart_panel.h"
#include "app/views/timeline_view.h"
#include "app/models/plan_table_model.h"
#include "app/workbench/run_controller.h"

namespace ffw {
namespace app {

RunPage::RunPage(ExperimentDocument* doc, RunStore* store, RunController* controller, QWidget* parent)
    : QWidget(parent), doc_(doc), store_(store), controller_(controller) {
  run_ = new QPushButton(tr("▶ Run"));
  stop_ = new QPushButton(tr("■ Stop"));
  resume_ = new QPushButton(tr("Resume"));
  run_->setToolTip(tr("Start the designed experiment (through ffw run, with the chosen launcher)"));
  stop_->setToolTip(tr("Stop gracefully (the last chapter checkpoint is kept), forced after 8 s"));
  resume_->setToolTip(tr("Continue this run from its last checkpoint"));
  stop_->setEnabled(false);
  resume_->setEnabled(false);
  progress_ = new QProgressBar;
  progress_->setFormat(tr("chapter %v of %m"));
  status_ = new QLabel(tr("No run yet. Press Run to start the designed experiment."));
  status_->setWordWrap(true);
  losses_ = new QLabel;
  losses_->setObjectName(QStringLiteral("node_losses"));
  losses_->setWordWrap(true);
  losses_->setStyleSheet(QStringLiteral("color: #a04000; font-weight: bold;"));
  losses_->hide();
  eta_ = new QLabel;
  utilisation_ = new QLabel;
  auto* bar = new QHBoxLayout;
  bar->addWidget(run_);
  bar->addWidget(stop_);
  bar->addWidget(resume_);
  bar->addWidget(progress_, 1);
  bar->addWidget(eta_);

  auto* grid_host = new QWidget;
  auto* grid = new QGridLayout(grid_host);
  grid->setContentsMargins(0, 0, 0, 0);
  const ChartKind kinds[] = {ChartKind::Goodness, ChartKind::Loss, ChartKind::Accuracy, ChartKind::Traffic, ChartKind::Idle};
  grid_ = grid;
  for (int i = 0; i < 5; ++i) {
    auto* panel = new ChartPanel(kinds[i], store_);
    charts_.push_back(panel);
    cells_.push_back(panel);
  }
  confusion_ = new QTableWidget(0, 0);
  confusion_->setObjectName(QStringLiteral("confusion"));
  confusion_->setEditTriggers(QAbstractItemView::NoEditTriggers);
  confusion_->setMouseTracking(true);
  confusion_note_ = new QLabel(tr("Appears at the first evaluation: rows are the true classes, columns the predicted ones"));
  confusion_note_->setWordWrap(true);
  auto* confusion_box = new QGroupBox(tr("Confusion matrix"));
  auto* cl = new QVBoxLayout(confusion_box);
  cl->addWidget(confusion_note_);
  cl->addWidget(confusion_, 1);
  cells_.push_back(confusion_box);
  reflow(1800);

  timeline_ = new TimelineView;
  timeline_->set_run(store_);
  auto* timeline_box = new QGroupBox(tr("Utilisation timeline"));
  auto* tl = new QVBoxLayout(timeline_box);
  tl->addWidget(timeline_);
  overlay_ = new QCheckBox(tr("Show the prediction"));
  overlay_->setToolTip(tr("The planner's timeline of this run, from the Plan page's costs, under each node's measured lane"));
  overlay_->setEnabled(false);
  overlay_note_ = new QLabel(tr("(probe or open costs on the Plan page)"));
  auto* under = new QHBoxLayout;
  under->addWidget(utilisation_, 1);
  under->addWidget(overlay_note_);
  under->addWidget(overlay_);
  tl->addLayout(under);

  log_ = new QPlainTextEdit;
  log_->setReadOnly(true);
  log_->setMaximumBlockCount(5000);
  log_->setPlaceholderText(tr("The workers' log"));

  auto* split = new QSplitter(Qt::Vertical);
  split->addWidget(grid_host);
  split->addWidget(timeline_box);
  split->addWidget(log_);
  split->setStretchFactor(0, 5);
  split->setStretchFactor(1, 2);
  split->setStretchFactor(2, 1);

  auto* layout = new QVBoxLayout(this);
  layout->addLayout(bar);
  layout->addWidget(status_);
  layout->addWidget(losses_);
  layout->addWidget(split, 1);

  connect(overlay_, &QCheckBox::toggled, this, [this] {
    overlay_for_.clear();
    update_overlay();
  });
  connect(run_, &QPushButton::clicked, this, &RunPage::start_run);
  connect(stop_, &QPushButton::clicked, this, [this] {
    controller_->stop();
    status_->setText(tr("Stopping… (the chapter in progress is abandoned; the last checkpoint is kept)"));
  });
  connect(resume_, &QPushButton::clicked, this, [this] {
    QString error;
    if (!controller_->resume(store_->dir(), &error)) {
      status_->setText(error);
      return;
    }
    run_->setEnabled(false);
    stop_->setEnabled(true);
    resume_->setEnabled(false);
    status_->setText(tr("Resuming %1…").arg(store_->dir()));
  });
  connect(controller_, &RunController::log, this, [this](const QString& text) {
    log_->moveCursor(QTextCursor::End);
    log_->insertPlainText(text);
  });
  connect(controller_, &RunController::started, this, [this](const QString& dir) {
    status_->setText(tr("Running: %1").arg(dir));
    timeline_->show_all();
    update_overlay();
  });
  connect(controller_, &RunController::finished, this, [this](int code, const QString& message) {
    run_->setEnabled(true);
    stop_->setEnabled(false);
    resume_->setEnabled(code == 130 || (code != 0 && store_->is_open()));
    if (code == 0) {
      status_->setText(tr("✔ Finished: %1, test accuracy %2 %").arg(store_->dir()).arg(100 * store_->final_accuracy(), 0, 'f', 2));
      status_->setStyleSheet(QStringLiteral("color: #2a7a2a;"));
    } else if (code == 130) {
      status_->setText(tr("Stopped after chapter %1. Resume continues from there.").arg(store_->chapters_done()));
      status_->setStyleSheet({});
    } else {
      status_->setText(tr("✘ The run failed: %1").arg(message));
      status_->setStyleSheet(QStringLiteral("color: #c0392b; font-weight: bold;"));
    }
    dirty_ = true;
    redraw();
    emit run_finished(store_->dir());
  });
  connect(store_, &RunStore::changed, this, [this] { dirty_ = true; });
  // At most 10 redraws a second, none while nothing changed, and never more than a quarter of the
  // time busy redrawing: with huge series a frame can cost tens of ms, and input must stay live.
  connect(&redraw_timer_, &QTimer::timeout, this, [this] {
    if (!dirty_ || (since_redraw_.isValid() && since_redraw_.elapsed() < 3 * last_redraw_ms_)) return;
    redraw();
    since_redraw_.start();
  });
  redraw_timer_.start(100);
}

void RunPage::start_run() {
  if (has_errors(doc_->problems())) {
    status_->setText(tr("The experiment has problems; fix them in the Designer first."));
    status_->setStyleSheet(QStringLiteral("color: #c0392b;"));
    return;
  }
  QString error;
  log_->clear();
  status_->setStyleSheet({});
  if (!controller_->start(doc_->document(), runs_root_, &error)) {
    status_->setText(error);
    return;
  }
  run_->setEnabled(false);
  stop_->setEnabled(true);
  resume_->setEnabled(false);
  status_->setText(tr("Starting…"));
}

void RunPage::show_opened() {
  const QString st = store_->status();
  QString text = tr("Opened %1 (%2)").arg(store_->dir(), RunStore::status_text(st));
  if (store_->final_accuracy() >= 0) text += tr(", test accuracy %1 %").arg(100 * store_->final_accuracy(), 0, 'f', 2);
  if (store_->summary().contains("error"))
    text += QStringLiteral(": ") + QString::fromStdString(store_->summary().value("error", std::string()));
  status_->setText(text);
  status_->setStyleSheet(st == QLatin1String("failed") ? QStringLiteral("color: #c0392b;") : QString());
  resume_->setEnabled(st == QLatin1String("stopped") || st == QLatin1String("failed") || st == QLatin1String("interrupted"));
  timeline_->show_all();
  update_overlay();
  redraw();
}

void RunPage::set_calibration(const std::optional<Calibration>& c) {
  calibration_ = c;
  overlay_->setEnabled(c.has_value());
  overlay_note_->setVisible(!c.has_value());
  overlay_for_.clear();
  update_overlay();
}

void RunPage::update_overlay() {
  if (!overlay_->isChecked() || !calibration_ || !store_->is_open()) {
    if (!timeline_->predicted().empty()) timeline_->set_predicted({});
    return;
  }
  if (overlay_for_ == store_->dir()) return;  // a run's prediction does not change while it runs
  overlay_for_ = store_->dir();
  PlanRequest request = request_for_run(store_->experiment());
  request.record_timeline = true;
  const PlanRow row = predict(store_->experiment(), *calibration_, request);
  if (!row.skipped.empty()) {
    overlay_->setToolTip(tr("No prediction: %1").arg(QString::fromStdString(row.skipped)));
    timeline_->set_predicted({});
    return;
  }
  overlay_->setToolTip(tr("Predicted training time %1 s").arg(row.seconds, 0, 'f', 1));
  overlay_->setText(tr("Show the prediction (%1 s)").arg(row.seconds, 0, 'f', 1));
  timeline_->set_predicted(row.timeline);
}

void RunPage::redraw() {
  update_overlay();  // once per run directory
  QElapsedTimer t;
  t.start();
  dirty_ = false;
  for (ChartPanel* c : charts_) c->refresh();
  timeline_->refresh();
  update_progress();
  show_confusion();
  last_redraw_ms_ = t.nsecsElapsed() / 1e6;
}

void RunPage::update_progress() {
  if (!store_->is_open()) return;
  const int chapters = store_->experiment().chapters, done = store_->chapters_done();
  progress_->setRange(0, chapters);
  progress_->setValue(done);
  const double elapsed = store_->last_time();
  if (done > 0 && done < chapters)
    eta_->setText(tr("ETA %1 s").arg(elapsed / done * (chapters - done), 0, 'f', 0));
  else
    eta_->clear();
  QStringList idle;
  double busy = 0;
  for (int n = 0; n < store_->nodes(); ++n) {
    const double f = store_->idle_fraction_total(n);
    idle << (store_->lost(n) ? tr("node %1 lost").arg(n) : tr("node %1 idle %2 %").arg(n).arg(100 * f, 0, 'f', 1));
    busy += 1 - f;
  }
  // An elastic ring's losses, as they happen: "node 2 lost at 3:12, continuing on 3 nodes".
  QStringList losses;
  int remaining = store_->nodes();
  for (const RunStore::NodeLoss& l : store_->node_losses()) {
    --remaining;
    const int at = static_cast<int>(l.at_s);
    const QString when = QStringLiteral("%1:%2").arg(at / 60).arg(at % 60, 2, 10, QLatin1Char('0'));
    QString line = remaining == 1 ? tr("Node %1 lost at %2, continuing on 1 node").arg(l.node).arg(when)
                                  : tr("Node %1 lost at %2, continuing on %3 nodes").arg(l.node).arg(when).arg(remaining);
    const int from = l.continued_after_chapter + 1, redone = static_cast<int>(l.redone.size());
    if (l.continued_after_chapter >= 0)
      line += redone == 0   ? tr(" from chapter %1, nothing redone").arg(from)
              : redone == 1 ? tr(" from chapter %1, 1 finished chapter redone").arg(from)
                            : tr(" from chapter %1, %2 finished chapters redone").arg(from).arg(redone);
    losses << QStringLiteral("⚠ ") + line;
  }
  losses_->setText(losses.join(QLatin1Char('\n')));
  losses_->setVisible(!losses.isEmpty());
  utilisation_->setText(tr("Pipeline utilisation %1 % · %2 · theoretical bubble %3 %")
                            .arg(100 * busy / store_->nodes(), 0, 'f', 1)
                            .arg(idle.join(QStringLiteral(", ")))
                            .arg(100 * store_->theoretical_bubble(), 0, 'f', 1));
}

void RunPage::reflow(int width) {
  int cell = 0;
  for (QWidget* w : cells_) cell = std::max(cell, w->minimumSizeHint().width());
  const int spacing = std::max(0, grid_->horizontalSpacing());
  const int columns = std::clamp((width + spacing) / std::max(1, cell + spacing), 1, 3);
  if (columns == columns_) return;
  columns_ = columns;
  for (QWidget* w : cells_) grid_->removeWidget(w);
  for (int c = 0; c < 3; ++c) grid_->setColumnStretch(c, c < columns ? 1 : 0);
  for (std::size_t i = 0; i < cells_.size(); ++i)
    grid_->addWidget(cells_[i], static_cast<int>(i) / columns, static_cast<int>(i) % columns);
}

// In the main window the page lives in a scroll area: its viewport's width, not the page's own
// (never below the page's minimum), says how many columns fit.
bool RunPage::event(QEvent* e) {
  if (e->type() == QEvent::ParentChange && parentWidget()) parentWidget()->installEventFilter(this);
  return QWidget::event(e);
}

bool RunPage::eventFilter(QObject* watched, QEvent* e) {
  if (watched == parentWidget() && e->type() == QEvent::Resize) reflow(parentWidget()->width());
  return QWidget::eventFilter(watched, e);
}

namespace {
// The datasets' own class names (core class_names), for lupdate: shown in the user's language.
[[maybe_unused]] constexpr const char* kClassNames[] = {
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "T-shirt/top"), QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Trouser"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Pullover"),    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Dress"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Coat"),        QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Sandal"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Shirt"),       QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Sneaker"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Bag"),         QT_TRANSLATE_NOOP("ffw::app::ClassNames", "Ankle boot"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "airplane"),    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "automobile"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "bird"),        QT_TRANSLATE_NOOP("ffw::app::ClassNames", "cat"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "deer"),        QT_TRANSLATE_NOOP("ffw::app::ClassNames", "dog"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "frog"),        QT_TRANSLATE_NOOP("ffw::app::ClassNames", "horse"),
    QT_TRANSLATE_NOOP("ffw::app::ClassNames", "ship"),        QT_TRANSLATE_NOOP("ffw::app::ClassNames", "truck")};
}  // namespace

void RunPage::show_confusion() {
  const RunStore::Confusion m = store_->confusion();
  // Redrawn ten times a second: the table is rebuilt only when the matrix or the room changed.
  const int width = confusion_->viewport()->width();
  if (m.counts == shown_confusion_.counts && m.chapter == shown_confusion_.chapter && width == shown_width_ &&
      store_->dir() == shown_dir_)
    return;
  shown_confusion_ = m;
  shown_width_ = width;
  shown_dir_ = store_->dir();
  const int n = static_cast<int>(m.counts.size());
  if (n == 0) {
    confusion_->setRowCount(0);
    confusion_->setColumnCount(0);
    confusion_note_->setText(tr("Appears at the first evaluation: rows are the true classes, columns the predicted ones"));
    return;
  }
  const std::vector<std::string> names = store_->class_names();
  auto name = [&](int c) {
    // A user's own names (data.class_names) have no translation and stay as given.
    return c < static_cast<int>(names.size())
               ? QCoreApplication::translate("ffw::app::ClassNames", names[static_cast<std::size_t>(c)].c_str())
               : QString::number(c);
  };
  confusion_note_->setText(m.chapter > 0 ? tr("Test set after chapter %1 of %2 (updates at each evaluation); colour: share of the row")
                                               .arg(m.chapter)
                                               .arg(store_->experiment().chapters)
                                         : tr("Test set, the trained network; colour: share of the row (the true class)"));
  confusion_->setRowCount(n);
  confusion_->setColumnCount(n);
  QStringList rows, columns;
  for (int c = 0; c < n; ++c) {
    rows << name(c);
    // Narrow columns: the name cut to fit, given whole on hover.
    const int room = width / std::max(n, 1) - 8;
    columns << (room > 0 ? confusion_->horizontalHeader()->fontMetrics().elidedText(name(c), Qt::ElideRight, room) : name(c));
  }
  confusion_->setVerticalHeaderLabels(rows);
  confusion_->setHorizontalHeaderLabels(columns);
  for (int c = 0; c < n; ++c) {
    confusion_->horizontalHeaderItem(c)->setToolTip(tr("Predicted: %1").arg(name(c)));
    confusion_->verticalHeaderItem(c)->setToolTip(tr("True class: %1").arg(name(c)));
  }
  for (int r = 0; r < n; ++r) {
    std::int64_t total = 0;
    for (std::int64_t v : m.counts[static_cast<std::size_t>(r)]) total += v;
    for (int c = 0; c < n; ++c) {
      const std::int64_t v = m.counts[static_cast<std::size_t>(r)][static_cast<std::size_t>(c)];
      const double share = total > 0 ? static_cast<double>(v) / static_cast<double>(total) : 0.0;
      auto* item = confusion_->item(r, c);
      if (!item) {
        item = new QTableWidgetItem;
        item->setTextAlignment(Qt::AlignCenter);
        confusion_->setItem(r, c, item);
      }
      item->setText(QString::number(v));
      // Normalised per row, so a rare class's confusions show as plainly as a common one's.
      const int shade = 255 - static_cast<int>(190.0 * share);
      item->setBackground(r == c ? QColor(shade, 255, shade) : QColor(255, shade, shade));
      item->setToolTip(tr("True: %1, predicted: %2\n%3 of %4 (%5 % of the row)")
                           .arg(name(r), name(c))
                           .arg(v)
                           .arg(total)
                           .arg(100.0 * share, 0, 'f', 1));
    }
  }
  confusion_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  confusion_->verticalHeader()->setSectionResizeMode(QHeaderView::Stretch);
}

}  // namespace app
}  // namespace ffw
