// Every lab in labs/ loads, has its texts in both languages, and, played headless from the
// first step to the last, passes every checkpoint it declares: a lab that no longer teaches
// what the engine does fails here. A second play through gives the same pauses (labs are
// deterministic), and stepping back returns to exactly the earlier pause.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "lab/lab.hpp"
#include "lab/lab_run.hpp"

namespace zs::lab {
namespace {

std::vector<std::string> shipped_labs() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(ZS_SOURCE_DIR) / "labs"))
    if (e.path().extension() == ".toml") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  return files;
}

class ShippedLab : public ::testing::TestWithParam<std::string> {};

TEST_P(ShippedLab, PassesEveryCheckpointPlayedHeadless) {
  auto loaded = load_lab(GetParam());
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  const Lab& lab = loaded.value();
  LabRun run(lab);
  std::size_t checks = 0;
  for (std::size_t k = 1; k <= lab.steps.size(); ++k) {
    const StepOutcome& o = run.next();
    EXPECT_TRUE(o.reached) << lab.id << " step " << k << ": " << o.not_reached;
    for (const CheckResult& c : o.checks) {
      ++checks;
      EXPECT_TRUE(c.seen.ok) << lab.id << " step " << k << " (" << GetParam() << ":" << c.condition->line
                             << "): expected " << c.condition->text << ", got " << c.seen.actual;
    }
  }
  EXPECT_GE(checks, lab.steps.size()) << lab.id << ": a lab checks at least as much as it has steps";
}

TEST_P(ShippedLab, EveryTextIsInBothLanguagesAndEveryStepTeaches) {
  auto loaded = load_lab(GetParam());
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  const Lab& lab = loaded.value();
  EXPECT_FALSE(lab.title.en.empty());
  EXPECT_FALSE(lab.title.zh.empty());
  EXPECT_NE(lab.title.en, lab.title.zh);
  for (std::size_t k = 0; k < lab.steps.size(); ++k) {
    const Step& s = lab.steps[k];
    // The loader refuses a text in one language only; a shipped step also always says something.
    EXPECT_FALSE(s.narration.en.empty()) << lab.id << " step " << k + 1 << " has no narration";
    EXPECT_FALSE(s.narration.zh.empty()) << lab.id << " step " << k + 1 << " has no Chinese narration";
  }
}

TEST_P(ShippedLab, BackReturnsExactlyToThePreviousPause) {
  auto loaded = load_lab(GetParam());
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  const Lab& lab = loaded.value();
  LabRun run(lab);
  std::vector<std::uint64_t> events;
  std::vector<std::string> states;
  auto state = [&] {
    std::string s;
    for (const PeerSnapshot& p : run.run().sim().snapshot())
      s += std::to_string(p.sid) + std::string(to_string(p.status)) + std::to_string(p.leader) + hex(p.last_processed_zxid) + ";";
    return s;
  };
  for (std::size_t k = 1; k <= lab.steps.size(); ++k) {
    run.next();
    events.push_back(run.run().events_processed());
    states.push_back(state());
  }
  for (std::size_t k = lab.steps.size(); k >= 2; --k) {
    run.back();
    ASSERT_EQ(run.position(), k - 1);
    EXPECT_EQ(run.run().events_processed(), events[k - 2]) << lab.id << ": back from step " << k;
    EXPECT_EQ(state(), states[k - 2]) << lab.id << ": back from step " << k;
  }
  run.go_to(lab.steps.size());
  EXPECT_EQ(run.run().events_processed(), events.back());
  EXPECT_EQ(state(), states.back());
  for (std::size_t k = 1; k <= lab.steps.size(); ++k) EXPECT_TRUE(run.outcome(k)->ok()) << lab.id << " step " << k;
}

INSTANTIATE_TEST_SUITE_P(Labs, ShippedLab, ::testing::ValuesIn(shipped_labs()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           std::string name = std::filesystem::path(param.param).stem().string();
                           std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return name;
                         });

TEST(ShippedLabs, TheTwelveLessonsOfTheCourseShipWithUniqueIds) {
  std::set<std::string> ids;
  for (const std::string& f : shipped_labs()) {
    auto lab = load_lab(f);
    ASSERT_TRUE(lab.ok()) << lab.error().to_string();
    EXPECT_TRUE(ids.insert(lab.value().id).second) << "id " << lab.value().id << " is used twice";
  }
  EXPECT_GE(ids.size(), 12u);
}

}  // namespace
}  // namespace zs::lab
