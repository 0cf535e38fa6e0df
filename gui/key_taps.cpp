// KeyTaps (key_taps.hpp).
#include "key_taps.hpp"

#include <algorithm>
#include <utility>

#include <GLFW/glfw3.h>

namespace zs::gui {
namespace {

KeyTaps* g_taps = nullptr;  // GLFW's callbacks carry no context; one window per process

void on_key(GLFWwindow*, int key, int, int action, int) {
  if (g_taps == nullptr) return;
  if (action == GLFW_PRESS) g_taps->pressed(key);
  if (action == GLFW_RELEASE) g_taps->released(key);
}

bool contains(const std::vector<int>& v, int k) { return std::find(v.begin(), v.end(), k) != v.end(); }

}  // namespace

void KeyTaps::pressed(int key) {
  if (!contains(pressed_, key)) pressed_.push_back(key);
  if (!contains(down_, key)) down_.push_back(key);
}

void KeyTaps::released(int key) { std::erase(down_, key); }

void KeyTaps::apply(bool* keys_down, int count) {
  auto valid = [count](int k) { return k >= 0 && k < count; };
  std::vector<int> press = std::exchange(deferred_, {});
  for (int k : held_) {
    if (!valid(k) || contains(down_, k)) continue;  // really held now: ImGui's own state says down
    keys_down[k] = false;
    if (contains(pressed_, k)) deferred_.push_back(k);
  }
  for (int k : pressed_) {
    if (!contains(deferred_, k) && !contains(press, k)) press.push_back(k);
  }
  held_.clear();
  for (int k : press) {
    if (!valid(k) || keys_down[k]) continue;
    keys_down[k] = true;
    held_.push_back(k);
  }
  pressed_.clear();
}

void install_key_taps(GLFWwindow* window, KeyTaps* taps) {
  g_taps = taps;
  glfwSetKeyCallback(window, on_key);
}

}  // namespace zs::gui
