#pragma once
// ThreadLab's threading library: Python's `threading` names in C++.
//
//   class Worker : public threadlab::Thread {
//     void run() override { ... }
//   };
//   Worker w; w.start(); w.join();
//   threadlab::Lock lock{"counter"};
//   { threadlab::Lock::Guard with(lock); ++counter; }   // Python's `with lock:`
//   threadlab::enumerate(); threadlab::active_count(); threadlab::current_thread().name;

#include "threadlab/threading/event.hpp"
#include "threadlab/threading/lock.hpp"
#include "threadlab/threading/registry.hpp"
#include "threadlab/threading/thread.hpp"
#include "threadlab/threading/thread_stopped.hpp"
#include "threadlab/threading/timeout.hpp"
