#pragma once
// The experiment being designed, as the JSON document `ffw run` reads (docs/experiment.md). Every
// edit goes through set(), which records it on the undo stack; pages show the document and write
// to it, so what the designer shows is exactly what will run.
#include <QObject>
#include <QString>
#include <QUndoStack>
#include <nlohmann/json.hpp>
#include <vector>

namespace ffw::app {

struct Problem {
  QString path;     // JSON pointer, e.g. /training/chapters
  QString message;  // what is wrong there
  bool warning = false;  // valid, but worth knowing (core's Severity::Warning)
};
bool has_errors(const std::vector<Problem>& problems);

class ExperimentDocument : public QObject {
  Q_OBJECT
public:
  explicit ExperimentDocument(QObject* parent = nullptr);

  const nlohmann::json& document() const { return doc_; }
  // A value at a JSON pointer ("/training/epochs"), or `fallback`.
  nlohmann::json value(const std::string& pointer, const nlohmann::json& fallback = nullptr) const;
  // Sets a value (undoable); null removes the key.
  void set(const std::string& pointer, const nlohmann::json& value, const QString& what = {});
  // Replaces the whole document (undoable unless `record` is false: opening a file).
  void replace(const nlohmann::json& doc, const QString& what, bool record = true);

  bool load(const QString& file, QString* error);
  bool save(const QString& file, QString* error);
  QString file() const { return file_; }
  bool modified() const { return !undo_.isClean(); }

  // Every problem parse_experiment finds, each with its JSON path.
  std::vector<Problem> problems() const;
  QUndoStack* undo_stack() { return &undo_; }

signals:
  void changed();

private:
  friend class DocumentEdit;
  void apply(const nlohmann::json& doc);
  nlohmann::json doc_;
  QString file_;
  QUndoStack undo_;
};

}  // namespace ffw::app
