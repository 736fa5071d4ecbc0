#pragma once
// Documented exit codes of `ffw` (docs/cli.md).
#include "core/error.h"

namespace ffw::cli {

enum ExitCode : int {
  kOk = 0,
  kTrainingFailed = 1,     // training diverged
  kUsage = 2,              // bad command line
  kInvalidExperiment = 3,  // the experiment document has problems
  kDataError = 4,          // a dataset is missing, truncated or malformed
  kIoError = 5,            // a file or directory could not be read or written
  kModelError = 6,         // a model or checkpoint file is corrupt or does not fit
  kNodeFailed = 7,         // a node of a distributed run died, hung or failed
  kEnvironment = 8,        // this machine cannot do what was asked (the network lab without user namespaces or root)
  kStopped = 130,          // stopped by the user (SIGINT/SIGTERM); resumable
};

inline int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return kUsage;
    case ErrorKind::Experiment: return kInvalidExperiment;
    case ErrorKind::Data: return kDataError;
    case ErrorKind::Io: return kIoError;
    case ErrorKind::Model: return kModelError;
    case ErrorKind::Training: return kTrainingFailed;
    case ErrorKind::Stopped: return kStopped;
    case ErrorKind::Environment: return kEnvironment;
  }
  return kTrainingFailed;
}

}  // namespace ffw::cli
