// `zooscope lab list|run|check`: the labs headless (docs/labs.md).
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "core/result.hpp"
#include "lab/lab.hpp"
#include "lab/lab_run.hpp"

namespace zs::cli {

// A lab named by file path, or by the id of a shipped lab (labs/*.toml).
Result<std::filesystem::path> find_lab(const std::string& file_or_id);

// Plays every step of `lab` and prints it: each step's narration, question and answer, and one
// line per checkpoint ("ok   ..." or "FAILED: expected ..., got ..."), then a summary.
// Returns the number of checkpoints that failed (a step whose condition never came counts one).
int print_lab_run(const lab::Lab& lab, lab::Lang lang, std::ostream& out);

int run_lab(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace zs::cli
