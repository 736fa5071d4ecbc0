#include "app/models/layer_table_model.h"

#include <QLocale>

namespace ffw {
namespace app {

LayerTableModel::LayerTableModel(QObject* parent) : QAbstractTableModel(parent) {
  connect(this, &QAbstractItemModel::dataChanged, this, &LayerTableModel::layers_changed);
  connect(this, &QAbstractItemModel::rowsInserted, this, &LayerTableModel::layers_changed);
  connect(this, &QAbstractItemModel::rowsRemoved, this, &LayerTableModel::layers_changed);
  connect(this, &QAbstractItemModel::rowsMoved, this, &LayerTableModel::layers_changed);
  connect(this, &QAbstractItemModel::modelReset, this, &LayerTableModel::layers_changed);
}

void LayerTableModel::set_layers(std::vector<LayerSpec> layers, int input_dim) {
  beginResetModel();
  layers_ = std::move(layers);
  input_dim_ = input_dim;
  endResetModel();
}

void LayerTableModel::set_input_dim(int input_dim) {
  input_dim_ = input_dim;
  refresh_parameters();
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(layers_.size());
}
int LayerTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

void LayerTableModel::refresh_parameters() {
  if (!layers_.empty()) emit dataChanged(index(0, Parameters), index(rowCount() - 1, Parameters));
}

long long LayerTableModel::parameters(int row) const {
  const long long fan_in = row == 0 ? input_dim_ : layers_[static_cast<std::size_t>(row - 1)].width;
  const long long fan_out = layers_[static_cast<std::size_t>(row)].width;
  return fan_in * fan_out + fan_out;
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
  const LayerSpec& l = layers_[static_cast<std::size_t>(index.row())];
  if (role == Qt::DisplayRole || role == Qt::EditRole) {
    switch (index.column()) {
      case Width: return l.width;
      case Threshold: return l.threshold ? QVariant(*l.threshold) : (role == Qt::DisplayRole ? QVariant(tr("default")) : QVariant());
      case LearningRate:
        return l.learning_rate ? QVariant(*l.learning_rate) : (role == Qt::DisplayRole ? QVariant(tr("default")) : QVariant());
      case Parameters: return QLocale().toString(parameters(index.row()));
    }
  }
  if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
  if (role == Qt::ToolTipRole && index.column() == Threshold) return tr("θ: goodness above it means positive (default: the width)");
  return {};
}

bool LayerTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
  if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid)) return false;
  LayerSpec& l = layers_[static_cast<std::size_t>(index.row())];
  bool ok = true;
  const QString text = value.toString().trimmed();
  switch (index.column()) {
    case Width: {
      const int w = value.toInt(&ok);
      if (!ok || w < 1 || w > 1000000) return false;
      l.width = w;
      break;
    }
    case Threshold:
    case LearningRate: {
      std::optional<double>& field = index.column() == Threshold ? l.threshold : l.learning_rate;
      if (text.isEmpty()) {
        field.reset();
      } else {
        const double v = value.toDouble(&ok);
        if (!ok || v <= 0) return false;
        field = v;
      }
      break;
    }
    default: return false;
  }
  emit dataChanged(index, index.siblingAtColumn(Parameters));
  if (index.column() == Width && index.row() + 1 < rowCount())
    emit dataChanged(this->index(index.row() + 1, Parameters), this->index(index.row() + 1, Parameters));
  return true;
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (role != Qt::DisplayRole) return {};
  if (orientation == Qt::Vertical) return tr("Layer %1").arg(section + 1);
  switch (section) {
    case Width: return tr("Width");
    case Threshold: return tr("Threshold θ");
    case LearningRate: return tr("Learning rate");
    case Parameters: return tr("Parameters");
  }
  return {};
}

Qt::ItemFlags LayerTableModel::flags(const QModelIndex& index) const {
  if (!index.isValid()) return Qt::NoItemFlags;
  Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
  if (index.column() != Parameters) f |= Qt::ItemIsEditable;
  return f;
}

bool LayerTableModel::insertRows(int row, int count, const QModelIndex& parent) {
  if (parent.isValid() || row < 0 || row > rowCount() || count < 1) return false;
  beginInsertRows({}, row, row + count - 1);
  const int width = layers_.empty() ? 500 : layers_[static_cast<std::size_t>(std::max(0, row - 1))].width;
  layers_.insert(layers_.begin() + row, static_cast<std::size_t>(count), LayerSpec{width, {}, {}});
  endInsertRows();
  refresh_parameters();
  return true;
}

bool LayerTableModel::removeRows(int row, int count, const QModelIndex& parent) {
  if (parent.isValid() || row < 0 || count < 1 || row + count > rowCount()) return false;
  beginRemoveRows({}, row, row + count - 1);
  layers_.erase(layers_.begin() + row, layers_.begin() + row + count);
  endRemoveRows();
  refresh_parameters();
  return true;
}

bool LayerTableModel::moveRows(const QModelIndex& source_parent, int source_row, int count,
                               const QModelIndex& destination_parent, int destination_child) {
  if (source_parent.isValid() || destination_parent.isValid() || count != 1 || source_row < 0 ||
      source_row >= rowCount() || destination_child < 0 || destination_child > rowCount() ||
      destination_child == source_row || destination_child == source_row + 1)
    return false;
  if (!beginMoveRows({}, source_row, source_row, {}, destination_child)) return false;
  const LayerSpec moved = layers_[static_cast<std::size_t>(source_row)];
  layers_.erase(layers_.begin() + source_row);
  const int to = destination_child > source_row ? destination_child - 1 : destination_child;
  layers_.insert(layers_.begin() + to, moved);
  endMoveRows();
  refresh_parameters();
  return true;
}

}  // namespace app
}  // namespace ffw
