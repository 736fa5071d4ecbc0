#include "app/models/run_list_model.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <algorithm>

#include "app/models/kpi.h"
#include "core/experiment.h"

namespace ffw {
namespace app {

namespace {
QJsonObject read_object(const QString& file) {
  QFile f(file);
  if (!f.open(QIODevice::ReadOnly)) return {};
  return QJsonDocument::fromJson(f.readAll()).object();
}
}  // namespace

RunListModel::RunListModel(QObject* parent) : QAbstractTableModel(parent) {}

RunEntry RunListModel::read_entry(const QString& dir) {
  RunEntry r;
  r.dir = dir;
  const QJsonObject experiment = read_object(QDir(dir).filePath("experiment.json"));
  const QJsonObject summary = read_object(QDir(dir).filePath("summary.json"));
  const QJsonObject notes = read_object(QDir(dir).filePath("notes.json"));
  r.name = experiment.value("name").toString(QFileInfo(dir).fileName());
  const QJsonObject algorithm = experiment.value("algorithm").toObject();
  r.variant = variant_label(algorithm.value("variant").toString(), algorithm.value("send_optimizer_state").toBool(false));
  r.nodes = experiment.value("cluster").toObject().value("nodes").toInt(1);
  try {
    r.network = network_label(load_experiment(QDir(dir).filePath("experiment.json").toStdString()));
  } catch (const std::exception&) {
    r.network.clear();  // an experiment this build cannot read: the row still lists the run
  }
  r.status = summary.value("status").toString(QStringLiteral("unknown"));
  r.accuracy = summary.value("test_accuracy").toDouble(-1);
  r.wall_seconds = summary.value("wall_seconds").toDouble(0);
  r.started = QFileInfo(QDir(dir).filePath("experiment.json")).lastModified().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
  for (const auto& t : notes.value("tags").toArray()) r.tags << t.toString();
  r.notes = notes.value("notes").toString();
  return r;
}

bool RunListModel::write_notes(const QString& dir, const QStringList& tags, const QString& notes) {
  QJsonObject o;
  o["tags"] = QJsonArray::fromStringList(tags);
  o["notes"] = notes;
  QFile f(QDir(dir).filePath("notes.json"));
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
  return f.write(QJsonDocument(o).toJson()) > 0;
}

void RunListModel::set_root(const QString& root) {
  root_ = root;
  rescan();
}

void RunListModel::rescan() {
  std::vector<RunEntry> found;
  const QDir d(root_);
  for (const QFileInfo& info : d.entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Time))
    if (QFileInfo::exists(QDir(info.filePath()).filePath("experiment.json"))) found.push_back(read_entry(info.filePath()));
  beginResetModel();
  runs_ = std::move(found);
  endResetModel();
}

int RunListModel::row_of(const QString& dir) const {
  for (std::size_t i = 0; i < runs_.size(); ++i)
    if (QFileInfo(runs_[i].dir) == QFileInfo(dir)) return static_cast<int>(i);
  return -1;
}

bool RunListModel::remove_run(int row, QString* error) {
  if (row < 0 || row >= rowCount()) return false;
  const RunEntry& r = runs_[static_cast<std::size_t>(row)];
  if (r.status == QLatin1String("running")) {
    if (error) *error = tr("%1 is still running; stop it first").arg(r.name);
    return false;
  }
  if (!QDir(r.dir).removeRecursively()) {
    if (error) *error = tr("%1 could not be deleted completely").arg(r.dir);
    return false;
  }
  beginRemoveRows({}, row, row);
  runs_.erase(runs_.begin() + row);
  endRemoveRows();
  return true;
}

int RunListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(runs_.size()); }
int RunListModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunListModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  const RunEntry& r = runs_[static_cast<std::size_t>(index.row())];
  if (role == DirRole) return r.dir;
  if (role == Qt::ToolTipRole) return r.dir;
  if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
  switch (index.column()) {
    case Name: return r.name;
    case Variant: return r.variant;
    case Nodes: return r.nodes;
    case Network: return r.network;
    case Status: return r.status;
    case Accuracy: return r.accuracy >= 0 ? QVariant(QStringLiteral("%1 %").arg(100 * r.accuracy, 0, 'f', 2)) : QVariant();
    case WallTime: return r.wall_seconds > 0 ? QVariant(QStringLiteral("%1 s").arg(r.wall_seconds, 0, 'f', 1)) : QVariant();
    case Tags: return r.tags.join(QStringLiteral(", "));
    case Notes: return r.notes;
  }
  return {};
}

bool RunListModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid)) return false;
  RunEntry& r = runs_[static_cast<std::size_t>(index.row())];
  if (index.column() == Tags) {
    QStringList tags;
    for (const QString& t : value.toString().split(',', Qt::SkipEmptyParts)) tags << t.trimmed();
    r.tags = tags;
  } else if (index.column() == Notes) {
    r.notes = value.toString();
  } else {
    return false;
  }
  if (!write_notes(r.dir, r.tags, r.notes)) return false;
  emit dataChanged(index, index);
  return true;
}

QVariant RunListModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole || orientation != Qt::Horizontal) return {};
  switch (section) {
    case Name: return tr("Name");
    case Variant: return tr("Variant");
    case Nodes: return tr("Nodes");
    case Network: return tr("Network");
    case Status: return tr("Status");
    case Accuracy: return tr("Test accuracy");
    case WallTime: return tr("Wall time");
    case Tags: return tr("Tags");
    case Notes: return tr("Notes");
  }
  return {};
}

Qt::ItemFlags RunListModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
  if (index.column() == Tags || index.column() == Notes) f |= Qt::ItemIsEditable;
  return f;
}

}  // namespace app
}  // namespace ffw
