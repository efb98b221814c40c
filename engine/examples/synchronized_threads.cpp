// The tutorial's third listing: two threads that take one Lock around their
// printing, so that one thread's three lines are never split by the other's.
//
//   class myThread (threading.Thread):
//      def run(self):
//         print "Starting " + self.name
//         # Get lock to synchronize threads
//         threadLock.acquire()
//         print_time(self.name, self.counter, 3)
//         # Free lock to release next thread
//         threadLock.release()
//   threadLock = threading.Lock()
//   threads = []
//   thread1 = myThread(1, "Thread-1", 1)
//   thread2 = myThread(2, "Thread-2", 2)
//   thread1.start()
//   thread2.start()
//   threads.append(thread1)
//   threads.append(thread2)
//   for t in threads:
//       t.join()
//   print "Exiting Main Thread"
//
// The Lock is the engine's instrumented one: after the run, its statistics
// say how long the second thread waited for the first.

#include <cstdio>
#include <string>
#include <vector>

#include "threadlab/threading.hpp"
#include "tutorial_clock.hpp"

namespace {

// print_time(threadName, delay, counter)
void print_time(const std::string& thread_name, double delay, int counter, double scale) {
  for (; counter > 0; --counter) {
    tutorial::sleep(delay, scale);
    tutorial::print_line(thread_name + ": " + tutorial::ctime_now());
  }
}

class MyThread : public threadlab::Thread {
 public:
  MyThread(int thread_id, std::string name, double counter, threadlab::Lock& lock, double scale)
      : Thread(std::move(name)), thread_id_(thread_id), counter_(counter), lock_(lock), scale_(scale) {}
  ~MyThread() override { stop_and_join(); }

  int thread_id() const { return thread_id_; }

 protected:
  void run() override {
    tutorial::print_line("Starting " + name());
    // Get lock to synchronize threads; the Guard frees it at the block's end.
    threadlab::Lock::Guard with(lock_);
    print_time(name(), counter_, 3, scale_);
  }

 private:
  const int thread_id_;
  const double counter_;
  threadlab::Lock& lock_;
  const double scale_;
};

}  // namespace

int main(int argc, char** argv) {
  const double scale = tutorial::delay_scale(argc, argv);
  threadlab::Lock thread_lock{"threadLock"};

  MyThread thread1(1, "Thread-1", 1.0, thread_lock, scale);
  MyThread thread2(2, "Thread-2", 2.0, thread_lock, scale);
  thread1.start();
  thread2.start();

  std::vector<MyThread*> threads{&thread1, &thread2};
  for (MyThread* t : threads) t->join();
  tutorial::print_line("Exiting Main Thread");

  const threadlab::LockStats stats = thread_lock.stats();
  std::printf("threadLock: %llu acquisitions, %llu had to wait, longest wait %.3f s\n",
              static_cast<unsigned long long>(stats.acquisitions),
              static_cast<unsigned long long>(stats.contended_acquisitions),
              std::chrono::duration<double>(stats.max_wait).count());
  return 0;
}
