#pragma once
// The designer's layer table: one row per FF layer (width, threshold θ, learning rate), editable,
// with rows added, removed and moved. Empty threshold or learning rate cells mean "the default".
#include <QAbstractTableModel>
#include <vector>

#include "core/experiment.h"

namespace ffw::app {

class LayerTableModel : public QAbstractTableModel {
  Q_OBJECT
public:
  enum Column { Width, Threshold, LearningRate, Parameters, ColumnCount };
  explicit LayerTableModel(QObject* parent = nullptr);

  void set_layers(std::vector<LayerSpec> layers, int input_dim);
  const std::vector<LayerSpec>& layers() const { return layers_; }
  void set_input_dim(int input_dim);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
  Qt::ItemFlags flags(const QModelIndex& index) const override;
  bool insertRows(int row, int count, const QModelIndex& parent = {}) override;
  bool removeRows(int row, int count, const QModelIndex& parent = {}) override;
  bool moveRows(const QModelIndex& source_parent, int source_row, int count, const QModelIndex& destination_parent,
                int destination_child) override;

  // Weights and biases of layer `row` (its fan-in is the previous width, or the input).
  long long parameters(int row) const;

signals:
  void layers_changed();

private:
  void refresh_parameters();  // a width change moves the next layer's fan-in
  std::vector<LayerSpec> layers_;
  int input_dim_ = 784;
};

}  // namespace ffw::app
