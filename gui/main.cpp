// zooscope: the headless subcommands (zooscope sim, zooscope bench ...) or, without one, the
// window that draws a simulated ensemble. The window is a driver: it advances the simulator's
// virtual time each frame, builds a ClusterView, lets the views draw it and applies what the
// user asked for after the frame.
#include <glad/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli.hpp"
#include "cluster_view.hpp"
#include "model.hpp"
#include "config/config.hpp"
#include "fonts.hpp"
#include "i18n.hpp"
#include "sim/simulator.hpp"
#include "views/view.hpp"

namespace {

constexpr const char* kHeadlessHint =
    "Run the window under a desktop or xvfb-run, or use the headless commands: "
    "zooscope sim --help, zooscope bench sim";
constexpr int kWindowWidth = 1280;
constexpr int kWindowHeight = 800;
constexpr float kFontSizePx = 18.0f;

constexpr zs::Ms kScreenshotStartMs = 3000;  // a screenshot shows an elected leader
constexpr zs::Ms kScreenshotFrameMs = 50;    // fixed virtual time per frame: reproducible shots
constexpr double kMaxFrameGapMs = 250;       // a stalled frame does not jump virtual time

struct Options {
  std::string screenshot;  // empty = interactive
  int frames = 0;          // 0 = until the window closes
  int servers = 3;
  std::string lang{zs::gui::kDefaultLanguage};
  std::uint64_t seed = 1;
  float speed = 1.0f;
};

std::string glfw_error;  // the last GLFW error, for the message when a window cannot open

void on_glfw_error(int code, const char* description) {
  glfw_error = "GLFW error " + std::to_string(code) + ": " + description;
}

std::filesystem::path executable_dir(const char* argv0) {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) exe = std::filesystem::absolute(argv0, ec);
  return exe.parent_path();
}

// Loads every language (their text decides which CJK glyphs the font atlas holds) and makes
// `lang` the one tr() reads. Returns all UI strings.
std::vector<std::string> load_languages(const std::string& lang,
                                        const std::filesystem::path& exe_dir) {
  const std::vector<std::filesystem::path> dirs{exe_dir / "assets" / "lang",
                                                std::filesystem::path(ZS_SOURCE_DIR) / "assets" / "lang"};
  std::vector<std::string> texts;
  for (const std::string& l : zs::gui::supported_languages()) {
    const auto file = zs::gui::find_language_file(dirs, l);
    if (file.empty()) {
      if (l == lang) {
        std::cerr << "zooscope: note: " << l << ".json not found in " << dirs[0].string()
                  << " or " << dirs[1].string() << "; labels show their keys\n";
      }
      continue;
    }
    auto catalog = zs::gui::load_catalog(file);
    if (!catalog) {
      std::cerr << "zooscope: note: " << catalog.error().to_string() << "; labels show their keys\n";
      continue;
    }
    for (const auto& [key, text] : catalog.value()) texts.push_back(text);
    if (l == lang) zs::gui::set_catalog(std::move(catalog).value());
  }
  return texts;
}


template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};

// Writes the back buffer as a PNG (call after rendering, before swapping).
bool write_screenshot(GLFWwindow* window, const std::string& path) {
  int w = 0;
  int h = 0;
  glfwGetFramebufferSize(window, &w, &h);
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, pixels.data());
  stbi_flip_vertically_on_write(1);  // GL rows go bottom-up
  return stbi_write_png(path.c_str(), w, h, 3, pixels.data(), w * 3) != 0;
}

int run_window(const Options& opt, const char* argv0) {
  const char* display = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  if ((display == nullptr || *display == '\0') && (wayland == nullptr || *wayland == '\0')) {
    std::cerr << "zooscope: no display found (DISPLAY is not set). " << kHeadlessHint << "\n";
    return 1;
  }
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    std::cerr << "zooscope: cannot open a window (" << glfw_error << "). " << kHeadlessHint << "\n";
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window =
      glfwCreateWindow(kWindowWidth, kWindowHeight, "zooscope", nullptr, nullptr);
  if (window == nullptr) {
    std::cerr << "zooscope: cannot create an OpenGL 3.3 window (" << glfw_error << "). "
              << kHeadlessHint << "\n";
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  if (gladLoadGL(glfwGetProcAddress) == 0) {
    std::cerr << "zooscope: cannot load OpenGL functions. " << kHeadlessHint << "\n";
    glfwDestroyWindow(window);
    glfwTerminate();
    return 1;
  }
  const bool screenshot = !opt.screenshot.empty();
  glfwSwapInterval(screenshot ? 0 : 1);

  const std::vector<std::string> texts = load_languages(opt.lang, executable_dir(argv0));
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; nothing to remember
  ImGui::StyleColorsDark();
  ImGui::GetStyle().WindowRounding = 0.0f;
  zs::gui::load_fonts(texts, kFontSizePx, std::cerr);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");

  zs::SimOptions sim_options;
  sim_options.seed = opt.seed;
  zs::Simulator sim(zs::config::default_ensemble(opt.servers), sim_options);
  for (const zs::config::ServerSpec& s : sim.config().servers) {
    zs::ScheduledAction start;
    start.kind = zs::ScheduledAction::Kind::Start;
    start.sid = s.sid;
    sim.schedule(start);  // every server boots at virtual time 0
  }
  if (screenshot) sim.run_until(kScreenshotStartMs);

  zs::gui::Views views;
  zs::gui::RecentTrace recent_trace;  // this frame's newest events
  bool hide_pings = true;
  zs::gui::UiBus bus;
  bool paused = false;
  float speed = opt.speed;
  double pending_ms = 0;  // virtual time owed but smaller than 1 ms
  double last_s = glfwGetTime();
  int rc = 0;
  for (int frame = 1; !glfwWindowShouldClose(window); ++frame) {
    glfwPollEvents();
    const double now_s = glfwGetTime();
    const double real_ms = std::clamp((now_s - last_s) * 1000.0, 0.0, kMaxFrameGapMs);
    last_s = now_s;
    if (!paused) {
      pending_ms += screenshot ? static_cast<double>(kScreenshotFrameMs) : real_ms * speed;
      const auto dt_ms = static_cast<zs::Ms>(pending_ms);
      pending_ms -= static_cast<double>(dt_ms);
      if (dt_ms > 0) sim.run_until(sim.now() + dt_ms);
    }

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    views.draw(zs::gui::build_model(sim, paused, speed, hide_pings, recent_trace), bus);
    ImGui::Render();
    int fb_w = 0;
    int fb_h = 0;
    glfwGetFramebufferSize(window, &fb_w, &fb_h);
    glViewport(0, 0, fb_w, fb_h);
    glClearColor(0.08f, 0.08f, 0.10f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());

    const bool last_frame = opt.frames > 0 && frame >= opt.frames;
    if (last_frame && screenshot) {
      if (write_screenshot(window, opt.screenshot)) {
        std::cerr << "zooscope: wrote " << opt.screenshot << " (" << fb_w << "x" << fb_h
                  << ", virtual time " << sim.now() << " ms)\n";
      } else {
        std::cerr << "zooscope: cannot write " << opt.screenshot << "\n";
        rc = 1;
      }
    }
    glfwSwapBuffers(window);
    if (last_frame) break;

    for (const zs::gui::UiEvent& e : bus.take()) {
      std::visit(Overloaded{
                     [&](const zs::gui::CrashServer& c) {
                       zs::ScheduledAction a;
                       a.kind = zs::ScheduledAction::Kind::Crash;
                       a.at = sim.now();
                       a.sid = c.sid;
                       sim.schedule(a);
                     },
                     [&](const zs::gui::RestartServer& r) {
                       zs::ScheduledAction a;
                       a.kind = zs::ScheduledAction::Kind::Restart;
                       a.at = sim.now();
                       a.sid = r.sid;
                       sim.schedule(a);
                     },
                     [&](const zs::gui::SetPaused& p) { paused = p.paused; },
                     [&](const zs::gui::SetHidePings& h) { hide_pings = h.hide; },
                     [&](const zs::gui::SetSpeed& s) { speed = std::clamp(s.speed, 0.1f, 100.0f); },
                 },
                 e);
    }
    // A crash or restart shows at once, even while paused.
    sim.run_until(sim.now());
  }

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  if (auto rc = zs::cli::run_subcommand(argc, argv, std::cout, std::cerr)) return *rc;

  Options opt;
  CLI::App app{"zooscope: a simulated Apache ZooKeeper ensemble, drawn as it elects a leader.",
               "zooscope"};
  app.footer("Headless commands: zooscope sim --help, zooscope bench sim");
  app.add_option("--screenshot", opt.screenshot,
                 "Render, write the window as a PNG to FILE and exit")
      ->type_name("FILE");
  app.add_option("--frames", opt.frames,
                 "Frames to render before exiting (default with --screenshot: 5)")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--servers", opt.servers, "Voting servers in the simulated ensemble")
      ->check(CLI::Range(1, 15))
      ->capture_default_str();
  app.add_option("--lang", opt.lang, "Language of the labels")
      ->check(CLI::IsMember(zs::gui::supported_languages()))
      ->capture_default_str();
  app.add_option("--seed", opt.seed, "Seed of the simulation (same seed, same run)")
      ->capture_default_str();
  app.add_option("--speed", opt.speed, "Virtual milliseconds per real millisecond (0.1-100)")
      ->check(CLI::Range(0.1f, 100.0f))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;  // 2 = bad flag, like the subcommands
  }
  if (!opt.screenshot.empty() && opt.frames == 0) opt.frames = 5;
  return run_window(opt, argv[0]);
}
