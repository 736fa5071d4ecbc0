#include "app/workbench/compare_page.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextStream>
#include <QValueAxis>
#include <QVBoxLayout>

#include "app/models/run_list_model.h"
#include "app/models/run_store.h"
#include "app/models/series_math.h"
#include "app/views/run_chart.h"

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
  QStringList names;
  for (int i = 0; i < list_->count(); ++i) {
    if (list_->item(i)->checkState() != Qt::Checked) continue;
    auto store = std::make_unique<RunStore>();
    if (!store->open(list_->item(i)->data(Qt::UserRole).toString())) continue;
    per_run.push_back(compute_kpi(*store, cost_));
    keys.push_back(seed_group_key(store->experiment()));
    names << list_->item(i)->text();
    stores_.push_back(std::move(store));
  }
  // Runs that differ only in their seed are one row: the median, with the seeds' spread.
  const std::vector<RunKpi> kpis = group_seeds(per_run, keys);
  QStringList rows;
  for (const RunKpi& k : kpis) rows << k.name;
  {
    const QSignalBlocker block(baseline_);
    const int keep = baseline_->currentIndex();
    baseline_->clear();
    baseline_->addItems(rows);
    baseline_->setCurrentIndex(keep >= 0 && keep < rows.size() ? keep : 0);
  }
  kpi_->set_runs(kpis, std::max(0, baseline_->currentIndex()), cost_.target_accuracy);
  QChart* chart = chart_view_->chart();
  chart->removeAllSeries();
  for (QAbstractAxis* a : chart->axes()) {
    chart->removeAxis(a);
    delete a;
  }
  auto* x = new QValueAxis;
  x->setTitleText(tr("Wall time (s)"));
  x->setLabelFormat(QStringLiteral("%.4g"));
  auto* y = new QValueAxis;
  y->setTitleText(tr("Test accuracy (%)"));
  chart->addAxis(x, Qt::AlignBottom);
  chart->addAxis(y, Qt::AlignLeft);
  double x_max = 1e-3, y_min = 100, y_max = 0;
  for (std::size_t i = 0; i < stores_.size(); ++i) {
    auto* s = new QLineSeries;
    s->setName(names[static_cast<int>(i)]);
    QVector<QPointF> pts = decimate_min_max(stores_[i]->series({QStringLiteral("test_accuracy"), -1, -1}), 0, 1e12, 1000);
    for (auto& p : pts) {
      p.setY(100 * p.y());
      x_max = std::max(x_max, p.x());
      y_min = std::min(y_min, p.y());
      y_max = std::max(y_max, p.y());
    }
    s->replace(pts);
    QPen pen(layer_color(static_cast<int>(i)));
    pen.setWidthF(2);
    s->setPen(pen);
    chart->addSeries(s);
    s->attachAxis(x);
    s->attachAxis(y);
  }
  // Nothing to draw yet: plain 0-1 s and 0-100 % axes and a line saying what will appear, not
  // thousandths of a second.
  const bool empty = y_min > y_max;
  chart->setTitle(empty ? tr("Tick runs in the list on the left: their test accuracy over time appears here") : QString());
  x->setRange(0, empty ? 1.0 : x_max);
  x->applyNiceNumbers();
  y->setRange(empty ? 0 : std::max(0.0, y_min - 2), empty ? 100 : std::min(100.0, y_max + 2));
}

}  // namespace app
}  // namespace ffw
