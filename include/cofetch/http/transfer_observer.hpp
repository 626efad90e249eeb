#pragma once
// TransferObserver: told how far one transfer got, as it gets there. A scheduler
// learns from it that a host exists (its name resolved) and is up (a connection
// stands) long before a slow response, and how many of a host's transfers are
// really in flight (one that ended is counted out before any coroutine of the same
// batch resumes). Called from inside libcurl's callbacks or the multi driver's
// drain, on the loop thread: it may change state and post coroutines to the loop,
// never resume one itself.

namespace cofetch::http {

class TransferObserver {
 public:
  // A socket is being opened for a new connection: the host name resolved (or
  // needed no resolving).
  virtual void resolved() noexcept = 0;
  // A connection is up (new or reused, TLS done) and the request goes out next.
  virtual void connected() noexcept = 0;
  // libcurl reported the transfer done (or it never started).
  virtual void ended() noexcept = 0;

 protected:
  ~TransferObserver() = default;
};

}  // namespace cofetch::http
