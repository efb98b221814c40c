// Compiled by the CTest "tutorial spellings warn" (tests/deprecated/check.sh),
// which expects one deprecation warning per old name, naming the new one.
#include "threadlab/threading/event.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/threading/thread.hpp"

int use_every_old_spelling(threadlab::Thread& t) {
  t.setName("worker");
  t.setDaemon(true);
  const bool alive = t.isAlive();
  const bool daemonic = t.isDaemon();
  const auto name = t.getName();
  const auto count = threadlab::activeCount();
  const auto current = threadlab::currentThread();
  const threadlab::Event event;
  const bool set = event.isSet();
  return static_cast<int>(alive) + static_cast<int>(daemonic) + static_cast<int>(name.size() + count) +
         static_cast<int>(current.name.size()) + static_cast<int>(set);
}
