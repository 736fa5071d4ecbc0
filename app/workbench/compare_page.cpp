#include "app/workbench/compare_page.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextStream>
#include <QVBoxLayout>
#include <algorithm>

#include "app/models/run_list_model.h"
#include "app/models/run_store.h"
#include "app/views/seed_chart.h"

namespace ffw {
namespace app {

ComparePage::ComparePage(RunListModel* runs, QWidget* parent) : QWidget(parent), runs_(runs), kpi_(new KpiTableModel(this)) {
  list_ = new QListWidget;
  list_->setToolTip(tr("Tick the runs to compare"));
  baseline_ = new QComboBox;
  table_ = new QTableView;
  table_->setModel(kpi_);
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  chart_view_ = new QChartView(new QChart);
  chart_view_->setRenderHint(QPainter::Antialiasing);
  chart_view_->setRubberBand(QChartView::RectangleRubberBand);
  chart_view_->chart()->setTitle(tr("Test accuracy against wall time"));
  chart_view_->chart()->legend()->setAlignment(Qt::AlignRight);  // one entry per line: long labels stay whole
  auto* csv = new QPushButton(tr("Export table as CSV…"));
  auto* left = new QWidget;
  auto* ll = new QVBoxLayout(left);
  ll->addWidget(new QLabel(tr("Runs")));
  ll->addWidget(list_, 1);
  ll->addWidget(new QLabel(tr("Baseline (speed-up 1×)")));
  ll->addWidget(baseline_);
  ll->addWidget(csv);
  chart_view_->setMinimumHeight(320);
  auto* right = new QSplitter(Qt::Vertical);
  right->addWidget(chart_view_);
  right->addWidget(table_);
  right->setStretchFactor(0, 3);
  right->setStretchFactor(1, 2);
  auto* split = new QSplitter;
  split->addWidget(left);
  split->addWidget(right);
  split->setStretchFactor(1, 4);
  auto* layout = new QVBoxLayout(this);
  layout->addWidget(split);
  connect(list_, &QListWidget::itemChanged, this, &ComparePage::recompute);
  connect(baseline_, &QComboBox::currentIndexChanged, this, [this] {
    if (!stores_.empty()) kpi_->set_runs(kpi_->runs(), std::max(0, baseline_->currentIndex()), cost_.target_accuracy);
  });
  connect(runs_, &QAbstractItemModel::modelReset, this, &ComparePage::reload_runs);
  connect(csv, &QPushButton::clicked, this, [this] {
    const QString file = QFileDialog::getSaveFileName(this, tr("KPI table"), QStringLiteral("compare.csv"), tr("CSV (*.csv)"));
    QFile f(file);
    if (file.isEmpty() || !f.open(QIODevice::WriteOnly)) return;
    QTextStream out(&f);
    for (int c = 0; c < kpi_->columnCount(); ++c) out << (c ? "," : "") << kpi_->headerData(c, Qt::Horizontal).toString();
    out << '\n';
    for (int r = 0; r < kpi_->rowCount(); ++r) {
      for (int c = 0; c < kpi_->columnCount(); ++c) out << (c ? "," : "") << kpi_->text(r, c).replace(',', ' ');
      out << '\n';
    }
  });
  reload_runs();
}

ComparePage::~ComparePage() = default;

void ComparePage::set_cost(const CostSettings& cost) {
  cost_ = cost;
  recompute();
}

void ComparePage::reload_runs() {
  QStringList checked;
  for (int i = 0; i < list_->count(); ++i)
    if (list_->item(i)->checkState() == Qt::Checked) checked << list_->item(i)->data(Qt::UserRole).toString();
  const QSignalBlocker block(list_);
  list_->clear();
  for (int r = 0; r < runs_->rowCount(); ++r) {
    const RunEntry& e = runs_->entry(r);
    // The directory name says which run of an experiment it is (name-date-time).
    auto* item = new QListWidgetItem(QStringLiteral("%1 · %2 · N=%3 · %4").arg(QFileInfo(e.dir).fileName(), e.variant).arg(e.nodes).arg(e.status));
    item->setData(Qt::UserRole, e.dir);
    item->setToolTip(e.dir);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
    item->setCheckState(checked.contains(e.dir) ? Qt::Checked : Qt::Unchecked);
    list_->addItem(item);
  }
  recompute();
}

void ComparePage::select(const QStringList& dirs) {
  const QSignalBlocker block(list_);
  for (int i = 0; i < list_->count(); ++i)
    list_->item(i)->setCheckState(dirs.contains(list_->item(i)->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
  recompute();
}

void ComparePage::recompute() {
  stores_.clear();
  std::vector<RunKpi> per_run;
  std::vector<std::string> keys;
  for (int i = 0; i < list_->count(); ++i) {
    if (list_->item(i)->checkState() != Qt::Checked) continue;
    auto store = std::make_unique<RunStore>();
    if (!store->open(list_->item(i)->data(Qt::UserRole).toString())) continue;
    per_run.push_back(compute_kpi(*store, cost_));
    keys.push_back(seed_group_key(store->experiment()));
    stores_.push_back(std::move(store));
  }
  // Runs that differ only in their seed are one row: the median, with the seeds' spread.
  const std::vector<RunKpi> kpis = group_seeds(per_run, keys);
  QStringList rows;
  for (const RunKpi& k : kpis) rows << k.name;
  {
    // The baseline a person picked stays while it is among the rows; else Sequential FF on one
    // node where there is one (a sweep against the baseline), else the first row.
    const QSignalBlocker block(baseline_);
    const QString kept = baseline_->currentText();
    baseline_->clear();
    baseline_->addItems(rows);
    int pick = rows.indexOf(kept);
    for (std::size_t i = 0; pick < 0 && i < kpis.size(); ++i)
      if (kpis[i].nodes == 1 && kpis[i].variant == variant_title(Variant::Sequential)) pick = static_cast<int>(i);
    baseline_->setCurrentIndex(std::max(0, pick));
  }
  kpi_->set_runs(kpis, std::max(0, baseline_->currentIndex()), cost_.target_accuracy);
  std::vector<const RunStore*> runs;
  for (const auto& store : stores_) runs.push_back(store.get());
  draw_seed_groups(chart_view_->chart(), runs, keys, tr("Tick runs in the list on the left: their test accuracy over time appears here"));
}

}  // namespace app
}  // namespace ffw
