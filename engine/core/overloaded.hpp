// One visitor from several lambdas, for std::visit over the engine's variants (actions,
// conditions, trace bodies): std::visit(Overloaded{[](const A&) {...}, [](const B&) {...}}, v).
#pragma once

namespace zs {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;  // clang 14 does not deduce aggregates by itself

}  // namespace zs
