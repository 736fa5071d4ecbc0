#include "app/workbench/compare_page.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QAreaSeries>
#include <QLegendMarker>
#include <QLineSeries>
#include <QListWidget>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextStream>
#include <QValueAxis>
#include <QVBoxLayout>
#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

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

namespace {

// A setting's value as a legend says it: "4", "sequential", "[20,20]".
QString setting_value(const nlohmann::json& v) { return QString::fromStdString(v.is_string() ? v.get<std::string>() : v.dump()); }

}  // namespace

QStringList ComparePage::group_labels(const std::vector<std::string>& keys) const {
  // What tells the rows apart: the settings (leaf paths) whose values differ between them, named
  // by their last word ("chapters 4 · variant sequential"), at most four; the variant and nodes
  // where nothing else differs (a single row).
  std::vector<nlohmann::json> flat;
  for (const std::string& k : keys) flat.push_back(nlohmann::json::parse(k, nullptr, false).flatten());
  std::vector<std::string> differing;
  if (flat.size() > 1)
    for (const auto& [path, value] : flat.front().items()) {
      bool differs = false;
      for (const auto& f : flat) differs = differs || !f.contains(path) || f[path] != value;
      if (differs) differing.push_back(path);
    }
  for (const auto& f : flat)
    for (const auto& [path, value] : f.items())
      if (!flat.front().contains(path) && std::find(differing.begin(), differing.end(), path) == differing.end()) differing.push_back(path);
  // The variant and the node count first; a launcher or per-node slowdowns only where they are
  // all that differs besides those (they follow the node count).
  auto rank = [](const std::string& p) { return p == "/algorithm/variant" ? 0 : p == "/cluster/nodes" ? 1 : 2; };
  std::stable_sort(differing.begin(), differing.end(), [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  const bool by_nodes = !differing.empty() && rank(differing.front()) < 2;
  std::erase_if(differing, [&](const std::string& p) {
    return by_nodes && (p == "/cluster/launcher" || p.rfind("/cluster/slowdown", 0) == 0 || p.rfind("/cluster/hosts", 0) == 0);
  });
  QStringList out;
  for (std::size_t g = 0; g < keys.size(); ++g) {
    QStringList parts;
    for (const std::string& path : differing) {
      if (parts.size() == 4 || !flat[g].contains(path)) continue;
      const QString leaf = QString::fromStdString(path).section(QLatin1Char('/'), -1);
      parts << (path == "/algorithm/variant" ? variant_label(setting_value(flat[g][path]), false)
                : path == "/cluster/nodes"     ? QStringLiteral("N=%1").arg(setting_value(flat[g][path]))
                                               : QStringLiteral("%1 %2").arg(leaf, setting_value(flat[g][path])));
    }
    if (parts.isEmpty()) {
      const auto& f = flat[g];
      parts << variant_label(setting_value(f.value("/algorithm/variant", nlohmann::json("sequential"))), false)
            << QStringLiteral("N=%1").arg(setting_value(f.value("/cluster/nodes", nlohmann::json(1))));
    }
    out << parts.join(QStringLiteral(" · "));
  }
  return out;
}

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
  auto add = [&](QXYSeries* s) {
    for (const QPointF& p : s->points()) {
      x_max = std::max(x_max, p.x());
      y_min = std::min(y_min, p.y());
      y_max = std::max(y_max, p.y());
    }
  };
  auto percent = [](QVector<QPointF> pts) {
    for (auto& p : pts) p.setY(100 * p.y());
    return pts;
  };
  bool banded = false;
  // One curve per row of the table: a run, or the median of runs that differ only in their seed
  // with their spread (least to greatest at each evaluation) as a band behind it.
  std::vector<std::string> order;
  std::map<std::string, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < stores_.size(); ++i) {
    if (!groups.count(keys[i])) order.push_back(keys[i]);
    groups[keys[i]].push_back(i);
  }
  const QStringList labels = group_labels(order);
  for (std::size_t g = 0; g < order.size(); ++g) {
    const auto& members = groups[order[g]];
    const QColor colour = layer_color(static_cast<int>(g));
    auto* line = new QLineSeries;
    if (members.size() == 1) {
      line->setName(labels[static_cast<int>(g)]);
      line->replace(percent(decimate_min_max(stores_[members.front()]->series({QStringLiteral("test_accuracy"), -1, -1}), 0, 1e12, 1000)));
    } else {
      std::vector<QVector<QPointF>> curves;
      for (std::size_t i : members) curves.push_back(percent(stores_[i]->series({QStringLiteral("test_accuracy"), -1, -1})));
      const SeedBand band = seed_band(curves);
      auto* low = new QLineSeries(chart), *high = new QLineSeries(chart);
      low->replace(band.low);
      high->replace(band.high);
      auto* area = new QAreaSeries(high, low);
      area->setName(tr("%1: least to greatest of %2 seeds").arg(labels[static_cast<int>(g)]).arg(members.size()));
      QColor fill = colour;
      fill.setAlpha(60);
      area->setBrush(fill);
      area->setPen(Qt::NoPen);
      chart->addSeries(area);
      area->attachAxis(x);
      area->attachAxis(y);
      for (QLegendMarker* m : chart->legend()->markers(area)) m->setVisible(false);  // the title says what bands are
      banded = true;
      add(high);
      add(low);
      line->setName(tr("%1 (%2 seeds)").arg(labels[static_cast<int>(g)]).arg(members.size()));
      line->replace(band.median);
    }
    add(line);
    QPen pen(colour);
    pen.setWidthF(2);
    line->setPen(pen);
    chart->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
  }
  // Nothing to draw yet: plain 0-1 s and 0-100 % axes and a line saying what will appear, not
  // thousandths of a second.
  const bool empty = y_min > y_max;
  chart->setTitle(empty    ? tr("Tick runs in the list on the left: their test accuracy over time appears here")
                  : banded ? tr("Median over seeds; the shaded band runs from the least to the greatest seed")
                           : QString());
  x->setRange(0, empty ? 1.0 : x_max);
  x->applyNiceNumbers();
  y->setRange(empty ? 0 : std::max(0.0, y_min - 2), empty ? 100 : std::min(100.0, y_max + 2));
}

}  // namespace app
}  // namespace ffw
